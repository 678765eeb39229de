import Foundation

/// Who the credentials belong to (`GetCallerIdentity`).
public struct CallerIdentity: Sendable, Equatable {
  /// The 12-digit account id.
  public var account: String
  /// The caller's ARN.
  public var arn: String
  /// The unique id of the caller.
  public var userID: String

  /// Creates an identity.
  public init(account: String, arn: String, userID: String) {
    self.account = account
    self.arn = arn
    self.userID = userID
  }
}

/// The STS calls: the credential chain's `AssumeRole` and `AssumeRoleWithWebIdentity`, and
/// deploy's account check, as a struct of closures (see ``CloudFormationClient`` for the
/// pattern).
public struct STSClient: Sendable {
  /// `AssumeRole`: temporary credentials for the role, with their expiration.
  public var assumeRole: @Sendable (AssumeRoleRequest) async throws -> AWSCredentials
  /// `GetCallerIdentity`.
  public var getCallerIdentity: @Sendable () async throws -> CallerIdentity
  /// `AssumeRoleWithWebIdentity`, sent unsigned: the token is the proof.
  public var assumeRoleWithWebIdentity:
    @Sendable (AssumeRoleWithWebIdentityRequest) async throws -> AWSCredentials

  /// Creates a client from closures.
  public init(
    assumeRole: @escaping @Sendable (AssumeRoleRequest) async throws -> AWSCredentials,
    getCallerIdentity: @escaping @Sendable () async throws -> CallerIdentity,
    assumeRoleWithWebIdentity:
      @escaping @Sendable (AssumeRoleWithWebIdentityRequest) async throws -> AWSCredentials = {
        _ in throw AWSClientError.unimplemented("sts AssumeRoleWithWebIdentity")
      }
  ) {
    self.assumeRole = assumeRole
    self.getCallerIdentity = getCallerIdentity
    self.assumeRoleWithWebIdentity = assumeRoleWithWebIdentity
  }

  /// The client that calls STS's Query API (2011-06-15) through `sender`.
  public static func live(_ sender: SignedRequestSender) -> STSClient {
    let service = AWSService.sts
    let version = service.apiVersion ?? "2011-06-15"
    return STSClient(
      assumeRole: { request in
        var parameters = QueryParameters(action: "AssumeRole", version: version)
        parameters.add("RoleArn", request.roleARN)
        parameters.add("RoleSessionName", request.roleSessionName)
        parameters.add("ExternalId", request.externalID)
        parameters.add("DurationSeconds", request.durationSeconds)
        parameters.add("SerialNumber", request.serialNumber)
        parameters.add("TokenCode", request.tokenCode)
        let result = try await sender.query(service, parameters)
        return try STSDecoding.credentials(
          result, operation: "AssumeRole", source: "assumed role \(request.roleARN)",
          method: .assumeRole)
      },
      getCallerIdentity: {
        let result = try await sender.query(
          service, QueryParameters(action: "GetCallerIdentity", version: version))
        let operation = "GetCallerIdentity"
        return CallerIdentity(
          account: try result.required("Account", operation: operation),
          arn: try result.required("Arn", operation: operation),
          userID: result.string("UserId") ?? "")
      },
      assumeRoleWithWebIdentity: { request in
        var parameters = QueryParameters(action: "AssumeRoleWithWebIdentity", version: version)
        parameters.add("RoleArn", request.roleARN)
        parameters.add("RoleSessionName", request.roleSessionName)
        parameters.add("WebIdentityToken", request.webIdentityToken)
        let result = try await sender.unsigned().query(service, parameters)
        return try STSDecoding.credentials(
          result, operation: "AssumeRoleWithWebIdentity",
          source: "web identity role \(request.roleARN)", method: .webIdentity)
      })
  }
}

/// Reads STS's XML answers.
enum STSDecoding {
  static func credentials(
    _ result: XMLTree, operation: String, source: String, method: CredentialMethod
  ) throws -> AWSCredentials {
    guard let node = result.child("Credentials") else {
      throw AWSClientError.malformedResponse(operation: operation, reason: "no <Credentials>")
    }
    return AWSCredentials(
      accessKeyID: try node.required("AccessKeyId", operation: operation),
      secretAccessKey: try node.required("SecretAccessKey", operation: operation),
      sessionToken: node.string("SessionToken"),
      expiration: node.date("Expiration"),
      source: source, method: method)
  }
}
