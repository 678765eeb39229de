import Foundation
import Testing

@testable import AWSClient

/// IAM Identity Center: the token `aws sso login` caches under `$HOME/.aws/sso/cache`, the
/// portal's `GetRoleCredentials` and SSO-OIDC's `CreateToken`, played by a loopback stand-in
/// reached through `AWS_ENDPOINT_URL_SSO` and `AWS_ENDPOINT_URL_SSO_OIDC`.
@Suite struct SSOCredentialsTests {
  static let config = """
    [profile dev-sso]
    sso_session = corp
    sso_account_id = 111111111111
    sso_role_name = Deployer
    region = eu-west-1

    [sso-session corp]
    sso_start_url = https://corp.awsapps.com/start
    sso_region = eu-west-1
    sso_registration_scopes = sso:account:access

    [profile legacy]
    sso_start_url = https://corp.awsapps.com/start
    sso_region = eu-west-1
    sso_account_id = 111111111111
    sso_role_name = Deployer
    region = eu-west-1
    """
  /// The AWS CLI's file names: SHA-1 of the session name, or of the start URL for legacy
  /// profiles (checked against Python's hashlib).
  static let sessionCache = ".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json"
  static let legacyCache = ".aws/sso/cache/a51746d4aa793ae07b25e90c3a5db96fc7832bd7.json"

  static var standIns: [String: Any] {
    [
      "sso": [
        "access_tokens": ["cached-access-token"],
        "roles": ["111111111111/Deployer": ["prefix": "ASIASSO"]],
      ],
      "oidc": [
        "client_id": "client-id-1", "client_secret": "client-secret-1",
        "refresh_tokens": ["cached-refresh-token"],
      ],
    ]
  }

  /// A token file as `aws sso login` writes it, expiring `seconds` from now.
  static func token(expiresIn seconds: TimeInterval, access: String = "cached-access-token")
    -> String
  {
    """
    {"startUrl": "https://corp.awsapps.com/start", "region": "eu-west-1",
     "accessToken": "\(access)",
     "expiresAt": "\(AWSTimestamp.iso8601(Date().addingTimeInterval(seconds)))",
     "clientId": "client-id-1", "clientSecret": "client-secret-1",
     "registrationExpiresAt": "\(AWSTimestamp.iso8601(Date().addingTimeInterval(86_400 * 60)))",
     "refreshToken": "cached-refresh-token"}
    """
  }

  func options(_ home: TemporaryHome, _ server: StandInServer, profile: String = "dev-sso")
    -> AWSClientOptions
  {
    isolatedOptions([
      "HOME": home.path, "AWS_PROFILE": profile, "AWS_EC2_METADATA_DISABLED": "true",
      "AWS_ENDPOINT_URL_SSO": server.endpoint.absoluteString,
      "AWS_ENDPOINT_URL_SSO_OIDC": server.endpoint.absoluteString,
    ])
  }

