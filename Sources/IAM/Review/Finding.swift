/// How much a finding matters. Errors fail `iam review` by default; unacknowledged warnings
/// fail it with `--fail-on warning`.
public enum FindingSeverity: String, Hashable, Sendable, Codable, Comparable, CaseIterable {
  case warning
  case error

  /// Orders values for sorted, deterministic output.
  public static func < (lhs: FindingSeverity, rhs: FindingSeverity) -> Bool {
    lhs == .warning && rhs == .error
  }
}

/// One problem a rule found in a role.
public struct Finding: Hashable, Sendable, Codable, Comparable {
  /// The rule's id, e.g. `privilege-escalation`.
  public var ruleID: String
  /// How much it matters.
  public var severity: FindingSeverity
  /// The role.
  public var role: String
  /// The statement the finding is about, when there is one.
  public var location: StatementLocation?
  /// What is wrong: lowercase, one line, no final period.
  public var message: String
  /// How to fix it.
  public var fix: String

  /// A finding.
  public init(
    ruleID: String, severity: FindingSeverity, role: String, location: StatementLocation?,
    message: String, fix: String
  ) {
    self.ruleID = ruleID
    self.severity = severity
    self.role = role
    self.location = location
    self.message = message
    self.fix = fix
  }

  /// The identity used to compare findings across revisions (location indexes move).
  public var key: String { "\(role)|\(ruleID)|\(message)" }

  /// Orders values for sorted, deterministic output.
  public static func < (lhs: Finding, rhs: Finding) -> Bool {
    (lhs.role, lhs.location?.policy ?? "", lhs.location?.index ?? -1, lhs.ruleID, lhs.message)
      < (rhs.role, rhs.location?.policy ?? "", rhs.location?.index ?? -1, rhs.ruleID, rhs.message)
  }
}
