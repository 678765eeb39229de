/// `Action: "*"` or `service:*`: every action of a service, present and future.
public struct ServiceWildcardRule: ReviewRule {
  /// The rule's id, used by acknowledgements.
  public let id = "service-wildcard"
  /// The severity of the rule's findings.
  public let severity = FindingSeverity.error
  /// What the rule looks for.
  public let summary = "actions '*' or 'service:*' that grant a whole service"

  /// The typed message.
  public enum Message: CustomStringConvertible {
    case everything
    case service(String)
    /// The text of the message.
    public var description: String {
      switch self {
      case .everything: return "action '*' grants every action of every service"
      case .service(let pattern):
        return "action '\(pattern)' grants every action of the service, present and future"
      }
    }
  }

  /// The rule.
  public init() {}

  /// The rule's findings for one role.
  public func findings(in role: RoleContext) -> [Finding] {
    role.role.statements.filter { $0.statement.effect == .allow && !$0.statement.actions.isNegated }
      .flatMap { located in
        located.statement.actions.patterns.compactMap { pattern -> Finding? in
          if pattern == "*" {
            return finding(
              role, located.location, Message.everything, fix: "list the actions the role calls")
          }
          if pattern.hasSuffix(":*"), !pattern.dropLast(2).contains("*") {
            return finding(
              role, located.location, Message.service(pattern),
              fix: "list the actions the role calls")
          }
          return nil
        }
      }
  }
}
