/// Permissions-management actions (`s3:PutBucketPolicy`, `kms:CreateGrant`, `iam:*Policy*`,
/// ...): they change who may access a resource, so a role holding them can open data to
/// anyone. `iam:PassRole`, permissions management too, has its own rule.
public struct ResourceExposureRule: ReviewRule {
  public let id = "resource-exposure"
  public let severity = FindingSeverity.warning
  public let summary = "permissions-management actions that can change who may access resources"

  /// The typed message.
  public enum Message: CustomStringConvertible {
    case permissionsManagement([String])
    public var description: String {
      guard case .permissionsManagement(let actions) = self else { return "" }
      return
        "permissions-management actions \(ListText.brief(actions)) can change who may access resources"
    }
  }

  public init() {}

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
