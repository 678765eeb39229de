/// The error names Amazon States Language defines (developer guide, "Error handling in Step
/// Functions", "Error names").
public enum StatesErrorName {
  /// Matches every error in `ErrorEquals`, except the terminal ones.
  public static let all = "States.ALL"
  /// A branch of a Parallel state failed.
  public static let branchFailed = "States.BranchFailed"
  /// A payload over the 256 KiB quota.
  public static let dataLimitExceeded = "States.DataLimitExceeded"
  /// A task sent no heartbeat within `HeartbeatSeconds`.
  public static let heartbeatTimeout = "States.HeartbeatTimeout"
  /// An intrinsic function failed.
  public static let intrinsicFailure = "States.IntrinsicFailure"
  /// No Choice Rule matched and there is no `Default`.
  public static let noChoiceMatched = "States.NoChoiceMatched"
  /// A `.$` path of a payload template selected nothing.
  public static let parameterPathFailure = "States.ParameterPathFailure"
  /// The state machine's role may not do what the task asked.
  public static let permissions = "States.Permissions"
  /// `ResultPath` cannot be applied to the input.
  public static let resultPathMatchFailure = "States.ResultPathMatchFailure"
  /// An error that cannot be processed (path errors, unsupported features); never retried or
  /// caught.
  public static let runtime = "States.Runtime"
  /// Matches every error but the timeouts in `ErrorEquals`.
  public static let taskFailed = "States.TaskFailed"
  /// A task ran longer than `TimeoutSeconds` (or the execution than its `TimeoutSeconds`).
  public static let timeout = "States.Timeout"
}
