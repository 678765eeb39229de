/// How executions run.
public struct ExecutionOptions: Sendable, Equatable {
  /// The Region reported in `TaskScheduled` events when the state machine's ARN has none.
  public var region: String = "us-east-1"
  /// The payload quota (256 KiB): larger inputs, outputs and task results fail with
  /// `States.DataLimitExceeded`.
  public var payloadLimitBytes: Int = 262_144
  /// Whether Parallel branches and Map iterations run at the same time, as in Step Functions;
  /// `false` runs them one after the other, in order, so a history is the same on every run.
  public var runsBranchesConcurrently: Bool = true
  /// The most Map iterations at once when `MaxConcurrency` is 0 (inline Map runs up to 40).
  public var inlineMapConcurrencyLimit: Int = 40

  /// The defaults.
  public init() {}
}
