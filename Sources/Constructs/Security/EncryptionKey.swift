import CloudFormation
import IAM
import ResourceTypes

/// A customer-managed KMS key (symmetric, rotated yearly, retained) with an alias, whose key
/// policy names exactly the services that use it: the account administers it and lets IAM grant
/// its use, CloudWatch Logs may use it for the log groups registered with it (by the log
/// group's encryption context), EventBridge for delivering to queues under it (the queues'
/// policies name the rules), CloudWatch for this account's alarms publishing to topics under it. Roles get their use from the
/// constructs' grants (``grant(_:to:file:line:)``), never from the key policy.
///
/// ```swift
/// let key = EncryptionKey(stack, "DataKey", alias: "facestack-prod", description: "facestack prod data")
/// let logs = LogGroup(stack, "Logs", name: "/aws/lambda/detect", retentionDays: 30, key: key)
/// ```
public final class EncryptionKey: Construct {
  /// What a role may do with the key.
  public enum Use: Sendable {
    /// Read what the key protects: `kms:Decrypt`.
    case decrypt
    /// Read and write: `kms:Decrypt`, `kms:GenerateDataKey` (SQS producers and consumers).
    case encryptDecrypt
    /// Through DynamoDB: `kms:Decrypt`, `kms:Encrypt`, `kms:GenerateDataKey`, `kms:DescribeKey`,
    /// only when DynamoDB calls on the role's behalf (`kms:ViaService`).
    case dynamoDB

    var actions: [String] {
      switch self {
      case .decrypt: return ["kms:Decrypt"]
      case .encryptDecrypt: return ["kms:Decrypt", "kms:GenerateDataKey"]
      case .dynamoDB:
        return ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"]
      }
    }
  }

  /// The `AWS::KMS::Key` resource.
  public let resource: CfnResource
  /// The alias (`alias/<name>`).
  public let alias: String
  private var logGroupNames: [Value] = []
  private var eventRules = false
  private var alarms = false

  /// A key named `alias/<alias>`.
  public init(
    _ scope: Construct, _ id: String, alias: String, description: String,
    file: String = #fileID, line: Int = #line
  ) {
    self.alias = "alias/\(alias)"
    resource = CfnResource(
      detached: LogicalID.defaultChild,
      KMSKey(
        description: .literal(description), enableKeyRotation: true, enabled: true,
        keyPolicy: .literal([:]), keySpec: "SYMMETRIC_DEFAULT", keyUsage: "ENCRYPT_DECRYPT",
        pendingWindowInDays: 30),
      file: file, line: line)
    // Deleting the key makes everything it encrypted unreadable: keep it.
    resource.retain()
    super.init(scope, id, file: file, line: line)
    adopt(resource)
    resource.finisher = self
    _ = CfnResource(
      self, "Alias",
      KMSAlias(aliasName: .literal(self.alias), targetKeyId: .from(resource.ref)), file: file,
      line: line)
  }

  /// The key's ARN.
  public var arn: ARN { ARN(resource.getAtt("Arn"), resourceType: KMSKey.typeName) }

  /// Grants `use` of the key to `role`.
  public func grant(_ use: Use, to role: Role, file: String = #fileID, line: Int = #line) {
    let conditions =
      use == .dynamoDB
      ? [
        Condition(.stringEquals, "kms:ViaService", [.sub("dynamodb.${AWS::Region}.amazonaws.com")])
      ]
      : []
    role.allow(use.actions, on: [arn], conditions: conditions, file: file, line: line)
  }

  /// Lets CloudWatch Logs encrypt the log group named `name` (its encryption context).
  public func allowLogs(groupName name: Value) {
    if !logGroupNames.contains(name) { logGroupNames.append(name) }
  }

  /// Lets EventBridge rules of this account and region send to queues under the key.
  public func allowEventRules() { eventRules = true }

  /// Lets CloudWatch alarms of this account and region publish to topics under the key.
  public func allowAlarms() { alarms = true }

  /// The key policy.
  public var policy: PolicyDocument {
    let account = Principal.entries([
      .aws: [.sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")]
    ])
    var statements = [
      Statement(
        sid: "AccountAdministersKey", effect: .allow, principal: account,
        actions: .actions(Self.administration), resources: .resources(["*"])),
      Statement(
        sid: "AccountGrantsUseThroughIAM", effect: .allow, principal: account,
        actions: .actions(["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"]),
        resources: .resources(["*"])),
      Statement(
        sid: "AWSServicesCreateGrants", effect: .allow, principal: account,
        actions: .actions(["kms:CreateGrant"]), resources: .resources(["*"]),
        conditions: [Condition(.bool, "kms:GrantIsForAWSResource", ["true"])]),
    ]
    if !logGroupNames.isEmpty {
      statements.append(
        Statement(
          sid: "CloudWatchLogsEncryptsLogGroups", effect: .allow,
          principal: .entries([.service: [.sub("logs.${AWS::Region}.amazonaws.com")]]),
          actions: .actions([
            "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey",
            "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo",
          ]),
          resources: .resources(["*"]),
          conditions: [
            Condition(
              .arnEquals, "kms:EncryptionContext:aws:logs:arn",
              logGroupNames.map { Self.logGroupARN($0) })
          ]))
    }
    if eventRules {
      // Not conditioned: the data keys EventBridge asks for when it delivers to an encrypted
      // queue are not documented to carry aws:SourceArn or aws:SourceAccount (a condition on
      // them would drop every event silently); which rules may send is the queue policies'
      // aws:SourceArn, and only this account's queues use the key.
      statements.append(
        Statement(
          sid: "EventBridgeSendsToQueues", effect: .allow,
          principal: .services(["events.amazonaws.com"]),
          actions: .actions(["kms:Decrypt", "kms:GenerateDataKey"]), resources: .resources(["*"])
        ))
    }
    if alarms {
      statements.append(
        Self.service(
          "cloudwatch.amazonaws.com", sid: "CloudWatchAlarmsPublish",
          source: "arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:*"))
    }
    return PolicyDocument(statements: statements)
  }

  /// Managing the key without using it.
  static let administration = [
    "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:DeleteAlias", "kms:DescribeKey",
    "kms:DisableKey", "kms:DisableKeyRotation", "kms:EnableKey", "kms:EnableKeyRotation",
    "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListAliases", "kms:ListGrants",
    "kms:ListKeyPolicies", "kms:ListResourceTags", "kms:PutKeyPolicy", "kms:RevokeGrant",
    "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource", "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
  ]

  static func service(_ name: String, sid: String, source: String) -> Statement {
    Statement(
      sid: sid, effect: .allow, principal: .services([name]),
      actions: .actions(["kms:Decrypt", "kms:GenerateDataKey"]), resources: .resources(["*"]),
      conditions: [
        Condition(.stringEquals, "aws:SourceAccount", [.ref(.accountId)]),
        Condition(.arnLike, "aws:SourceArn", [.sub(source)]),
      ])
  }

  /// A log group's ARN from its name, without referring to the group (which refers to the key).
  static func logGroupARN(_ name: Value) -> Value {
    if case .string(let text) = name {
      return .sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:\(text)")
    }
    return .join(
      "", [.sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:"), name])
  }
}

extension EncryptionKey: ResourceFinishing {
  func finish(_ properties: any ResourceProperties, context: LoweringContext)
    -> any ResourceProperties
  {
    let document = PolicyWriter.value(policy)
    return amend(properties, as: KMSKey.self) { $0.keyPolicy = .literal(document) }
  }
}
