import Crypto
import Foundation

/// The tokens `aws sso login` caches under `~/.aws/sso/cache` (where `~` is `HOME`), one JSON
/// file per session named as the AWS CLI names it: the SHA-1 of the `sso_session` name, or of
/// the `sso_start_url` for legacy profiles, in hex, plus `.json`.
///
/// ```swift
/// let cache = SSOTokenCache(fileSystem: .live, homeDirectory: "/home/me")
/// cache.path(forKey: SSOTokenCache.key(session: "my-sso", startURL: url))
/// // /home/me/.aws/sso/cache/<sha1 of "my-sso">.json
/// ```
struct SSOTokenCache {
  /// Reads and writes the files.
  var fileSystem: FileSystem
  /// `HOME`.
  var homeDirectory: String?

  /// The file name's stem: SHA-1 of the session name when there is one, else of the start URL.
  static func key(session: String?, startURL: String) -> String {
    Insecure.SHA1.hash(data: Data((session ?? startURL).utf8))
      .map { String(format: "%02x", $0) }.joined()
  }

  /// The cache file for `key`.
  func path(forKey key: String) -> String {
    (homeDirectory ?? "~") + "/.aws/sso/cache/\(key).json"
  }

  /// The cached token, nil when there is no file; throws when the file is not a token.
  func load(key: String) throws -> SSOToken? {
    let path = path(forKey: key)
    guard let text = fileSystem.readFile(path) else { return nil }
    guard
      let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
      let token = SSOToken(object)
    else {
      throw AWSClientError.credentialSource(
        "the cached sso token \(path) is not valid: it needs accessToken and expiresAt")
    }
    return token
  }

  /// Writes `token` back, as the AWS CLI does after a refresh.
  func save(_ token: SSOToken, key: String) throws {
    let data = try JSONSerialization.data(
      withJSONObject: token.jsonObject, options: [.sortedKeys, .prettyPrinted])
    try fileSystem.writeFile(path(forKey: key), data)
  }
}

/// One cached SSO token. Every field but the dates is a secret: descriptions show none.
struct SSOToken: Sendable, CustomStringConvertible {
  var accessToken: String
  var expiresAt: Date
  var refreshToken: String?
  var clientID: String?
  var clientSecret: String?
  var registrationExpiresAt: Date?
  var startURL: String?
  var region: String?

  init?(_ object: [String: Any]) {
    guard let accessToken = object["accessToken"] as? String,
      let expiresText = object["expiresAt"] as? String,
      let expiresAt = AWSTimestamp.parseISO8601(expiresText)
    else { return nil }
    self.accessToken = accessToken
    self.expiresAt = expiresAt
    refreshToken = object["refreshToken"] as? String
    clientID = object["clientId"] as? String
    clientSecret = object["clientSecret"] as? String
    registrationExpiresAt = (object["registrationExpiresAt"] as? String)
      .flatMap(AWSTimestamp.parseISO8601)
    startURL = object["startUrl"] as? String
    region = object["region"] as? String
  }

  /// The token as the AWS CLI writes it (botocore's keys and date format).
  var jsonObject: [String: Any] {
    var object: [String: Any] = [
      "accessToken": accessToken, "expiresAt": AWSTimestamp.iso8601(expiresAt),
    ]
    object["refreshToken"] = refreshToken
    object["clientId"] = clientID
    object["clientSecret"] = clientSecret
    object["registrationExpiresAt"] = registrationExpiresAt.map(AWSTimestamp.iso8601)
    object["startUrl"] = startURL
    object["region"] = region
    return object
  }

  /// The request that refreshes this token, nil when it cannot be refreshed (no refresh token,
  /// or the client registration expired).
  func refreshRequest(now: Date) -> SSOCreateTokenRequest? {
    guard let refreshToken, let clientID, let clientSecret, let registrationExpiresAt,
      registrationExpiresAt > now
    else { return nil }
    return SSOCreateTokenRequest(
      clientID: clientID, clientSecret: clientSecret, refreshToken: refreshToken)
  }

  var description: String {
    "SSOToken(expiresAt: \(AWSTimestamp.iso8601(expiresAt)), <redacted>)"
  }
}
