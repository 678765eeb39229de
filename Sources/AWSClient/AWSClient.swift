import Foundation

/// facestack's AWS client: SigV4-signed calls to CloudFormation, S3 and STS, on real AWS or on
/// a local emulator (moto's server), with no AWS SDK.
///
/// Credentials, region and endpoints are found as the AWS CLI finds them: the whole credential
/// chain (environment, `role_arn` through STS, web identity, IAM Identity Center, the shared
/// files, `credential_process`, the container endpoint, IMDSv2; see ``CredentialChain``),
/// `--profile`/`--region` (``AWSOverrides``), `AWS_ENDPOINT_URL[_SERVICE]` and the profile's
/// `endpoint_url`/`services` for every service, the chain's own STS and SSO calls included.
/// Each service client is a struct of closures: ``live(_:)`` builds the real ones, and
/// ``unimplemented`` is the start of a test double, so deploy logic is unit-tested with no
/// network.
///
/// ```swift
/// // Real AWS, resolved as the AWS CLI would (--profile/--region come from the CLI; with
/// // --env the environment file's region, which --region may not contradict):
/// let overrides = AWSOverrides(profile: profile, region: region)
/// let aws = try AWSClient.live(AWSClientOptions(overrides, region: try overrides.region(
///   forEnvironment: "dev", declaredRegion: "eu-west-1", file: "stacks/environments/dev.yaml")))
/// _ = try await aws.credentials()  // fail early: "no aws credentials found: looked in ..."
///
/// // The local emulator (moto on 127.0.0.1) with its test credentials:
/// let local = try AWSClient.live(AWSClientOptions(
///   region: "us-east-1", endpointURL: URL(string: "http://127.0.0.1:5000"),
///   environment: AWSEnvironment(["AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"])))
///
/// // Assets: upload what is not there yet; big templates go through S3 too.
/// if try await aws.s3.headObject(bucket, key) == nil {
///   _ = try await aws.s3.putObject(PutObjectInput(bucket: bucket, key: key, body: zip))
/// }
/// let template: TemplateSource = yaml.utf8.count > TemplateSource.maximumBodySize
///   ? .url(try aws.s3.templateURL(bucket, "templates/facestack-dev.yaml")) : .body(yaml)
///
/// // A change set, its changes, its execution and the events it causes.
/// let cloudFormation = aws.cloudFormation
/// let stack = try await cloudFormation.describeStack(named: "facestack-dev")
/// let created = try await cloudFormation.createChangeSet(CreateChangeSetInput(
///   stackName: "facestack-dev", changeSetName: "facestack-1",
///   changeSetType: .forStack(stack), template: template, capabilities: [.namedIAM]))
/// let changeSet = try await cloudFormation.waitForChangeSet(created.changeSetID, stackName: nil)
/// if changeSet.isEmpty { /* no changes: delete it, exit 0 */ }
/// try await cloudFormation.executeChangeSet(
///   ExecuteChangeSetInput(changeSetName: created.changeSetID, clientRequestToken: "facestack-1"))
/// var lastSeen = try await cloudFormation.stackEvents(stackName: "facestack-dev", since: nil)
///   .last?.eventID
/// // ... poll: stackEvents(stackName:since: lastSeen) gives only the new events, oldest first.
/// ```
///
/// Tests of deploy logic start from ``unimplemented`` and replace the closures they expect:
/// `var aws = AWSClient.unimplemented; aws.cloudFormation.describeStacks = { _ in [] }`.
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
  /// IAM (the local cloud's administrator; deploy itself needs no IAM call).
  public var iam: IAMClient
  /// DynamoDB (reading the pipeline's results).
  public var dynamoDB: DynamoDBClient
  /// CloudWatch Logs (functions' logs).
  public var logs: CloudWatchLogsClient
  /// Resolves (or returns the cached) credentials; call it first to fail early with the
  /// credential chain's message.
  public var credentials: @Sendable () async throws -> AWSCredentials
  /// Where CloudFormation calls go, nil when unknown (test doubles). Deploy's account check
  /// runs when this is AWS's own endpoint (``ResolvedEndpoint/isAWS``), whatever other endpoint
  /// variables say.
  public var cloudFormationEndpoint: ResolvedEndpoint?

  /// Creates a client from its parts.
  public init(
    region: String, cloudFormation: CloudFormationClient, s3: S3Client, sts: STSClient,
    iam: IAMClient = .unimplemented, dynamoDB: DynamoDBClient = .unimplemented,
    logs: CloudWatchLogsClient = .unimplemented, cloudFormationEndpoint: ResolvedEndpoint? = nil,
    credentials: @escaping @Sendable () async throws -> AWSCredentials
  ) {
    self.region = region
    self.cloudFormation = cloudFormation
    self.s3 = s3
    self.sts = sts
    self.iam = iam
    self.dynamoDB = dynamoDB
    self.logs = logs
    self.cloudFormationEndpoint = cloudFormationEndpoint
    self.credentials = credentials
  }

  /// The live client for a resolved configuration.
  public static func live(_ configuration: AWSConfiguration) -> AWSClient {
    let sender = configuration.sender
    return AWSClient(
      region: configuration.region, cloudFormation: .live(sender), s3: .live(sender),
      sts: .live(sender), iam: .live(sender), dynamoDB: .live(sender), logs: .live(sender),
      cloudFormationEndpoint: configuration.cloudFormationEndpoint,
      credentials: { try await sender.credentials.credentials() })
  }

  /// Resolves `options` and returns the live client.
  public static func live(_ options: AWSClientOptions) throws -> AWSClient {
    live(try AWSConfiguration.resolve(options))
  }
}
