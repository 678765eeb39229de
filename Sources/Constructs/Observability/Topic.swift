import CloudFormation
import ResourceTypes

/// An SNS topic for alarm notifications, encrypted with the AWS managed key (or a
/// customer-managed key, which CloudWatch alarms of the account may then use), with email
/// subscriptions.
public final class Topic: Construct {
  /// The `AWS::SNS::Topic` resource.
  public let resource: CfnResource

  /// A topic, encrypted with `key` when given.
  public init(
    _ scope: Construct, _ id: String, displayName: String, key: EncryptionKey? = nil,
    file: String = #fileID, line: Int = #line
  ) {
    key?.allowAlarms()
    resource = CfnResource(
      detached: LogicalID.defaultChild,
      SNSTopic(
        displayName: .literal(displayName),
        kmsMasterKeyId: key.map { .from($0.arn.value) } ?? "alias/aws/sns"),
      file: file, line: line)
    super.init(scope, id, file: file, line: line)
    adopt(resource)
  }

  /// The topic's ARN (`Ref`).
  public var arn: ARN { ARN(resource.ref, resourceType: SNSTopic.typeName) }

  /// Emails notifications to `address` (the recipient confirms the subscription).
  public func subscribe(email address: String, file: String = #fileID, line: Int = #line) {
    _ = CfnResource(
      self, "Email\(LogicalID.component(address))",
      SNSSubscription(endpoint: .literal(address), protocol: "email", topicArn: .from(arn.value)),
      file: file,
      line: line)
  }
}
