import Foundation

/// A profile's `role_arn` assumed through STS `AssumeRole` with the credentials of its
/// `source_profile` (any kind of profile, chains of roles included) or of its
/// `credential_source` (`Environment`, `Ec2InstanceMetadata`, `EcsContainer`), with
/// `role_session_name`, `external_id`, `duration_seconds` and `mfa_serial` (the code asked for
/// through ``MFAPrompt``). Checked as botocore checks it: not both sources, no loops (a profile
/// may name itself when it holds keys).
struct AssumeRoleCredentials {
  /// The chain, for source profiles and credential sources.
  var chain: CredentialChain

  /// True when `profile` is assumed here: `role_arn` without `web_identity_token_file` (that
  /// pair is web identity's).
  static func applies(to profile: [String: String]) -> Bool {
    profile["role_arn"] != nil && profile["web_identity_token_file"] == nil
  }

  /// The role's credentials for profile `name`; `visited` holds the profiles already on the path.
  func load(profile name: String, visited: [String]) async throws -> AWSCredentials {
    let profile = chain.sharedConfig.profile(name) ?? [:]
    let roleARN = profile["role_arn"] ?? ""
    let source: AWSCredentials
    switch (profile["source_profile"], profile["credential_source"]) {
    case (.some, .some):
      throw AWSClientError.invalidConfiguration(
        "profile \"\(name)\" has both source_profile and credential_source; keep one")
    case (nil, nil):
      throw AWSClientError.invalidConfiguration(
        "profile \"\(name)\" has role_arn but neither source_profile nor credential_source")
    case (nil, let credentialSource?):
      source = try await sourceCredentials(credentialSource, profile: name)
    case (let sourceName?, nil):
      source = try await sourceProfileCredentials(sourceName, of: name, visited: visited)
    }
    var credentials = try await chain.services.assumeRole(
      source, try request(roleARN: roleARN, profile: name, profile))
    credentials.source = "role \(roleARN) (profile \(name))"
    credentials.method = .assumeRole
    return credentials
  }

  private func sourceProfileCredentials(_ sourceName: String, of name: String, visited: [String])
    async throws -> AWSCredentials
  {
    let shared = chain.sharedConfig
    guard let sourceProfile = shared.profile(sourceName) else {
      throw AWSClientError.invalidConfiguration(
        "source_profile \"\(sourceName)\" of profile \"\(name)\" is in neither "
          + shared.describeFiles())
    }
    if visited.contains(sourceName)
      && (sourceName != name || !SharedFileCredentials.hasKeys(sourceProfile))
    {
      throw AWSClientError.invalidConfiguration(
        "source_profile loop: " + (visited + [sourceName]).joined(separator: " -> "))
    }
    if SharedFileCredentials.hasKeys(sourceProfile) || !Self.applies(to: sourceProfile) {
      guard
        let credentials = try await chain.profileCredentials(sourceName, readsEnvironment: false)
      else {
        throw AWSClientError.invalidConfiguration(
          "source_profile \"\(sourceName)\" of profile \"\(name)\" has no credentials")
      }
      return credentials
    }
    return try await load(profile: sourceName, visited: visited + [sourceName])
  }

  private func sourceCredentials(_ credentialSource: String, profile name: String) async throws
    -> AWSCredentials
  {
    let origin = "credential_source \(credentialSource) of profile \"\(name)\""
    switch credentialSource.lowercased() {
    case "environment":
      guard let credentials = try EnvironmentCredentials(environment: chain.environment).load()
      else {
        throw AWSClientError.credentialSource(
          "\(origin): AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set")
      }
      return credentials
    case "ec2instancemetadata":
      switch await chain.instanceMetadata.load() {
      case .credentials(let credentials): return credentials
      case .unavailable(let reason):
        throw AWSClientError.credentialSource(
          "\(origin): the instance metadata service at \(chain.instanceMetadata.endpointText) "
            + "gave no credentials (\(reason))")
      }
    case "ecscontainer":
      guard let credentials = try await chain.container.load() else {
        throw AWSClientError.credentialSource(
          "\(origin): AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and "
            + "AWS_CONTAINER_CREDENTIALS_FULL_URI are not set")
      }
      return credentials
    default:
      throw AWSClientError.invalidConfiguration(
        "\(origin) is not valid; expected Environment, Ec2InstanceMetadata or EcsContainer")
    }
  }

  private func request(roleARN: String, profile name: String, _ profile: [String: String])
    async throws -> AssumeRoleRequest
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
    var tokenCode: String?
    if let serial = profile["mfa_serial"] {
      tokenCode = try await chain.services.mfaPrompt.code(serial, name)
    }
    return AssumeRoleRequest(
      roleARN: roleARN,
      roleSessionName: profile["role_session_name"]
        ?? "facestack-\(Int(chain.now().timeIntervalSince1970))",
      externalID: profile["external_id"], durationSeconds: duration,
      serialNumber: profile["mfa_serial"], tokenCode: tokenCode)
  }
}
