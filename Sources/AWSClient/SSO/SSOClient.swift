import Foundation

/// The IAM Identity Center portal's `GetRoleCredentials`: the role credentials an SSO access
/// token (from `aws sso login`) gives for one account and role. A struct of closures, as
/// ``STSClient``.
///
/// ```swift
/// let portal = SSOClient.live(sender)
/// let credentials = try await portal.getRoleCredentials(
///   "eu-west-1", SSORoleRequest(roleName: "Deployer", accountID: "111111111111", accessToken: token))
/// ```
public struct SSOClient: Sendable {
  /// `GetRoleCredentials` in the `sso_region`.
  public var getRoleCredentials:
    @Sendable (_ region: String, _ request: SSORoleRequest) async throws -> AWSCredentials

  /// Creates a client from a closure.
  public init(
    getRoleCredentials:
      @escaping @Sendable (_ region: String, _ request: SSORoleRequest) async throws ->
      AWSCredentials
  ) {
    self.getRoleCredentials = getRoleCredentials
  }

  /// The client that calls the portal's REST-JSON API (2019-06-10) through `sender`, unsigned
  /// (the access token travels in `x-amz-sso_bearer_token`).
  public static func live(_ sender: SignedRequestSender) -> SSOClient {
    SSOClient { region, request in
      let operation = "GetRoleCredentials"
      let response = try await sender.unsigned().inRegion(region).send(
        .sso, operation: operation, method: "GET", path: "/federation/credentials",
        query: [("account_id", request.accountID), ("role_name", request.roleName)],
        headers: [HTTPHeader("x-amz-sso_bearer_token", request.accessToken)])
      let answer: GetRoleCredentialsAnswer
      do {
        answer = try JSONDecoder().decode(GetRoleCredentialsAnswer.self, from: response.body)
      } catch {
        throw AWSClientError.malformedResponse(
          operation: operation, reason: "no roleCredentials with accessKeyId, secretAccessKey")
      }
      let role = answer.roleCredentials
      return AWSCredentials(
        accessKeyID: role.accessKeyId, secretAccessKey: role.secretAccessKey,
        sessionToken: role.sessionToken,
        expiration: role.expiration.map { Date(timeIntervalSince1970: $0 / 1000) },
        source: "sso role \(request.roleName) in account \(request.accountID)", method: .sso)
    }
  }
}

/// The arguments of `GetRoleCredentials`.
public struct SSORoleRequest: Sendable, Equatable, CustomStringConvertible {
  /// `sso_role_name`.
  public var roleName: String
  /// `sso_account_id`.
  public var accountID: String
  /// The cached access token. A bearer secret: `description` does not show it.
  public var accessToken: String

  /// Creates a request.
  public init(roleName: String, accountID: String, accessToken: String) {
    self.roleName = roleName
    self.accountID = accountID
    self.accessToken = accessToken
  }

  public var description: String {
    "SSORoleRequest(roleName: \(roleName), accountID: \(accountID), accessToken: <redacted>)"
  }
}

/// The portal's answer.
private struct GetRoleCredentialsAnswer: Decodable {
  struct RoleCredentials: Decodable {
    var accessKeyId: String
    var secretAccessKey: String
    var sessionToken: String?
    /// Milliseconds since 1970.
    var expiration: Double?
  }
  var roleCredentials: RoleCredentials
}
