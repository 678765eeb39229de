/// `Allow` with `NotAction` or `NotResource`: it grants everything except a list, so every
/// new action or resource is granted too.
public struct AllowWithNotElementRule: ReviewRule {
  public let id = "allow-with-not"
  public let severity = FindingSeverity.warning
  public let summary = "Allow statements with NotAction or NotResource"

  /// The typed message.
  public enum Message: CustomStringConvertible {
    case notAction
    case notResource
    public var description: String {
      switch self {
      case .notAction:
        return "allow with NotAction grants every action except those listed, new ones included"
      case .notResource:
        return "allow with NotResource grants every resource except those listed, new ones included"
      }
    }
  }

  public init() {}

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
