import Foundation

/// Resolves credentials in the AWS CLI's order:
/// 1. `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`), unless a profile
///    was chosen explicitly (`--profile`), which, as in the CLI, wins over the environment;
/// 2. the profile (`--profile`, else `AWS_PROFILE`, else `default`) of the shared files:
///    `role_arn` with `source_profile` (chains allowed) or `credential_source = Environment`
///    through STS `AssumeRole`, else its `aws_access_key_id` / `aws_secret_access_key` /
///    `aws_session_token`.
///
/// STS is reached through the `assumeRole` closure, so tests can stub it.
public struct CredentialChain: Sendable {
  /// Calls STS `AssumeRole` with the source credentials.
  public typealias AssumeRole =
    @Sendable (_ source: AWSCredentials, _ request: AssumeRoleRequest) async throws ->
    AWSCredentials

  /// The environment.
  public var environment: AWSEnvironment
  /// The shared files.
  public var sharedConfig: SharedConfig
  /// The profile chosen explicitly (`--profile`), if any.
  public var explicitProfile: String?
  /// How roles are assumed.
  public var assumeRole: AssumeRole
  /// The clock, for default session names.
  public var now: @Sendable () -> Date

  /// Creates a chain.
  public init(
    environment: AWSEnvironment, sharedConfig: SharedConfig, explicitProfile: String? = nil,
    now: @escaping @Sendable () -> Date = { Date() }, assumeRole: @escaping AssumeRole
  ) {
    self.environment = environment
    self.sharedConfig = sharedConfig
    self.explicitProfile = explicitProfile
    self.now = now
    self.assumeRole = assumeRole
  }

  /// The name of the active profile and whether the user chose it.
  public var profileName: (name: String, chosen: Bool) {
    if let explicitProfile { return (explicitProfile, true) }
    if let name = environment["AWS_PROFILE"] ?? environment["AWS_DEFAULT_PROFILE"] {
      return (name, true)
    }
    return ("default", false)
  }

  /// Finds credentials, or throws one message naming every place searched.
  public func resolve() async throws -> AWSCredentials {
    if explicitProfile == nil, let credentials = try environmentCredentials() {
      return credentials
    }
    let (name, chosen) = profileName
    guard sharedConfig.profile(name) != nil else {
      if chosen {
        throw AWSClientError.profileNotFound(name: name, searched: sharedConfig.describeFiles())
      }
      throw AWSClientError.missingCredentials(searched: searchedPlaces(profile: name))
    }
    return try await credentials(forProfile: name, visited: [])
  }

  private func searchedPlaces(profile name: String) -> [String] {
    [
      "the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)",
      "profile \"\(name)\" (AWS_PROFILE) in \(sharedConfig.describeFiles())",
    ]
  }

