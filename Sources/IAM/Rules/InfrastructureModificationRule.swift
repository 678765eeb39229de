/// Write actions that can be scoped to resources but are granted on every resource: the role
/// can change or delete infrastructure it does not own. Write actions that support only
/// `Resource: "*"` (`xray:PutTraceSegments`, `cloudwatch:PutMetricData`) are not counted.
public struct InfrastructureModificationRule: ReviewRule {
  /// The rule's id, used by acknowledgements.
  public let id = "infrastructure-modification"
  /// The severity of the rule's findings.
  public let severity = FindingSeverity.warning
  /// What the rule looks for.
  public let summary = "write actions that support resource scoping, granted on every resource"

  /// The typed message.
  public enum Message: CustomStringConvertible {
    case unscopedWrite([String])
    /// The text of the message.
    public var description: String {
      guard case .unscopedWrite(let actions) = self else { return "" }
      return
        "write actions \(ListText.brief(actions)) on every resource can modify infrastructure the role does not own"
    }
  }

  /// The rule.
  public init() {}

  /// The rule's findings for one role.
  public func findings(in role: RoleContext) -> [Finding] {
    let grants = role.grants.filter {
      $0.isUnscoped && $0.action.accessLevel == .write && $0.action.supportsResourceScoping
    }
    return role.byStatement(grants).map { location, actions in
      finding(
        role, location, Message.unscopedWrite(actions),
        fix: "name the resources the role writes in Resource")
    }
  }
}
