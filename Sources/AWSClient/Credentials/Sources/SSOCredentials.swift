import Foundation

/// IAM Identity Center, as `aws sso login` leaves it: the cached access token of the profile's
/// session, exchanged through the portal's `GetRoleCredentials` for the role
/// (`sso_role_name`) in the account (`sso_account_id`).
///
/// - `sso_session` profiles take `sso_start_url` and `sso_region` from their
///   `[sso-session NAME]` section; a token within 15 minutes of expiring is refreshed through
///   SSO-OIDC `CreateToken` with its refresh token, and written back to the cache;
/// - legacy profiles carry `sso_start_url` and `sso_region` themselves; their token is used as
///   cached, never refreshed.
///
/// Active when the profile has `sso_role_name` or `sso_account_id`, as in botocore.
struct SSOCredentials {
  /// The profile's settings.
  var profile: [String: String]
  /// The profile's name.
  var profileName: String
  /// The shared files (for the `[sso-session]` section).
  var sharedConfig: SharedConfig
  /// The token cache.
  var cache: SSOTokenCache
  /// The clock.
  var now: @Sendable () -> Date
  /// The portal.
  var portal: SSOClient
  /// SSO-OIDC.
  var oidc: SSOOIDCClient

  /// Seconds before expiry from which a token is refreshed (botocore's window).
  static let refreshWindow: TimeInterval = 15 * 60

  /// The resolved settings.
  struct Settings {
    var startURL: String
    var region: String
    var roleName: String
    var accountID: String
    var session: String?
  }

  /// True when the profile uses IAM Identity Center.
  var isConfigured: Bool {
    profile["sso_role_name"] != nil || profile["sso_account_id"] != nil
  }

  /// The role's credentials, nil when the profile does not use IAM Identity Center.
  func load() async throws -> AWSCredentials? {
    guard isConfigured else { return nil }
    let settings = try resolveSettings()
    let key = SSOTokenCache.key(session: settings.session, startURL: settings.startURL)
    let token = try await validToken(settings, key: key)
    var credentials: AWSCredentials
    do {
      credentials = try await portal.getRoleCredentials(
        settings.region,
        SSORoleRequest(
          roleName: settings.roleName, accountID: settings.accountID,
          accessToken: token.accessToken))
    } catch let error as AWSServiceError where error.code == "UnauthorizedException" {
      throw AWSClientError.credentialSource(
        "the sso session of profile \"\(profileName)\" is no longer valid (\(error.code): "
          + "\(error.message)); run `aws sso login --profile \(profileName)`")
    }
    credentials.source =
      "sso profile \(profileName) (role \(settings.roleName) in account "
      + "\(settings.accountID))"
    credentials.method = .sso
    return credentials
  }

  /// The settings, merged from the `[sso-session]` section; every missing one is named.
  func resolveSettings() throws -> Settings {
    var merged = profile
    let session = profile["sso_session"]
    if let session {
      guard let section = sharedConfig.ssoSession(session) else {
        throw AWSClientError.invalidConfiguration(
          "profile \"\(profileName)\" uses sso_session \"\(session)\", but the config file "
            + "\(sharedConfig.configPath) has no [sso-session \(session)] section")
      }
      for (key, value) in section {
        if let own = profile[key], own != value {
          throw AWSClientError.invalidConfiguration(
            "\(key) differs between profile \"\(profileName)\" (\(own)) and sso-session "
              + "\"\(session)\" (\(value))")
        }
        merged[key] = value
      }
    }
    let required = ["sso_start_url", "sso_region", "sso_role_name", "sso_account_id"]
    let missing = required.filter { (merged[$0] ?? "").isEmpty }
    if !missing.isEmpty {
      throw AWSClientError.invalidConfiguration(
        "profile \"\(profileName)\" is configured for sso but lacks "
          + missing.joined(separator: ", "))
    }
    return Settings(
      startURL: merged["sso_start_url"] ?? "", region: merged["sso_region"] ?? "",
      roleName: merged["sso_role_name"] ?? "", accountID: merged["sso_account_id"] ?? "",
      session: session)
  }

  /// The cached token, refreshed first when it is about to expire and can be.
  private func validToken(_ settings: Settings, key: String) async throws -> SSOToken {
    let login = "run `aws sso login --profile \(profileName)`"
    let path = cache.path(forKey: key)
    let name = settings.session.map { "sso-session \"\($0)\"" } ?? settings.startURL
    guard var token = try cache.load(key: key) else {
      throw AWSClientError.credentialSource(
        "no cached sso token for \(name) (looked for \(path)); \(login)")
    }
    var refreshFailure = ""
    if settings.session != nil, token.expiresAt.timeIntervalSince(now()) < Self.refreshWindow,
      let request = token.refreshRequest(now: now())
    {
      do {
        let answer = try await oidc.createToken(settings.region, request)
        token.accessToken = answer.accessToken
        token.expiresAt = now().addingTimeInterval(TimeInterval(answer.expiresIn))
        token.refreshToken = answer.refreshToken ?? token.refreshToken
        token.startURL = settings.startURL
        token.region = settings.region
        try cache.save(token, key: key)
      } catch {
        refreshFailure = ", and refreshing it failed: \(error)"
      }
    }
    guard token.expiresAt > now() else {
      throw AWSClientError.credentialSource(
        "the sso token for \(name) in \(path) expired at "
          + "\(AWSTimestamp.iso8601(token.expiresAt))\(refreshFailure); \(login)")
    }
    return token
  }
}
