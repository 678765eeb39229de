/// Permissions-management actions (`s3:PutBucketPolicy`, `kms:CreateGrant`, `iam:*Policy*`,
/// ...): they change who may access a resource, so a role holding them can open data to
/// anyone. `iam:PassRole`, permissions management too, has its own rule.
public struct ResourceExposureRule: ReviewRule {
  /// The rule's id, used by acknowledgements.
  public let id = "resource-exposure"
  /// The severity of the rule's findings.
  public let severity = FindingSeverity.warning
  /// What the rule looks for.
  public let summary = "permissions-management actions that can change who may access resources"

  /// The typed message.
  public enum Message: CustomStringConvertible {
    case permissionsManagement([String])
    /// The text of the message.
    public var description: String {
      guard case .permissionsManagement(let actions) = self else { return "" }
      return
        "permissions-management actions \(ListText.brief(actions)) can change who may access resources"
    }
  }

  /// The rule.
  public init() {}

  /// The rule's findings for one role.
  public func findings(in role: RoleContext) -> [Finding] {
    let grants = role.grants.filter {
      $0.action.accessLevel == .permissionsManagement
        && $0.action.fullName.lowercased() != "iam:passrole"
    }
    return role.byStatement(grants).map { location, actions in
      finding(
        role, location, Message.permissionsManagement(actions),
        fix:
          "remove the actions, or acknowledge them with a reason if the role manages access by design"
      )
    }
  }
}
