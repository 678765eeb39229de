/// `iam:PassRole` on every role without an `iam:PassedToService` condition: whoever holds it
/// can hand any role, an administrator's included, to a service that runs their code.
public struct PassRoleUnscopedRule: ReviewRule {
  /// The rule's id, used by acknowledgements.
  public let id = "pass-role-unscoped"
  /// The severity of the rule's findings.
  public let severity = FindingSeverity.error
  /// What the rule looks for.
  public let summary = "iam:PassRole on every role without an iam:PassedToService condition"

  /// The typed message.
  public enum Message: CustomStringConvertible {
    case unscoped(resource: String)
    /// The text of the message.
    public var description: String {
      "iam:PassRole on '\(resource)' without an iam:PassedToService condition lets the role pass any role"
    }
    var resource: String {
      if case .unscoped(let resource) = self { return resource }
      return ""
    }
  }

  /// The rule.
  public init() {}

  /// The rule's findings for one role.
  public func findings(in role: RoleContext) -> [Finding] {
    role.grants(of: "iam:PassRole")
      .filter { $0.isUnscoped && !$0.statement.statement.hasCondition(key: "iam:PassedToService") }
      .map { grant in
        let resources = grant.statement.statement.resources?.values.map(ValueText.describe) ?? ["*"]
        return finding(
          role, grant.statement.location,
          Message.unscoped(resource: resources.joined(separator: ", ")),
          fix: "name the roles in Resource, or add a StringEquals iam:PassedToService condition")
      }
  }
}
