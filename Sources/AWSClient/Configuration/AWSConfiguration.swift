import Foundation

/// What the user (or the CLI) can set; everything else comes from the environment and the
/// shared files. The environment, file system, transports, clock, prompt and program runner are
/// values here, so tests resolve configurations with no real environment and no network.
public struct AWSClientOptions: Sendable {
  /// `--profile`: wins over environment credentials, as in the AWS CLI.
  public var profile: String?
  /// `--region` (or the environment file's region).
  public var region: String?
  /// An endpoint for every service (`--endpoint-url`, or the local emulator's address).
  public var endpointURL: URL?
  /// The environment variables.
  public var environment: AWSEnvironment
  /// The file system holding `~/.aws`.
  public var fileSystem: FileSystem
  /// The HTTP transport of AWS API calls; nil chooses the live one (``HTTPTransport/live(timeout:caBundle:environment:)``):
  /// the system's certificate authorities or, when `AWS_CA_BUNDLE` (or the profile's
  /// `ca_bundle`) names a certificate bundle, exactly that bundle, as the AWS CLI does, and the
  /// environment's proxies.
  public var transport: HTTPTransport?
  /// The HTTP transport of the container endpoint and the instance metadata service; nil uses
  /// the live one with a short timeout.
  public var metadataTransport: HTTPTransport?
  /// Retries.
  public var retry: RetryPolicy
  /// The clock.
  public var now: @Sendable () -> Date
  /// Receives one line per HTTP attempt and per failed background refresh; never secrets.
  public var log: @Sendable (String) -> Void
  /// Asks for MFA codes (`mfa_serial`); by default on the terminal, failing without one.
  public var mfaPrompt: MFAPrompt
  /// Runs `credential_process`.
  public var processRunner: CredentialProcessRunner

  /// Creates options; the defaults are the real process environment, file system and network.
  public init(
    profile: String? = nil, region: String? = nil, endpointURL: URL? = nil,
    environment: AWSEnvironment = .process, fileSystem: FileSystem = .live,
    transport: HTTPTransport? = nil, metadataTransport: HTTPTransport? = nil,
    retry: RetryPolicy = .standard, now: @escaping @Sendable () -> Date = { Date() },
    log: @escaping @Sendable (String) -> Void = { _ in }, mfaPrompt: MFAPrompt = .terminal,
    processRunner: CredentialProcessRunner = .live
  ) {
    self.profile = profile
    self.region = region
    self.endpointURL = endpointURL
    self.environment = environment
    self.fileSystem = fileSystem
    self.transport = transport
    self.metadataTransport = metadataTransport
    self.retry = retry
    self.now = now
    self.log = log
    self.mfaPrompt = mfaPrompt
    self.processRunner = processRunner
  }

  /// Options for a command's `--profile` and `--region`; `region` replaces the override's
  /// region when given (the environment file's, checked by
  /// ``AWSOverrides/region(forEnvironment:declaredRegion:file:)``).
  public init(_ overrides: AWSOverrides, region: String? = nil) {
    self.init(profile: overrides.profile, region: region ?? overrides.region)
  }

  /// The `--profile` and `--region` part.
  public var overrides: AWSOverrides {
    AWSOverrides(profile: profile, region: region)
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

  /// The endpoint CloudFormation calls go to (the account check looks at it).
  public var cloudFormationEndpoint: ResolvedEndpoint? {
    try? sender.endpoints.endpoint(for: .cloudFormation, region: region)
  }

  /// Resolves region and endpoints now; credentials are resolved on first use (or by
  /// ``resolveCredentials()``, to fail early with the chain's message) and refreshed before
  /// they expire.
  public static func resolve(_ options: AWSClientOptions) throws -> AWSConfiguration {
    let environment = options.environment
    let shared = SharedConfig(environment: environment, fileSystem: options.fileSystem)
    let chosenProfile = options.profile ?? CredentialChain.profileName(in: environment)
    let profileName = chosenProfile ?? "default"
    let profile = shared.profile(profileName)
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
    let unresolved = CredentialsProvider {
      throw AWSClientError.unimplemented("credentials before the chain is resolved")
    }
    let caBundle =
      environment["AWS_CA_BUNDLE"].flatMap { $0.isEmpty ? nil : $0 }
      ?? profile?["ca_bundle"]
    let transport =
      try options.transport
      ?? .live(
        caBundle: caBundle.map { options.fileSystem.expandingTilde($0, environment: environment) },
        environment: environment)
    let base = SignedRequestSender(
      transport: transport, credentials: unresolved, region: region,
      endpoints: endpoints, retry: options.retry, now: options.now, log: options.log)
    let services = CredentialServices.live(
      sender: base,
      metadataTransport: try options.metadataTransport
        ?? .live(timeout: 5, environment: environment),
      processRunner: options.processRunner, mfaPrompt: options.mfaPrompt)
    let chain = try CredentialChain(
      environment: environment, sharedConfig: shared, fileSystem: options.fileSystem,
      explicitProfile: options.profile, now: options.now, services: services)
    let provider = CredentialsProvider(now: options.now, log: options.log) {
      try await chain.resolve()
    }
    var sender = base
    sender.credentials = provider
    return AWSConfiguration(
      region: region, profileName: profileName, sender: sender, credentialChain: chain)
  }

  /// Resolves the credentials now.
  public func resolveCredentials() async throws -> AWSCredentials {
    try await sender.credentials.credentials()
  }
}
