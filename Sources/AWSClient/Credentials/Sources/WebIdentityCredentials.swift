import Foundation

/// STS `AssumeRoleWithWebIdentity` with an OIDC token read from a file: GitHub Actions, EKS
/// service accounts (IRSA), any OIDC provider the account trusts.
///
/// Each setting comes from its variable, else from the profile: `AWS_WEB_IDENTITY_TOKEN_FILE` /
/// `web_identity_token_file`, `AWS_ROLE_ARN` / `role_arn`, `AWS_ROLE_SESSION_NAME` /
/// `role_session_name`. With `--profile` the variables are not read, as in botocore. The token
/// file is read again on every refresh, since its writer rotates it.
struct WebIdentityCredentials {
  /// The environment.
  var environment: AWSEnvironment
  /// Whether the variables count (not with `--profile`).
  var readsEnvironment: Bool
  /// The profile's settings.
  var profile: [String: String]
  /// The profile's name, for messages.
  var profileName: String
  /// Reads the token file.
  var fileSystem: FileSystem
  /// The clock, for default session names.
  var now: @Sendable () -> Date
  /// The STS call.
  var assumeRoleWithWebIdentity:
    @Sendable (AssumeRoleWithWebIdentityRequest) async throws -> AWSCredentials

  /// The setting `key` and where it came from.
  private func setting(_ key: String, variable: String) -> (value: String, origin: String)? {
    if readsEnvironment, let value = environment[variable] { return (value, variable) }
    if let value = profile[key], !value.isEmpty {
      return (value, "\(key) of profile \"\(profileName)\"")
    }
    return nil
  }

  /// True when a token file is configured.
  var isConfigured: Bool {
    setting("web_identity_token_file", variable: "AWS_WEB_IDENTITY_TOKEN_FILE") != nil
  }

  /// The role's credentials, nil when no token file is configured.
  func load() async throws -> AWSCredentials? {
    guard
      let tokenFile = setting("web_identity_token_file", variable: "AWS_WEB_IDENTITY_TOKEN_FILE")
    else { return nil }
    guard let roleARN = setting("role_arn", variable: "AWS_ROLE_ARN")?.value else {
      throw AWSClientError.invalidConfiguration(
        "\(tokenFile.origin) is set but no role to assume: set AWS_ROLE_ARN or role_arn in "
          + "profile \"\(profileName)\"")
    }
    let path = fileSystem.expandingTilde(tokenFile.value, environment: environment)
    guard
      let token = fileSystem.readFile(path)?.trimmingCharacters(in: .whitespacesAndNewlines),
      !token.isEmpty
    else {
      throw AWSClientError.credentialSource(
        "cannot read the web identity token file \(path) (\(tokenFile.origin))")
    }
    let sessionName =
      setting("role_session_name", variable: "AWS_ROLE_SESSION_NAME")?.value
      ?? "facestack-\(Int(now().timeIntervalSince1970))"
    var credentials = try await assumeRoleWithWebIdentity(
      AssumeRoleWithWebIdentityRequest(
        roleARN: roleARN, roleSessionName: sessionName, webIdentityToken: token))
    credentials.source = "web identity role \(roleARN) (token file \(path))"
    credentials.method = .webIdentity
    return credentials
  }
}
