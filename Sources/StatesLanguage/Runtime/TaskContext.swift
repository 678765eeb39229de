import CloudFormation
import Foundation

/// What a task knows about its run, so the local cloud can enforce the timeouts itself and
/// build the function's context.
public struct TaskContext: Sendable {
  /// The Task state's name.
  public let stateName: String
  /// The execution's ARN (`$$.Execution.Id`).
  public let executionArn: String
  /// The Region the integration is called in.
  public let region: String
  /// The effective `TimeoutSeconds`, when the state sets one (Step Functions' default is
  /// 99999999 seconds).
  public let timeoutSeconds: Int?
  /// The effective `HeartbeatSeconds`, when the state sets one.
  public let heartbeatSeconds: Int?
  /// When the task times out (`States.Timeout`), on the execution's clock.
  public let deadline: Date?
  /// 0 for the first attempt, then the number of retries so far (`$$.State.RetryCount`).
  public let retryCount: Int
  /// The context object (`$$`) as the task sees it.
  public let contextObject: JSONDocument
  /// The execution's clock.
  public let clock: any ExecutionClock
}
