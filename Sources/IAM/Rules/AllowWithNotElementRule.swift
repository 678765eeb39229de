/// `Allow` with `NotAction` or `NotResource`: it grants everything except a list, so every
/// new action or resource is granted too.
public struct AllowWithNotElementRule: ReviewRule {
  /// The rule's id, used by acknowledgements.
  public let id = "allow-with-not"
  /// The severity of the rule's findings.
  public let severity = FindingSeverity.warning
  /// What the rule looks for.
  public let summary = "Allow statements with NotAction or NotResource"

  /// The typed message.
  public enum Message: CustomStringConvertible {
    case notAction
    case notResource
    /// The text of the message.
    public var description: String {
      switch self {
      case .notAction:
        return "allow with NotAction grants every action except those listed, new ones included"
      case .notResource:
        return "allow with NotResource grants every resource except those listed, new ones included"
      }
    }
  }

  /// The rule.
  public init() {}

  /// The rule's findings for one role.
  public func findings(in role: RoleContext) -> [Finding] {
    role.role.statements.filter { $0.statement.effect == .allow }.flatMap { located -> [Finding] in
      var findings: [Finding] = []
      if located.statement.actions.isNegated {
        findings.append(
          finding(
            role, located.location, Message.notAction, fix: "list the allowed actions with Action"))
      }
      if located.statement.resources?.isNegated == true {
        findings.append(
          finding(
            role, located.location, Message.notResource,
            fix: "list the allowed resources with Resource"))
      }
      return findings
    }
  }
}
