import Foundation

/// facestack's AWS client: SigV4-signed calls to CloudFormation, S3 and STS, on real AWS or on
/// a local emulator (moto's server), with no AWS SDK.
///
/// Credentials, region and endpoints are found as the AWS CLI finds them (environment,
/// `AWS_PROFILE` and the shared files, `role_arn` through STS, `AWS_ENDPOINT_URL[_SERVICE]`).
/// Each service client is a struct of closures: ``live(_:)`` builds the real ones, and
/// ``unimplemented`` is the start of a test double, so deploy logic is unit-tested with no
/// network.
///
/// ```swift
/// // Real AWS, as the CLI would resolve it:
/// let aws = try AWSClient.live(AWSClientOptions(region: "eu-west-1"))
/// // The local emulator:
/// let local = try AWSClient.live(AWSClientOptions(
///   region: "us-east-1", endpointURL: URL(string: "http://127.0.0.1:5000"),
///   environment: AWSEnvironment(["AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"])))
///
/// let type: ChangeSetType =
///   try await aws.cloudFormation.describeStack(named: "facestack-dev") == nil ? .create : .update
/// let created = try await aws.cloudFormation.createChangeSet(CreateChangeSetInput(
///   stackName: "facestack-dev", changeSetName: "facestack-1", changeSetType: type,
///   template: .body(yaml), capabilities: [.namedIAM]))
/// let changeSet = try await aws.cloudFormation.describeChangeSetAllPages(
///   created.changeSetID, stackName: nil)
/// try await aws.cloudFormation.executeChangeSet(
///   ExecuteChangeSetInput(changeSetName: created.changeSetID, clientRequestToken: "facestack-1"))
/// let events = try await aws.cloudFormation.stackEvents(stackName: "facestack-dev", since: nil)
/// ```
///
/// Errors: AWS's answers are ``AWSServiceError`` (code, message, request id, status); the
/// client's own problems are ``AWSClientError`` (missing credentials, bad configuration,
/// connection failures), each a one-line lowercase message.
public struct AWSClient: Sendable {
  /// The region the clients sign for.
  public var region: String
  /// CloudFormation.
  public var cloudFormation: CloudFormationClient
  /// S3.
  public var s3: S3Client
  /// STS.
  public var sts: STSClient
  /// Resolves (or returns the cached) credentials; call it first to fail early with the
  /// credential chain's message.
  public var credentials: @Sendable () async throws -> AWSCredentials

  /// Creates a client from its parts.
  public init(
    region: String, cloudFormation: CloudFormationClient, s3: S3Client, sts: STSClient,
    credentials: @escaping @Sendable () async throws -> AWSCredentials
  ) {
    self.region = region
    self.cloudFormation = cloudFormation
    self.s3 = s3
    self.sts = sts
    self.credentials = credentials
  }

  /// The live client for a resolved configuration.
  public static func live(_ configuration: AWSConfiguration) -> AWSClient {
    let sender = configuration.sender
    return AWSClient(
      region: configuration.region, cloudFormation: .live(sender), s3: .live(sender),
      sts: .live(sender), credentials: { try await sender.credentials.credentials() })
  }

  /// Resolves `options` and returns the live client.
  public static func live(_ options: AWSClientOptions) throws -> AWSClient {
    live(try AWSConfiguration.resolve(options))
  }
}
