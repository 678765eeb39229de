/// A risk rule: one type per rule, one file per rule, under `Rules/`.
///
/// ```swift
/// struct ServiceWildcardRule: ReviewRule {
///   let id = "service-wildcard"
///   let severity = FindingSeverity.error
///   func findings(in role: RoleContext) -> [Finding] { ... }
/// }
/// ```
public protocol ReviewRule: Sendable {
  /// A stable, kebab-case id, used by acknowledgements and in reports.
  var id: String { get }
  /// The severity of its findings.
  var severity: FindingSeverity { get }
  /// One line saying what the rule looks for.
  var summary: String { get }
  /// The rule's findings for one role.
  func findings(in role: RoleContext) -> [Finding]
}

extension ReviewRule {
  /// A finding of this rule.
  func finding(
    _ role: RoleContext, _ location: StatementLocation?, _ message: some CustomStringConvertible,
    fix: String
  ) -> Finding {
    Finding(
      ruleID: id, severity: severity, role: role.role.name, location: location,
      message: message.description, fix: fix)
  }
}

/// Every rule facestack runs, in report order.
public enum ReviewRules {
  /// The rules.
  public static let all: [any ReviewRule] = [
    PrivilegeEscalationRule(),
    PassRoleUnscopedRule(),
    CredentialsExposureRule(),
    DataExfiltrationRule(),
    ResourceExposureRule(),
    InfrastructureModificationRule(),
    ServiceWildcardRule(),
    AllowWithNotElementRule(),
    TrustExternalPrincipalRule(),
    TrustConfusedDeputyRule(),
  ]
}
