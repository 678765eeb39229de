import CloudFormation
import Foundation

/// Does a Task state's work. The interpreter makes no AWS call itself: the local cloud gives it
/// an invoker that runs the function, tests give it stubs.
///
/// ```swift
/// struct Stub: TaskInvoker {
///   func invoke(resource: TaskResource, parameters: JSONDocument, context: TaskContext)
///     async throws -> JSONDocument
///   {
///     throw TaskFailure(error: "Lambda.ServiceException", cause: "throttled")
///   }
/// }
/// ```
///
/// For Lambda, ``LambdaTaskInvoker`` turns a plain function runner (``LambdaInvoker``) into
/// an invoker with the result shapes and errors of Step Functions' Lambda integrations.
public protocol TaskInvoker: Sendable {
  /// Runs the task and returns its result, or throws ``TaskFailure`` with the error name and
  /// cause Step Functions would report. `parameters` is the state's effective input (after
  /// `InputPath` and `Parameters`).
  func invoke(resource: TaskResource, parameters: JSONDocument, context: TaskContext)
    async throws -> JSONDocument
}

/// A task's failure as Step Functions reports it: the error name retriers and catchers match
/// (`Lambda.ServiceException`, `Sandbox.Timedout`, a handler's `errorType`,
/// `States.HeartbeatTimeout`) and the cause.
public struct TaskFailure: Error, Sendable, Equatable {
  /// The error name.
  public let error: String
  /// The cause; for a Lambda function's error, Lambda's error document as JSON text.
  public let cause: String?

  /// A failure named `error`.
  public init(error: String, cause: String? = nil) {
    self.error = error
    self.cause = cause
  }

  /// No heartbeat arrived within `HeartbeatSeconds`.
  public static let heartbeatTimeout = TaskFailure(
    error: StatesErrorName.heartbeatTimeout, cause: nil)
}

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
