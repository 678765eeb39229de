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
