import CloudFormation
import IAM
import ResourceTypes

/// An S3 bucket with secure defaults, each overridable through ``Options``:
/// SSE-S3 encryption with a bucket key, all four public-access blocks, versioning, a TLS-only
/// bucket policy, object ownership enforced (no ACLs), EventBridge notifications, lifecycle rules
/// per prefix, and retained when deleted or replaced.
///
/// ```swift
/// let images = Bucket(stack, "Images", options: .init(name: "\(prefix)-images"))
/// images.grant([.getObject], prefix: "input/", to: detect.role)
/// ```
public final class Bucket: Construct {
  /// What can be changed; the defaults are the secure choice.
  public struct Options: Sendable {
    /// The bucket's name; `nil` lets CloudFormation choose one.
    public var name: Value?
    /// Encrypt objects at rest with S3-managed keys (SSE-S3) and a bucket key.
    public var encrypted = true
    /// Block every kind of public access.
    public var blockPublicAccess = true
    /// Keep every version of every object.
    public var versioned = true
    /// Deny requests that do not use TLS.
    public var enforceTLS = true
    /// Disable ACLs: the bucket owner owns every object.
    public var enforceObjectOwnership = true
    /// Send object events to EventBridge.
    public var eventBridge = true
    /// Keep the bucket and its objects when the stack deletes or replaces it.
    public var retain = true
    /// Days after which noncurrent versions expire (0 keeps them).
    public var noncurrentVersionDays = 30

    /// The defaults.
    public init(name: Value? = nil) { self.name = name }
  }

  /// Object-level and bucket-level S3 actions a grant can give.
  public enum Action: String, Sendable, CaseIterable {
    case getObject = "s3:GetObject"
    case getObjectVersion = "s3:GetObjectVersion"
    case putObject = "s3:PutObject"
    case deleteObject = "s3:DeleteObject"
    case listBucket = "s3:ListBucket"

    var isBucketLevel: Bool { self == .listBucket }
  }

  /// The `AWS::S3::Bucket` resource.
  public let resource: CfnResource
  /// The TLS-only bucket policy, when enforced.
  public private(set) var policy: CfnResource?
  /// The options it was built with.
  public let options: Options
  private var lifecycleRules: [S3Bucket.Rule] = []
  /// Statements the bucket policy carries beyond the TLS-only one (log delivery).
  private var policyStatements: [Statement] = []
  private var accessLogs: (bucket: Bucket, prefix: String)?

  /// A bucket.
  public init(
    _ scope: Construct, _ id: String, options: Options = Options(), file: String = #fileID,
    line: Int = #line
  ) {
    self.options = options
    var bucket = S3Bucket()
    bucket.bucketName = options.name.map { Field<String>.from($0) }
    if options.encrypted {
      bucket.bucketEncryption = .literal(
        S3Bucket.BucketEncryption(serverSideEncryptionConfiguration: [
          .literal(
            S3Bucket.ServerSideEncryptionRule(
              bucketKeyEnabled: true,
              serverSideEncryptionByDefault: .literal(
                S3Bucket.ServerSideEncryptionByDefault(sseAlgorithm: "AES256"))))
        ]))
    }
    if options.blockPublicAccess {
      bucket.publicAccessBlockConfiguration = .literal(
        S3Bucket.PublicAccessBlockConfiguration(
          blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true,
          restrictPublicBuckets: true))
    }
    if options.versioned {
      bucket.versioningConfiguration = .literal(S3Bucket.VersioningConfiguration(status: "Enabled"))
    }
    if options.enforceObjectOwnership {
      bucket.ownershipControls = .literal(
        S3Bucket.OwnershipControls(rules: [
          .literal(S3Bucket.OwnershipControlsRule(objectOwnership: "BucketOwnerEnforced"))
        ]))
    }
    if options.eventBridge {
      bucket.notificationConfiguration = .literal(
        S3Bucket.NotificationConfiguration(
          eventBridgeConfiguration: .literal(
            S3Bucket.EventBridgeConfiguration(eventBridgeEnabled: true))))
    }
    resource = CfnResource(detached: LogicalID.defaultChild, bucket, file: file, line: line)
    if options.retain { resource.retain() }
    super.init(scope, id, file: file, line: line)
    adopt(resource)
    resource.finisher = self
    if options.versioned && options.noncurrentVersionDays > 0 {
      lifecycleRules.append(
        S3Bucket.Rule(
          abortIncompleteMultipartUpload: .literal(
            S3Bucket.AbortIncompleteMultipartUpload(daysAfterInitiation: 7)),
          id: "expire-noncurrent-versions",
          noncurrentVersionExpiration: .literal(
            S3Bucket.NoncurrentVersionExpiration(
              noncurrentDays: .literal(options.noncurrentVersionDays))),
          status: "Enabled"))
    }
    if options.enforceTLS {
      let statement = Statement(
        sid: "DenyInsecureTransport", effect: .deny, principal: .any, actions: .actions(["s3:*"]),
        resources: .resources([arn.value, objectsARN(prefix: "").value]),
        conditions: [Condition(.bool, "aws:SecureTransport", ["false"])])
      policyStatements.append(statement)
      let policy = CfnResource(
        self, "Policy",
        S3BucketPolicy(bucket: .from(name), policyDocument: .literal([:])), file: file, line: line)
      policy.finisher = self
      self.policy = policy
    }
  }

