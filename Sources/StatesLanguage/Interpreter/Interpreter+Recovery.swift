import CloudFormation
import Foundation
import JSONPaths

extension Interpreter {
  /// What to do with a state's error.
  enum Recovery: Sendable {
    /// Run the state's work again (after the retrier's delay, already waited).
    case retry
    /// Go to the catcher's `Next` with this output.
    case caught(output: JSONDocument, next: String)
  }

  /// Applies `Retry`, then `Catch` (developer guide, "Error handling in Step Functions"): the
  /// first retrier naming the error retries while its own attempts last (counted per retrier
  /// across the state's run), waiting `IntervalSeconds × BackoffRate^(n−1)`, capped by
  /// `MaxDelaySeconds`, randomized by `JitterStrategy`; once it is spent, or when none names
  /// the error, the first catcher naming it applies its `ResultPath` to the state's input.
  /// Terminal errors are neither retried nor caught; `nil` means the error stands.
  func recover(
    from error: StateError, retriers: [Retrier], catchers: [Catcher], attempts: inout [Int],
    scope: inout StateScope, input: JSONDocument
  ) async throws -> Recovery? {
    guard !error.isTerminal else { return nil }
    let error = error.prefixed(state: scope.name, enteredEventId: scope.enteredEventId)
    let name = error.name ?? ""
    if let index = retriers.firstIndex(where: { ErrorMatching.matches($0.errorEquals, error: name) }
    ) {
      let retrier = retriers[index]
      if attempts[index] < retrier.maxAttempts {
        attempts[index] += 1
        var delay = retrier.baseDelay(attempt: attempts[index])
        if retrier.jitter == .full { delay *= await random.unit() }
        try await sleep(until: await clock.now().addingTimeInterval(delay))
        scope.retryCount += 1
        return .retry
      }
    }
    guard
      let catcher = catchers.first(where: { ErrorMatching.matches($0.errorEquals, error: name) })
    else { return nil }
    var errorOutput: [(String, JSONDocument)] = [("Error", .string(name))]
    if let cause = error.cause { errorOutput.append(("Cause", .string(cause))) }
    let output = try ResultPathWriter.apply(
      catcher.resultPath, input: input, result: .object(errorOutput))
    return .caught(output: output, next: catcher.next)
  }
}
