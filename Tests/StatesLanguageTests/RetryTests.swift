import CloudFormation
import Foundation
import JSONPaths
import StatesLanguage
import Testing

/// Step Functions developer guide, "Error handling in Step Functions": "Retrying after an
/// error" (with `MaxDelaySeconds` and `JitterStrategy`), "Complex retry scenarios" and
/// "Fallback states", on the virtual clock.
@Suite struct RetryTests {
  /// An invoker failing with `errors`, in order, then succeeding.
  static func failing(_ errors: [String]) -> StubInvoker {
    StubInvoker { _, _, context, call in
      guard call < errors.count else { return .object([("attempts", .integer(call + 1))]) }
      #expect(context.retryCount == call)
      throw TaskFailure(error: errors[call], cause: "attempt \(call + 1)")
    }
  }

  static func task(retry: String, catchers: String = "[]") -> String {
    machine(
      #"""
      {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
       "Retry": \#(retry), "Catch": \#(catchers), "End": true}
      """#, extraStates: #""Z": {"Type": "Pass", "End": true}"#)
  }

  /// "Retrying after an error": 2 retries after 3 and 4.5 seconds.
  @Test func documentExample() async throws {
    let clock = VirtualClock(start: startTime)
    let retry =
      #"[{"ErrorEquals": ["States.Timeout"], "IntervalSeconds": 3, "MaxAttempts": 2, "BackoffRate": 1.5}]"#
    let invoker = Self.failing(["States.Timeout", "States.Timeout", "States.Timeout"])
    let result = try await execute(Self.task(retry: retry), invoker: invoker, clock: clock)
    #expect(result.status == .failed)
    #expect(result.error == "States.Timeout")
    #expect(await clock.sleeps == [3, 4.5])
    #expect(invoker.calls.count == 3)
    #expect(
      result.eventTypes.filter { $0.hasPrefix("Task") } == [
        "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed", "TaskScheduled",
        "TaskStarted", "TaskFailed", "TaskScheduled", "TaskStarted", "TaskFailed",
      ])
    #expect(result.stopDate == startTime.addingTimeInterval(7.5))
  }

  /// "Complex retry scenarios": ErrorA, ErrorB, ErrorC, ErrorB wait 1, 2 and 5 seconds; the
  /// fourth error finds its retrier spent (attempts count per retrier across the state's run)
  /// and goes to `Z` through the catcher.
  @Test func complexRetryScenario() async throws {
    let clock = VirtualClock(start: startTime)
    let retry = #"""
      [{"ErrorEquals": ["ErrorA", "ErrorB"], "IntervalSeconds": 1, "BackoffRate": 2.0, "MaxAttempts": 2},
       {"ErrorEquals": ["ErrorC"], "IntervalSeconds": 5}]
      """#
    let catchers = #"[{"ErrorEquals": ["States.ALL"], "Next": "Z"}]"#
    let invoker = Self.failing(["ErrorA", "ErrorB", "ErrorC", "ErrorB", "ErrorB"])
    let result = try await execute(
      Self.task(retry: retry, catchers: catchers), invoker: invoker, clock: clock)
    #expect(await clock.sleeps == [1, 2, 5])
    #expect(invoker.calls.count == 4)
    #expect(result.output == (try json(#"{"Error": "ErrorB", "Cause": "attempt 4"}"#)))
    #expect(
      result.eventTypes.suffix(4) == [
        "TaskStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded",
      ])
  }

  /// `MaxDelaySeconds` caps the exponential wait (the dev workflow's detect retrier: 2 s
  /// doubling, at most 60 s).
  @Test func maxDelaySeconds() async throws {
    let clock = VirtualClock(start: startTime)
    let retry = #"""
      [{"ErrorEquals": ["RekognitionThrottled"], "IntervalSeconds": 2, "MaxAttempts": 6,
        "BackoffRate": 2.0, "MaxDelaySeconds": 60}]
      """#
    let invoker = Self.failing(Array(repeating: "RekognitionThrottled", count: 6))
    let result = try await execute(Self.task(retry: retry), invoker: invoker, clock: clock)
    #expect(result.status == .succeeded)
    #expect(result.output?["attempts"] == .integer(7))
    #expect(await clock.sleeps == [2, 4, 8, 16, 32, 60])
  }

  /// `JitterStrategy: FULL`: each wait is random between 0 and the computed (capped) wait;
  /// the same seed gives the same schedule.
  @Test func fullJitter() async throws {
    let retry = #"""
      [{"ErrorEquals": ["S3Unavailable"], "IntervalSeconds": 1, "MaxAttempts": 6, "BackoffRate": 2.0,
        "MaxDelaySeconds": 30, "JitterStrategy": "FULL"}]
      """#
    let bounds: [Double] = [1, 2, 4, 8, 16, 30]
    var schedules: [[Double]] = []
    for seed in [1, 2, 1] as [UInt64] {
      let clock = VirtualClock(start: startTime)
      let invoker = Self.failing(Array(repeating: "S3Unavailable", count: 6))
      let result = try await execute(
        Self.task(retry: retry), invoker: invoker, clock: clock, seed: seed)
      #expect(result.status == .succeeded)
      let sleeps = await clock.sleeps
      #expect(sleeps.count == 6)
      for (delay, bound) in zip(sleeps, bounds) {
        #expect(delay >= 0 && delay <= bound)
      }
      #expect(sleeps != bounds)
      schedules.append(sleeps)
    }
    #expect(schedules[0] == schedules[2])
    #expect(schedules[0] != schedules[1])
  }

  /// "Retrying after an error": `MaxAttempts: 0` never retries; `States.ALL` retries the rest
  /// with the defaults (1 s, doubling, 3 attempts).
  @Test func maxAttemptsZeroAndDefaults() async throws {
    let retry =
      #"[{"ErrorEquals": ["States.Timeout"], "MaxAttempts": 0}, {"ErrorEquals": ["States.ALL"]}]"#
    let timeoutClock = VirtualClock(start: startTime)
    let timeouts = Self.failing(["States.Timeout"])
    let timedOut = try await execute(
      Self.task(retry: retry), invoker: timeouts, clock: timeoutClock)
    #expect(timedOut.error == "States.Timeout")
    #expect(timeouts.calls.count == 1)
    #expect(await timeoutClock.sleeps.isEmpty)
    let otherClock = VirtualClock(start: startTime)
    let others = Self.failing(["Boom", "Boom", "Boom", "Boom"])
    let failed = try await execute(Self.task(retry: retry), invoker: others, clock: otherClock)
    #expect(failed.error == "Boom")
    #expect(others.calls.count == 4)
    #expect(await otherClock.sleeps == [1, 2, 4])
  }

  /// `States.TaskFailed` matches any error but `States.Timeout`.
  @Test func taskFailedWildcard() async throws {
    let retry = #"[{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 1}]"#
    let custom = Self.failing(["Lambda.ServiceException"])
    #expect(try await execute(Self.task(retry: retry), invoker: custom).status == .succeeded)
    let timeout = Self.failing(["States.Timeout"])
    #expect(try await execute(Self.task(retry: retry), invoker: timeout).status == .failed)
  }

  /// "Fallback states": a catcher with `ResultPath` adds the error output to the input; one
  /// without replaces the input with it.
  @Test func catchWithResultPath() async throws {
    let catchers = #"""
      [{"ErrorEquals": ["java.lang.Exception"], "ResultPath": "$.error-info", "Next": "Z"},
       {"ErrorEquals": ["States.ALL"], "Next": "Z"}]
      """#
    let java = Self.failing(["java.lang.Exception"])
    let kept = try await execute(
      Self.task(retry: "[]", catchers: catchers), input: #"{"foo": "bar"}"#, invoker: java)
    #expect(
      kept.output
        == (try json(
          #"{"foo": "bar", "error-info": {"Error": "java.lang.Exception", "Cause": "attempt 1"}}"#))
    )
    let other = Self.failing(["Other"])
    let replaced = try await execute(
      Self.task(retry: "[]", catchers: catchers), input: #"{"foo": "bar"}"#, invoker: other)
    #expect(replaced.output == (try json(#"{"Error": "Other", "Cause": "attempt 1"}"#)))
    // The exit of a caught state follows its failure.
    let failedId = try #require(replaced.history.first { $0.type == .taskFailed }?.id)
    let exited = try #require(replaced.history.first { $0.type == .taskStateExited })
    #expect(exited.previousEventId == failedId)
  }

  /// `$$.State.RetryCount` counts the retries in the parameters of each attempt.
  @Test func retryCountInContext() async throws {
    let invoker = Self.failing(["E", "E"])
    let definition = machine(
      #"""
      {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
       "Parameters": {"FunctionName": "f", "Payload": {"retry.$": "$$.State.RetryCount"}},
       "Retry": [{"ErrorEquals": ["E"]}], "End": true}
      """#)
    _ = try await execute(definition, invoker: invoker)
    #expect(
      invoker.calls.map { $0.parameters["Payload"]?["retry"] } == [
        .integer(0), .integer(1), .integer(2),
      ])
  }

  /// The delay computation on its own: `IntervalSeconds × BackoffRate^(n−1)`, capped.
  @Test func baseDelay() throws {
    let definition = Self.task(
      retry:
        #"[{"ErrorEquals": ["E"], "IntervalSeconds": 3, "BackoffRate": 1.5, "MaxDelaySeconds": 5}]"#
    )
    let machine = try StateMachine.parse(definition)
    guard case .task(let task)? = machine.states["S"]?.kind, let retrier = task.retriers.first
    else {
      Issue.record("no retrier")
      return
    }
    #expect(retrier.baseDelay(attempt: 1) == 3)
    #expect(retrier.baseDelay(attempt: 2) == 4.5)
    #expect(retrier.baseDelay(attempt: 3) == 5)
    #expect(retrier.maxAttempts == 3)
    #expect(retrier.jitter == .none)
  }
}
