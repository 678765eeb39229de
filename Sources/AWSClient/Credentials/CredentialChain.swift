import Foundation

/// Resolves credentials in the AWS CLI's order (botocore's default chain), first match wins:
///
/// 1. the environment: `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`),
///    skipped when a profile was chosen with `--profile`, which, as in the CLI, wins over them;
/// 2. the profile's `role_arn` with `source_profile` or `credential_source` (STS `AssumeRole`);
/// 3. the profile (`--profile`, else `AWS_PROFILE`, else `default`), in this order:
///    web identity (`AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN`, or the profile's
///    `web_identity_token_file`), IAM Identity Center (`sso_session` or `sso_start_url`), keys in
///    the shared credentials file, `credential_process`, keys in the config file;
/// 4. the container endpoint (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` or `_FULL_URI`);
/// 5. the EC2 instance profile through IMDSv2.
///
/// Nothing found is one ``AWSClientError/missingCredentials(searched:)`` naming every place
/// looked at, with the files' real paths (`HOME`, `AWS_CONFIG_FILE`,
/// `AWS_SHARED_CREDENTIALS_FILE`). A source that is configured but fails (a `credential_process`
/// exiting 1, an expired SSO session) stops the chain with its own message, as in the CLI.
///
/// ```swift
/// let chain = try CredentialChain(
///   environment: .process, sharedConfig: SharedConfig(environment: .process, fileSystem: .live),
///   fileSystem: .live, explicitProfile: "dev", services: services)
/// let credentials = try await chain.resolve()  // credentials.method == .sso, ...
/// ```
public struct CredentialChain: Sendable {
  /// The environment.
  public var environment: AWSEnvironment
  /// The shared files.
  public var sharedConfig: SharedConfig
  /// The files (token files, the SSO cache).
  public var fileSystem: FileSystem
  /// The profile chosen explicitly (`--profile`), if any.
  public var explicitProfile: String?
  /// STS, SSO, the metadata endpoints, `credential_process`, MFA.
  public var services: CredentialServices
  /// The clock, for default session names and token lifetimes.
  public var now: @Sendable () -> Date
  /// The instance metadata service, shared by copies (it keeps its session token).
  let instanceMetadata: InstanceMetadataCredentials

  /// Creates a chain; throws when the instance metadata settings are malformed.
  public init(
    environment: AWSEnvironment, sharedConfig: SharedConfig, fileSystem: FileSystem,
    explicitProfile: String? = nil, now: @escaping @Sendable () -> Date = { Date() },
    services: CredentialServices
  ) throws {
    self.environment = environment
    self.sharedConfig = sharedConfig
    self.fileSystem = fileSystem
    self.explicitProfile = explicitProfile
    self.now = now
    self.services = services
    let profileName = explicitProfile ?? Self.profileName(in: environment) ?? "default"
    instanceMetadata = InstanceMetadataCredentials(
      settings: try InstanceMetadataSettings(
        environment: environment, profile: sharedConfig.profile(profileName) ?? [:]),
      transport: services.metadataTransport, now: now)
  }

  /// `AWS_PROFILE`, else `AWS_DEFAULT_PROFILE`.
  static func profileName(in environment: AWSEnvironment) -> String? {
    environment["AWS_PROFILE"] ?? environment["AWS_DEFAULT_PROFILE"]
  }

  /// The name of the active profile and whether the user chose it.
  public var profileName: (name: String, chosen: Bool) {
    if let explicitProfile { return (explicitProfile, true) }
    if let name = Self.profileName(in: environment) { return (name, true) }
    return ("default", false)
  }

  /// The container endpoint source.
  var container: ContainerCredentials {
    ContainerCredentials(
      environment: environment, fileSystem: fileSystem, transport: services.metadataTransport,
      sleep: services.sleep)
  }

  /// Finds credentials, or throws one message naming every place searched.
  public func resolve() async throws -> AWSCredentials {
    var searched: [String] = []
    if explicitProfile == nil {
      if let credentials = try EnvironmentCredentials(environment: environment).load() {
        return credentials
      }
      searched.append("the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)")
    }
    let (name, chosen) = profileName
    let profile = sharedConfig.profile(name)
    if chosen, profile == nil {
      // As the AWS CLI: a profile asked for by name must exist, whatever else is set.
      throw AWSClientError.profileNotFound(name: name, searched: sharedConfig.describeFiles())
    }
    if let profile, AssumeRoleCredentials.applies(to: profile) {
      return try await AssumeRoleCredentials(chain: self).load(profile: name, visited: [name])
    }
    if let credentials = try await profileCredentials(
      name, readsEnvironment: explicitProfile == nil)
    {
      return credentials
    }
    if explicitProfile == nil {
      searched.append("web identity (AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN)")
    }
    searched.append(describeProfile(name, found: profile != nil))
    let container = container
    if let credentials = try await container.load() { return credentials }
    searched.append(
      "the container endpoint (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and "
        + "AWS_CONTAINER_CREDENTIALS_FULL_URI are not set)")
    switch await instanceMetadata.load() {
    case .credentials(let credentials):
      return credentials
    case .unavailable(let reason):
      searched.append(
        "the instance metadata service at \(instanceMetadata.endpointText) (\(reason))")
    }
    throw AWSClientError.missingCredentials(searched: searched)
  }

  /// The profile's own sources, in botocore's order: web identity, IAM Identity Center, the
  /// credentials file's keys, `credential_process`, the config file's keys. Nil when the profile
  /// has none of them.
  func profileCredentials(_ name: String, readsEnvironment: Bool) async throws -> AWSCredentials? {
    let profile = sharedConfig.profile(name) ?? [:]
    let webIdentity = WebIdentityCredentials(
      environment: environment, readsEnvironment: readsEnvironment, profile: profile,
      profileName: name, fileSystem: fileSystem, now: now,
      assumeRoleWithWebIdentity: services.assumeRoleWithWebIdentity)
    if let credentials = try await webIdentity.load() { return credentials }
    let sso = SSOCredentials(
      profile: profile, profileName: name, sharedConfig: sharedConfig,
      cache: SSOTokenCache(fileSystem: fileSystem, homeDirectory: sharedConfig.homeDirectory),
      now: now, portal: services.sso, oidc: services.ssoOIDC)
    if let credentials = try await sso.load() { return credentials }
    if let credentials = try SharedFileCredentials(
      section: sharedConfig.credentialsProfile(name), profileName: name,
      path: sharedConfig.credentialsPath, method: .sharedCredentialsFile
    ).load() {
      return credentials
    }
    let process = ProcessCredentials(
      profile: profile, profileName: name, environment: environment,
      runner: services.processRunner)
    if let credentials = try await process.load() { return credentials }
    return try SharedFileCredentials(
      section: sharedConfig.configProfile(name), profileName: name, path: sharedConfig.configPath,
      method: .configFile
    ).load()
  }

  private func describeProfile(_ name: String, found: Bool) -> String {
    let origin =
      explicitProfile != nil ? " (--profile)" : profileName.chosen ? " (AWS_PROFILE)" : ""
    let files = sharedConfig.describeFiles()
    guard found else { return "profile \"\(name)\"\(origin) in \(files)" }
    return "profile \"\(name)\"\(origin) in \(files), which has no aws_access_key_id, role_arn, "
      + "sso_session, sso_start_url, credential_process or web_identity_token_file"
  }
}
