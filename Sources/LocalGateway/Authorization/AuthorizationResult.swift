/// What the gateway or the runtime learns from authorizing a request: allowed or not, every
/// decision (as logged), and the first denial with AWS's message.
public struct AuthorizationResult: Sendable {
  /// Whether every action on every resource is allowed.
  public var isAllowed: Bool
  /// One record per action and resource, as appended to the decision log.
  public var records: [DecisionRecord]

  /// The first denied decision.
  public var denial: DecisionRecord? { records.first { $0.isDenied } }

  /// AWS's `AccessDenied` message of the first denial (nil when allowed).
  public var message: String? { denial?.message }

  /// One line: the denial's message, or why it was allowed (the deciding statement).
  public var explanation: String {
    denial.map { $0.message ?? $0.reason } ?? records.map(\.reason).joined(separator: "; ")
  }
}
