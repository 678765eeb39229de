import Foundation

/// What the user (or the CLI) can set; everything else comes from the environment and the
/// shared files. The environment, file system, transport, clock and sleep are values here, so
/// tests resolve configurations with no real environment and no network.
public struct AWSClientOptions: Sendable {
  /// `--profile`: wins over environment credentials, as in the AWS CLI.
  public var profile: String?
  /// `--region`.
  public var region: String?
  /// An endpoint for every service (`--endpoint-url`, or the local emulator's address).
  public var endpointURL: URL?
  /// The environment variables.
  public var environment: AWSEnvironment
  /// The file system holding `~/.aws`.
  public var fileSystem: FileSystem
  /// The HTTP transport.
  public var transport: HTTPTransport
  /// Retries.
  public var retry: RetryPolicy
  /// The clock.
  public var now: @Sendable () -> Date
  /// Receives one line per HTTP attempt; never secrets.
  public var log: @Sendable (String) -> Void

  /// Creates options; the defaults are the real process environment, file system and network.
  public init(
    profile: String? = nil, region: String? = nil, endpointURL: URL? = nil,
    environment: AWSEnvironment = .process, fileSystem: FileSystem = .live,
    transport: HTTPTransport = .urlSession(), retry: RetryPolicy = .standard,
    now: @escaping @Sendable () -> Date = { Date() },
    log: @escaping @Sendable (String) -> Void = { _ in }
  ) {
    self.profile = profile
    self.region = region
    self.endpointURL = endpointURL
    self.environment = environment
    self.fileSystem = fileSystem
    self.transport = transport
    self.retry = retry
    self.now = now
    self.log = log
  }
}

/// A resolved configuration: region, profile, endpoints and the credentials provider, wired
/// into a ``SignedRequestSender``.
public struct AWSConfiguration: Sendable {
  /// The region.
  public var region: String
  /// The active profile's name.
  public var profileName: String
  /// The signed request sender every client uses.
  public var sender: SignedRequestSender
  /// The credentials chain, for messages (which files were read).
  public var credentialChain: CredentialChain

  /// Resolves region and endpoints now; credentials are resolved on first use (or by
  /// ``resolveCredentials()``, to fail early with the chain's message).
  public static func resolve(_ options: AWSClientOptions) throws -> AWSConfiguration {
    let environment = options.environment
    let shared = SharedConfig(environment: environment, fileSystem: options.fileSystem)
    let profileName =
      options.profile ?? environment["AWS_PROFILE"] ?? environment["AWS_DEFAULT_PROFILE"]
      ?? "default"
    let profile = shared.profile(profileName)
    let chosenProfile =
      options.profile ?? environment["AWS_PROFILE"] ?? environment["AWS_DEFAULT_PROFILE"]
    if let chosenProfile, profile == nil {
      // As the AWS CLI: a profile asked for by name must exist, whatever else is set.
      throw AWSClientError.profileNotFound(name: chosenProfile, searched: shared.describeFiles())
    }
    let region = try RegionResolver.resolve(
      explicit: options.region, environment: environment, profile: profile,
      profileName: profileName, sharedConfig: shared)
    let endpoints = EndpointResolver(
      override: options.endpointURL, environment: environment, profile: profile ?? [:],
      servicesSection: profile?["services"].flatMap(shared.servicesSection) ?? [:])
    let transport = options.transport
    let retry = options.retry
    let now = options.now
    let log = options.log
    let chain = CredentialChain(
      environment: environment, sharedConfig: shared, explicitProfile: options.profile, now: now
    ) { source, request in
      let stsSender = SignedRequestSender(
        transport: transport, credentials: .fixed(source), region: region, endpoints: endpoints,
        retry: retry, now: now, log: log)
      return try await STSClient.live(stsSender).assumeRole(request)
    }
    let provider = CredentialsProvider(now: now) { try await chain.resolve() }
    let sender = SignedRequestSender(
      transport: transport, credentials: provider, region: region, endpoints: endpoints,
      retry: retry, now: now, log: log)
    return AWSConfiguration(
      region: region, profileName: profileName, sender: sender, credentialChain: chain)
  }

  /// Resolves the credentials now.
  public func resolveCredentials() async throws -> AWSCredentials {
    try await sender.credentials.credentials()
  }
}