  @Test func ssoSessionProfileWithAValidCachedToken() async throws {
    let server = try await StandInServer.start(Self.standIns)
    defer { server.stop() }
    let home = try TemporaryHome(files: [
      ".aws/config": Self.config, Self.sessionCache: Self.token(expiresIn: 3600),
    ])
    defer { home.remove() }
    let configuration = try AWSConfiguration.resolve(options(home, server))
    #expect(configuration.region == "eu-west-1")
    let credentials = try await configuration.resolveCredentials()
    #expect(credentials.method == .sso)
    #expect(credentials.accessKeyID == "ASIASSO0001")
    #expect(credentials.sessionToken == "token-ASIASSO0001")
    #expect(credentials.source == "sso profile dev-sso (role Deployer in account 111111111111)")
    #expect(credentials.expiration.map { $0 > Date().addingTimeInterval(3000) } == true)
    let requests = try await server.requests()
    #expect(requests.count == 1)
    #expect(
      requests.first?.path == "/federation/credentials?account_id=111111111111&role_name=Deployer")
    #expect(requests.first?.headers["x-amz-sso_bearer_token"] == "cached-access-token")
    #expect(requests.first?.headers["authorization"] == nil)
  }

  @Test func anExpiringTokenIsRefreshedThroughCreateTokenAndWrittenBack() async throws {
    for remaining in [-600.0, 300] {  // expired, and within the 15-minute window
      let server = try await StandInServer.start(Self.standIns)
      defer { server.stop() }
      let home = try TemporaryHome(files: [
        ".aws/config": Self.config, Self.sessionCache: Self.token(expiresIn: remaining),
      ])
      defer { home.remove() }
      let credentials = try await AWSConfiguration.resolve(options(home, server))
        .resolveCredentials()
      #expect(credentials.accessKeyID == "ASIASSO0001")
      let requests = try await server.requests()
      #expect(
        requests.map { "\($0.method) \($0.path.prefix { $0 != "?" })" } == [
          "POST /token", "GET /federation/credentials",
        ])
      #expect(requests.last?.headers["x-amz-sso_bearer_token"] == "access-token-refreshed-1")
      let written = try #require(home.read(Self.sessionCache))
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(written.utf8)) as? [String: Any])
      #expect(object["accessToken"] as? String == "access-token-refreshed-1")
      #expect(object["refreshToken"] as? String == "refresh-token-1")
      #expect(object["clientId"] as? String == "client-id-1")
      #expect(object["startUrl"] as? String == "https://corp.awsapps.com/start")
      let expiresAt = try #require(
        (object["expiresAt"] as? String).flatMap(AWSTimestamp.parseISO8601))
      #expect(abs(expiresAt.timeIntervalSinceNow - 3600) < 60)
      let attributes = try FileManager.default.attributesOfItem(
        atPath: home.path + "/" + Self.sessionCache)
      #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }
  }

  @Test func anExpiredTokenThatCannotBeRefreshedSaysToLogIn() async throws {
    let server = try await StandInServer.start(Self.standIns)
    defer { server.stop() }
    let stale = Self.token(expiresIn: -60)
      .replacingOccurrences(of: "cached-refresh-token", with: "revoked-refresh-token")
    let home = try TemporaryHome(files: [".aws/config": Self.config, Self.sessionCache: stale])
    defer { home.remove() }
    let message = await errorMessage {
      _ = try await AWSConfiguration.resolve(options(home, server)).resolveCredentials()
    }
    #expect(
      message.hasPrefix(
        "the sso token for sso-session \"corp\" in \(home.path)/\(Self.sessionCache) expired at "))
    #expect(
      message.hasSuffix(
        ", and refreshing it failed: sso-oauth CreateToken failed: InvalidGrantException: Invalid "
          + "refresh token provided (http 400); run `aws sso login --profile dev-sso`"))
    for secret in ["revoked-refresh-token", "client-secret-1", "cached-access-token"] {
      #expect(!message.contains(secret))
    }
  }

  @Test func legacyProfileUsesItsCachedTokenAsIs() async throws {
    let server = try await StandInServer.start(Self.standIns)
    defer { server.stop() }
    let home = try TemporaryHome(files: [
      ".aws/config": Self.config, Self.legacyCache: Self.token(expiresIn: 300),
    ])
    defer { home.remove() }
    let credentials = try await AWSConfiguration.resolve(options(home, server, profile: "legacy"))
      .resolveCredentials()
    #expect(credentials.accessKeyID == "ASIASSO0001")
    // Within the refresh window, but legacy tokens are never refreshed.
    #expect(try await server.requests().map(\.method) == ["GET"])

    try home.write(Self.legacyCache, Self.token(expiresIn: -60))
    let message = await errorMessage {
      _ = try await AWSConfiguration.resolve(options(home, server, profile: "legacy"))
        .resolveCredentials()
    }
    #expect(message.hasPrefix("the sso token for https://corp.awsapps.com/start in "))
    #expect(message.hasSuffix("; run `aws sso login --profile legacy`"))
    #expect(try await server.requests().map(\.method) == ["GET"])
  }

  @Test func missingCacheNamesTheFileUnderTheCurrentHome() async throws {
    let server = try await StandInServer.start(Self.standIns)
    defer { server.stop() }
    let home = try TemporaryHome(files: [".aws/config": Self.config])
    defer { home.remove() }
    let message = await errorMessage {
      _ = try await AWSConfiguration.resolve(options(home, server)).resolveCredentials()
    }
    #expect(
      message
        == "no cached sso token for sso-session \"corp\" (looked for \(home.path)/"
        + "\(Self.sessionCache)); run `aws sso login --profile dev-sso`")
  }

  @Test func aTokenThePortalRejectsSaysToLogInAgain() async throws {
    let server = try await StandInServer.start(Self.standIns)
    defer { server.stop() }
    let home = try TemporaryHome(files: [
      ".aws/config": Self.config,
      Self.sessionCache: Self.token(expiresIn: 3600, access: "signed-out-token"),
    ])
    defer { home.remove() }
    let message = await errorMessage {
      _ = try await AWSConfiguration.resolve(options(home, server)).resolveCredentials()
    }
    #expect(
      message
        == "the sso session of profile \"dev-sso\" is no longer valid (UnauthorizedException: "
        + "Session token not found or invalid); run `aws sso login --profile dev-sso`")
  }

  @Test func configurationErrorsNameWhatIsMissing() throws {
    func settings(_ config: String, profile: String = "p") throws -> SSOCredentials.Settings {
      let files = FileSystem.inMemory(["/h/.aws/config": config], homeDirectory: "/h")
      let shared = SharedConfig(environment: AWSEnvironment(), fileSystem: files)
      return try SSOCredentials(
        profile: shared.profile(profile) ?? [:], profileName: profile, sharedConfig: shared,
        cache: SSOTokenCache(fileSystem: files, homeDirectory: "/h"), now: { fixedDate },
        portal: CredentialServices.unimplemented.sso, oidc: CredentialServices.unimplemented.ssoOIDC
      ).resolveSettings()
    }
    #expect(
      throws: AWSClientError.invalidConfiguration(
        "profile \"p\" uses sso_session \"gone\", but the config file /h/.aws/config has no "
          + "[sso-session gone] section")
    ) {
      try settings("[profile p]\nsso_session = gone\nsso_role_name = R\nsso_account_id = 1\n")
    }
    #expect(
      throws: AWSClientError.invalidConfiguration(
        "profile \"p\" is configured for sso but lacks sso_start_url, sso_region, sso_account_id")
    ) {
      try settings("[profile p]\nsso_role_name = R\n")
    }
    #expect(
      throws: AWSClientError.invalidConfiguration(
        "sso_region differs between profile \"p\" (us-east-1) and sso-session \"s\" (eu-west-1)")
    ) {
      try settings(
        "[profile p]\nsso_session = s\nsso_region = us-east-1\nsso_role_name = R\n"
          + "sso_account_id = 1\n[sso-session s]\nsso_region = eu-west-1\nsso_start_url = u\n")
    }
    let merged = try settings(
      "[profile p]\nsso_session = s\nsso_role_name = R\nsso_account_id = 1\n"
        + "[sso-session s]\nsso_region = eu-west-1\nsso_start_url = https://x/start\n")
    #expect(merged.startURL == "https://x/start")
    #expect(merged.region == "eu-west-1")
    #expect(merged.session == "s")
  }

  @Test func cacheFileNamesAreTheAWSCLIs() {
    #expect(
      SSOTokenCache.key(session: "corp", startURL: "ignored")
        == "ee0bfd2552fbd840c02cc48b6e823320543c450f")
    #expect(
      SSOTokenCache.key(session: nil, startURL: "https://corp.awsapps.com/start")
        == "a51746d4aa793ae07b25e90c3a5db96fc7832bd7")
  }
}
