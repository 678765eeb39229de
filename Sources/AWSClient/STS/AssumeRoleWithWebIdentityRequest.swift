/// The arguments of STS `AssumeRoleWithWebIdentity`: an OIDC token (GitHub Actions, EKS service
/// accounts) exchanged for a role's credentials, with no AWS credentials at all.
public struct AssumeRoleWithWebIdentityRequest: Sendable, Equatable, CustomStringConvertible,
  CustomDebugStringConvertible, CustomReflectable
{
  /// The role to assume (`AWS_ROLE_ARN`, `role_arn`).
  public var roleARN: String
  /// The session name (`AWS_ROLE_SESSION_NAME`, `role_session_name`).
  public var roleSessionName: String
  /// The token, read from `AWS_WEB_IDENTITY_TOKEN_FILE` or `web_identity_token_file`. A bearer
  /// secret: descriptions do not show it.
  public var webIdentityToken: String

  /// Creates a request.
  public init(roleARN: String, roleSessionName: String, webIdentityToken: String) {
    self.roleARN = roleARN
    self.roleSessionName = roleSessionName
    self.webIdentityToken = webIdentityToken
  }

  public var description: String {
    "AssumeRoleWithWebIdentityRequest(roleARN: \(roleARN), roleSessionName: \(roleSessionName), "
      + "webIdentityToken: <redacted>)"
  }

  public var debugDescription: String { description }

  public var customMirror: Mirror {
    Mirror(self, children: ["redacted": description], displayStyle: .struct)
  }
}
