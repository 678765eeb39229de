import Foundation

/// The few IAM calls that turn on signature verification in the local emulator: moto accepts
/// `INITIAL_NO_AUTH_ACTION_COUNT` unsigned requests, which create a user, give it a policy and
/// an access key; every later request must be signed with that key. A struct of closures, as
/// ``CloudFormationClient``.
///
/// ```swift
/// let iam = IAMClient.live(unsignedSender)   // any credentials: moto does not check them yet
/// try await iam.createUser("facestack")
/// try await iam.putUserPolicy("facestack", "admin", IAMClient.allowEverythingPolicy)
/// let credentials = try await iam.createAccessKey("facestack")
/// ```
public struct IAMClient: Sendable {
  /// `CreateUser`.
  public var createUser: @Sendable (_ userName: String) async throws -> Void
  /// `PutUserPolicy` with a JSON policy document.
  public var putUserPolicy:
    @Sendable (_ userName: String, _ policyName: String, _ policyDocument: String) async throws ->
      Void
  /// `CreateAccessKey`: the new key pair, as credentials.
  public var createAccessKey: @Sendable (_ userName: String) async throws -> AWSCredentials

  /// A policy allowing every action on every resource (for the emulator's user only).
  public static let allowEverythingPolicy =
    #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#

  /// Creates a client from closures.
  public init(
    createUser: @escaping @Sendable (String) async throws -> Void,
    putUserPolicy: @escaping @Sendable (String, String, String) async throws -> Void,
    createAccessKey: @escaping @Sendable (String) async throws -> AWSCredentials
  ) {
    self.createUser = createUser
    self.putUserPolicy = putUserPolicy
    self.createAccessKey = createAccessKey
  }

  /// The client that calls IAM's Query API (2010-05-08) through `sender`.
  public static func live(_ sender: SignedRequestSender) -> IAMClient {
    let service = AWSService.iam
    let version = service.apiVersion ?? "2010-05-08"
    return IAMClient(
      createUser: { userName in
        var parameters = QueryParameters(action: "CreateUser", version: version)
        parameters.add("UserName", userName)
        _ = try await sender.query(service, parameters)
      },
      putUserPolicy: { userName, policyName, document in
        var parameters = QueryParameters(action: "PutUserPolicy", version: version)
        parameters.add("UserName", userName)
        parameters.add("PolicyName", policyName)
        parameters.add("PolicyDocument", document)
        _ = try await sender.query(service, parameters)
      },
      createAccessKey: { userName in
        var parameters = QueryParameters(action: "CreateAccessKey", version: version)
        parameters.add("UserName", userName)
        let result = try await sender.query(service, parameters)
        guard let key = result.child("AccessKey") else {
          throw AWSClientError.malformedResponse(
            operation: "CreateAccessKey", reason: "no <AccessKey> in the answer")
        }
        return AWSCredentials(
          accessKeyID: try key.required("AccessKeyId", operation: "CreateAccessKey"),
          secretAccessKey: try key.required("SecretAccessKey", operation: "CreateAccessKey"),
          source: "iam user \(userName)")
      })
  }

  /// Every call throws ``AWSClientError/unimplemented(_:)``.
  public static var unimplemented: IAMClient {
    IAMClient(
      createUser: { _ in throw AWSClientError.unimplemented("iam CreateUser") },
      putUserPolicy: { _, _, _ in throw AWSClientError.unimplemented("iam PutUserPolicy") },
      createAccessKey: { _ in throw AWSClientError.unimplemented("iam CreateAccessKey") })
  }
}
