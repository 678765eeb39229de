import Foundation

/// IAM Identity Center OIDC's `CreateToken` with the `refresh_token` grant: a new SSO access
/// token from the refresh token that `aws sso login` cached, as the AWS CLI refreshes
/// `sso_session` tokens. A struct of closures, as ``STSClient``.
///
/// ```swift
/// let oidc = SSOOIDCClient.live(sender)
/// let token = try await oidc.createToken("eu-west-1", SSOCreateTokenRequest(
///   clientID: cached.clientID, clientSecret: cached.clientSecret, refreshToken: refresh))
/// ```
public struct SSOOIDCClient: Sendable {
  /// `CreateToken` in the `sso_region`.
  public var createToken:
    @Sendable (_ region: String, _ request: SSOCreateTokenRequest) async throws ->
      SSOCreateTokenResponse

  /// Creates a client from a closure.
  public init(
    createToken:
      @escaping @Sendable (_ region: String, _ request: SSOCreateTokenRequest) async throws ->
      SSOCreateTokenResponse
  ) {
    self.createToken = createToken
  }

  /// The client that calls the REST-JSON API (2019-06-10) through `sender`, unsigned.
  public static func live(_ sender: SignedRequestSender) -> SSOOIDCClient {
    SSOOIDCClient { region, request in
      let operation = "CreateToken"
      let body = try JSONSerialization.data(
        withJSONObject: [
          "clientId": request.clientID, "clientSecret": request.clientSecret,
          "grantType": "refresh_token", "refreshToken": request.refreshToken,
        ], options: [.sortedKeys])
      let response = try await sender.unsigned().inRegion(region).send(
        .ssoOIDC, operation: operation, method: "POST", path: "/token",
        headers: [HTTPHeader("Content-Type", "application/json")], body: body)
      guard
        let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
        let accessToken = object["accessToken"] as? String,
        let expiresIn = (object["expiresIn"] as? NSNumber)?.intValue
      else {
        throw AWSClientError.malformedResponse(
          operation: operation, reason: "no accessToken and expiresIn")
      }
      return SSOCreateTokenResponse(
        accessToken: accessToken, expiresIn: expiresIn,
        refreshToken: object["refreshToken"] as? String)
    }
  }
}

/// The arguments of `CreateToken` with the `refresh_token` grant. Every field is a secret:
/// `description` shows none.
public struct SSOCreateTokenRequest: Sendable, Equatable, CustomStringConvertible {
  /// The registered client's id (`clientId` in the cached token).
  public var clientID: String
  /// The registered client's secret (`clientSecret`).
  public var clientSecret: String
  /// The refresh token (`refreshToken`).
  public var refreshToken: String

  /// Creates a request.
  public init(clientID: String, clientSecret: String, refreshToken: String) {
    self.clientID = clientID
    self.clientSecret = clientSecret
    self.refreshToken = refreshToken
  }

  public var description: String { "SSOCreateTokenRequest(<redacted>)" }
}

/// The answer of `CreateToken`.
public struct SSOCreateTokenResponse: Sendable, Equatable, CustomStringConvertible {
  /// The new access token.
  public var accessToken: String
  /// Seconds until it expires.
  public var expiresIn: Int
  /// A new refresh token, when the service rotates it.
  public var refreshToken: String?

  /// Creates an answer.
  public init(accessToken: String, expiresIn: Int, refreshToken: String? = nil) {
    self.accessToken = accessToken
    self.expiresIn = expiresIn
    self.refreshToken = refreshToken
  }

  public var description: String { "SSOCreateTokenResponse(expiresIn: \(expiresIn), <redacted>)" }
}
