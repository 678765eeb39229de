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

/// The STS calls: the credential chain's `AssumeRole` and deploy's account check, as a struct of
/// closures (see ``CloudFormationClient`` for the pattern).
public struct STSClient: Sendable {
  /// `AssumeRole`: temporary credentials for the role, with their expiration.
  public var assumeRole: @Sendable (AssumeRoleRequest) async throws -> AWSCredentials
  /// `GetCallerIdentity`.
  public var getCallerIdentity: @Sendable () async throws -> CallerIdentity

  /// Creates a client from closures.
  public init(
    assumeRole: @escaping @Sendable (AssumeRoleRequest) async throws -> AWSCredentials,
    getCallerIdentity: @escaping @Sendable () async throws -> CallerIdentity
  ) {
    self.assumeRole = assumeRole
    self.getCallerIdentity = getCallerIdentity
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
        let result = try await sender.query(service, parameters)
        return try STSDecoding.credentials(result, roleARN: request.roleARN)
      },
      getCallerIdentity: {
        let result = try await sender.query(
          service, QueryParameters(action: "GetCallerIdentity", version: version))
        let operation = "GetCallerIdentity"
        return CallerIdentity(
          account: try result.required("Account", operation: operation),
          arn: try result.required("Arn", operation: operation),
          userID: result.string("UserId") ?? "")
      })
  }
}

/// Reads STS's XML answers.
enum STSDecoding {
  static func credentials(_ result: XMLTree, roleARN: String) throws -> AWSCredentials {
    let operation = "AssumeRole"
    guard let node = result.child("Credentials") else {
      throw AWSClientError.malformedResponse(operation: operation, reason: "no <Credentials>")
    }
    return AWSCredentials(
      accessKeyID: try node.required("AccessKeyId", operation: operation),
      secretAccessKey: try node.required("SecretAccessKey", operation: operation),
      sessionToken: node.string("SessionToken"),
      expiration: node.date("Expiration"),
      source: "assumed role \(roleARN)")
  }
}
