/// Actions that return credentials, keys or tokens (cloudsplaining's credentials-exposure
/// list): whoever holds them can act as someone else outside IAM's view.
public struct CredentialsExposureRule: ReviewRule {
  /// The rule's id, used by acknowledgements.
  public let id = "credentials-exposure"
  /// The severity of the rule's findings.
  public let severity = FindingSeverity.error
  /// What the rule looks for.
  public let summary = "actions that return credentials, access keys or tokens"

  /// The actions.
  public static let actions: [String] = [
    "chime:CreateApiKey",
    "codepipeline:PollForJobs",
    "cognito-identity:GetOpenIdToken",
    "cognito-identity:GetOpenIdTokenForDeveloperIdentity",
    "cognito-identity:GetCredentialsForIdentity",
    "connect:GetFederationToken",
    "ec2:GetPasswordData",
    "ecr:GetAuthorizationToken",
    "gamelift:RequestUploadCredentials",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:CreateServiceSpecificCredential",
    "iam:ResetServiceSpecificCredential",
    "iam:UpdateAccessKey",
    "lightsail:GetInstanceAccessDetails",
    "lightsail:GetRelationalDatabaseMasterUserPassword",
    "rds-db:connect",
    "redshift:GetClusterCredentials",
    "mediapackage:RotateChannelCredentials",
    "mediapackage:RotateIngestEndpointCredentials",
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:GetFederationToken",
    "sts:GetSessionToken",
  ]

  /// The typed message.
  public enum Message: CustomStringConvertible {
    case exposes([String])
    /// The text of the message.
    public var description: String {
      guard case .exposes(let actions) = self else { return "" }
      return "\(ListText.brief(actions)) can return credentials, keys or tokens"
    }
  }

  /// The rule.
  public init() {}

  /// The rule's findings for one role.
  public func findings(in role: RoleContext) -> [Finding] {
    let names = Set(Self.actions.map { $0.lowercased() })
    // sts:AssumeRole on named roles is ordinary delegation; on every role it is the
    // privilege-escalation rule's, so only unscoped grants of it count here.
    let grants = role.grants.filter { grant in
      let name = grant.action.fullName.lowercased()
      return names.contains(name) && (name != "sts:assumerole" || grant.isUnscoped)
    }
    return role.byStatement(grants).map { location, actions in
      finding(
        role, location, Message.exposes(actions),
        fix: "remove \(ListText.brief(actions)); give the role only the data calls it makes")
    }
  }
}
