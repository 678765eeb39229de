import CloudFormation
import Foundation
import JSONPaths

/// Runs executions of a state machine, with the task work, time and randomness injected.
///
/// ```swift
/// let machine = try StateMachine.parse(definition)
/// let runner = ExecutionRunner(
///   stateMachine: machine, invoker: LambdaTaskInvoker(lambda: myLambdaRunner),
///   clock: SystemClock(), random: SystemRandomSource())
/// let execution = try await runner.start(
///   ExecutionRequest(stateMachineArn: arn, name: "0f8e", input: #"{"bucket": "b", "key": "k"}"#,
///                    roleArn: role))
/// for await event in await execution.events() { show(event) }   // live, ends with the execution
/// let result = await execution.result()                         // .succeeded, output, history
/// ```
public struct ExecutionRunner: Sendable {
  /// The definition being run.
  public let stateMachine: StateMachine
  let invoker: any TaskInvoker
  let clock: any ExecutionClock
  let random: any RandomSource
  let options: ExecutionOptions

  /// A runner; tests pass a ``VirtualClock`` and a ``SeededRandomSource``.
  public init(
    stateMachine: StateMachine, invoker: any TaskInvoker,
    clock: any ExecutionClock = SystemClock(), random: any RandomSource = SystemRandomSource(),
    options: ExecutionOptions = ExecutionOptions()
  ) {
    self.stateMachine = stateMachine
    self.invoker = invoker
    self.clock = clock
    self.random = random
    self.options = options
  }

  /// Starts an execution, as `StartExecution`: the input is checked first; the execution then
  /// runs in its own task. `observer` sees each event as it is recorded.
  public func start(
    _ request: ExecutionRequest, observer: (@Sendable (HistoryEvent) -> Void)? = nil
  ) async throws(ExecutionStartError) -> Execution {
    let input: JSONDocument
    do {
      input = try JSONDocument.parse(request.input, file: "<input>")
    } catch {
      throw .invalidInput("\(error)")
    }
    let size = request.input.utf8.count
    guard size <= options.payloadLimitBytes else {
      throw .inputTooLarge(bytes: size, limit: options.payloadLimitBytes)
    }
    let recorder = HistoryRecorder(clock: clock, observer: observer)
    let startDate = await clock.now()
    let interpreter = Interpreter(
      invoker: invoker, clock: clock, random: random, options: options, recorder: recorder,
      request: request, input: input, startDate: startDate,
      deadline: stateMachine.timeoutSeconds.map { startDate.addingTimeInterval(Double($0)) })
    let graph = stateMachine.graph
    let task = Task { await interpreter.runExecution(graph) }
    return Execution(request: request, startDate: startDate, recorder: recorder, task: task)
  }

  /// Starts an execution and waits for its end.
  public func run(
    _ request: ExecutionRequest, observer: (@Sendable (HistoryEvent) -> Void)? = nil
  ) async throws(ExecutionStartError) -> ExecutionResult {
    try await start(request, observer: observer).result()
  }
}
