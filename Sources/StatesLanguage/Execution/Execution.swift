import Foundation

/// A running (or finished) execution.
public final class Execution: Sendable {
  /// `$$.Execution.Id`.
  public let executionArn: String
  /// `$$.Execution.Name`.
  public let name: String
  /// `$$.Execution.StartTime`.
  public let startDate: Date
  private let recorder: HistoryRecorder
  private let task: Task<ExecutionResult, Never>

  init(
    request: ExecutionRequest, startDate: Date, recorder: HistoryRecorder,
    task: Task<ExecutionResult, Never>
  ) {
    executionArn = request.executionArn
    name = request.name
    self.startDate = startDate
    self.recorder = recorder
    self.task = task
  }

  /// The events so far, then each new one as it happens; the stream ends with the execution.
  public func events() async -> AsyncStream<HistoryEvent> { await recorder.stream() }

  /// The events so far (`GetExecutionHistory`).
  public func history() async -> [HistoryEvent] { await recorder.events }

  /// Waits for the end.
  public func result() async -> ExecutionResult { await task.value }

  /// `StopExecution`: the execution ends `ABORTED` at its next step.
  public func stop() { task.cancel() }
}