  /// Sends S3 server access logs of this bucket to `destination` under `prefix`: the
  /// destination's policy lets S3's log delivery write there for this bucket only
  /// (`aws:SourceArn`, `aws:SourceAccount`). The destination should be a bucket of its own,
  /// with SSE-S3 (log delivery supports no KMS key) and no event notifications.
  public func logAccess(to destination: Bucket, prefix: String) {
    accessLogs = (destination, prefix)
    destination.policyStatements.append(
      Statement(
        sid: "S3ServerAccessLogs\(LogicalID.component(prefix))", effect: .allow,
        principal: .services(["logging.s3.amazonaws.com"]), actions: .actions(["s3:PutObject"]),
        resources: .resources([destination.objectsARN(prefix: prefix).value]),
        conditions: [
          Condition(.arnLike, "aws:SourceArn", [arn.value]),
          Condition(.stringEquals, "aws:SourceAccount", [.ref(.accountId)]),
        ]))
  }

  /// The bucket's name (`Ref`).
  public var name: Value { resource.ref }
  /// The bucket's ARN.
  public var arn: ARN { ARN(resource.getAtt("Arn"), resourceType: S3Bucket.typeName) }
  /// The ARN of the objects under `prefix` (`arn:...:bucket/input/*`).
  public func objectsARN(prefix: String) -> ARN {
    ARN(
      .sub("${\(resource.logicalID).Arn}/\(prefix)*"), resourceType: S3Bucket.typeName,
      subresource: "object")
  }

  /// Expires objects under `prefix` after `days`.
  public func expire(prefix: String, afterDays days: Int, file: String = #fileID, line: Int = #line)
  {
    lifecycleRules.append(
      S3Bucket.Rule(
        expirationInDays: .literal(days),
        id: .literal("expire-\(prefix.filter { $0.isLetter || $0.isNumber })"),
        prefix: .literal(prefix), status: "Enabled"))
  }

  /// Grants object actions on the keys under `prefix` (bucket-level actions on the bucket, with
  /// an `s3:prefix` condition).
  public func grant(
    _ actions: [Action], prefix: String, to role: Role, file: String = #fileID, line: Int = #line
  ) {
    let objectActions = actions.filter { !$0.isBucketLevel }.map(\.rawValue)
    if !objectActions.isEmpty {
      role.allow(objectActions, on: [objectsARN(prefix: prefix)], file: file, line: line)
    }
    if actions.contains(.listBucket) {
      role.allow(
        [Action.listBucket.rawValue], on: [arn],
        conditions: [Condition(.stringLike, "s3:prefix", [.string(prefix + "*")])], file: file,
        line: line)
    }
  }

  /// Grants reading objects under `prefix`.
  public func grantRead(prefix: String, to role: Role, file: String = #fileID, line: Int = #line) {
    grant([.getObject], prefix: prefix, to: role, file: file, line: line)
  }

  /// Grants writing objects under `prefix`.
  public func grantWrite(prefix: String, to role: Role, file: String = #fileID, line: Int = #line) {
    grant([.putObject], prefix: prefix, to: role, file: file, line: line)
  }
}

extension Bucket: ResourceFinishing {
  func finish(_ properties: any ResourceProperties, context: LoweringContext)
    -> any ResourceProperties
  {
    if properties is S3BucketPolicy {
      let document = PolicyWriter.value(PolicyDocument(statements: policyStatements))
      return amend(properties, as: S3BucketPolicy.self) { $0.policyDocument = .literal(document) }
    }
    let rules = lifecycleRules
    let logs = accessLogs
    return amend(properties, as: S3Bucket.self) {
      if !rules.isEmpty {
        $0.lifecycleConfiguration = .literal(
          S3Bucket.LifecycleConfiguration(rules: .literal(rules.map { .literal($0) })))
      }
      if let logs {
        $0.loggingConfiguration = .literal(
          S3Bucket.LoggingConfiguration(
            destinationBucketName: .from(logs.bucket.name), logFilePrefix: .literal(logs.prefix)))
      }
    }
  }
}