  private func environmentCredentials() throws -> AWSCredentials? {
    let keyID = environment["AWS_ACCESS_KEY_ID"]
    let secret = environment["AWS_SECRET_ACCESS_KEY"]
    switch (keyID, secret) {
    case (let keyID?, let secret?):
      return AWSCredentials(
        accessKeyID: keyID, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"],
        source: "environment")
    case (nil, nil):
      return nil
    case (.some, nil):
      throw AWSClientError.invalidConfiguration(
        "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
    case (nil, .some):
      throw AWSClientError.invalidConfiguration(
        "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
    }
  }

  private func credentials(forProfile name: String, visited: [String]) async throws
    -> AWSCredentials
  {
    guard let profile = sharedConfig.profile(name) else {
      throw AWSClientError.profileNotFound(name: name, searched: sharedConfig.describeFiles())
    }
    if let roleARN = profile["role_arn"] {
      let source = try await sourceCredentials(of: name, profile: profile, visited: visited)
      return try await assumeRole(source, try assumeRoleRequest(roleARN, profile: name, profile))
    }
    if let credentials = staticCredentials(profile, name: name) { return credentials }
    for unsupported in [
      "credential_process", "sso_session", "sso_start_url", "web_identity_token_file",
    ]
    where profile[unsupported] != nil {
      throw AWSClientError.invalidConfiguration(
        "profile \"\(name)\" uses \(unsupported), which facestack does not support; export "
          + "credentials with `aws configure export-credentials --profile \(name) --format env`")
    }
    throw AWSClientError.missingCredentials(searched: [
      "the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)",
      "profile \"\(name)\" in \(sharedConfig.describeFiles()), which has neither "
        + "aws_access_key_id and aws_secret_access_key nor role_arn",
    ])
  }

  private func staticCredentials(_ profile: [String: String], name: String) -> AWSCredentials? {
    guard let keyID = profile["aws_access_key_id"], let secret = profile["aws_secret_access_key"],
      !keyID.isEmpty, !secret.isEmpty
    else { return nil }
    let token = profile["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }
    return AWSCredentials(
      accessKeyID: keyID, secretAccessKey: secret, sessionToken: token, source: "profile \(name)")
  }

  private func sourceCredentials(of name: String, profile: [String: String], visited: [String])
    async throws -> AWSCredentials
  {
    if let sourceProfile = profile["source_profile"] {
      if sourceProfile == name {
        guard let credentials = staticCredentials(profile, name: name) else {
          throw AWSClientError.invalidConfiguration(
            "profile \"\(name)\" is its own source_profile but has no aws_access_key_id")
        }
        return credentials
      }
      if visited.contains(sourceProfile) || visited.count > 8 {
        throw AWSClientError.invalidConfiguration(
          "source_profile loop: " + (visited + [name, sourceProfile]).joined(separator: " -> "))
      }
      return try await credentials(forProfile: sourceProfile, visited: visited + [name])
    }
    if let credentialSource = profile["credential_source"] {
      guard credentialSource == "Environment" else {
        throw AWSClientError.invalidConfiguration(
          "profile \"\(name)\" has credential_source \"\(credentialSource)\"; facestack supports "
            + "only Environment")
      }
      guard let credentials = try environmentCredentials() else {
        throw AWSClientError.missingCredentials(searched: [
          "the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), the "
            + "credential_source of profile \"\(name)\""
        ])
      }
      return credentials
    }
    throw AWSClientError.invalidConfiguration(
      "profile \"\(name)\" has role_arn but neither source_profile nor credential_source")
  }

  private func assumeRoleRequest(
    _ roleARN: String, profile name: String, _ profile: [String: String]
  )
    throws -> AssumeRoleRequest
  {
    var duration: Int?
    if let text = profile["duration_seconds"] {
      guard let seconds = Int(text), (900...43_200).contains(seconds) else {
        throw AWSClientError.invalidConfiguration(
          "duration_seconds of profile \"\(name)\" must be a number of seconds between 900 and "
            + "43200, got \"\(text)\"")
      }
      duration = seconds
    }
    if profile["mfa_serial"] != nil {
      throw AWSClientError.invalidConfiguration(
        "profile \"\(name)\" needs an mfa code (mfa_serial), which facestack cannot prompt for")
    }
    return AssumeRoleRequest(
      roleARN: roleARN,
      roleSessionName: profile["role_session_name"]
        ?? "facestack-\(Int(now().timeIntervalSince1970))",
      externalID: profile["external_id"], durationSeconds: duration)
  }
}

/// The arguments of STS `AssumeRole`.
public struct AssumeRoleRequest: Sendable, Equatable {
  /// The role to assume.
  public var roleARN: String
  /// The session name, shown in CloudTrail.
  public var roleSessionName: String
  /// The external id the role's trust policy requires, if any.
  public var externalID: String?
  /// The session's duration (900 to 43200 seconds; STS's default is 3600).
  public var durationSeconds: Int?

  /// Creates a request.
  public init(
    roleARN: String, roleSessionName: String, externalID: String? = nil,
    durationSeconds: Int? = nil
  ) {
    self.roleARN = roleARN
    self.roleSessionName = roleSessionName
    self.externalID = externalID
    self.durationSeconds = durationSeconds
  }
}
