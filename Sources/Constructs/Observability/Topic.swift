import CloudFormation
import ResourceTypes

/// An SNS topic for alarm notifications, encrypted with the AWS managed key, with email
/// subscriptions.
public final class Topic: Construct {
  /// The `AWS::SNS::Topic` resource.
  public let resource: CfnResource

  /// A topic.
  public init(
    _ scope: Construct, _ id: String, displayName: String, file: String = #fileID, line: Int = #line
  ) {
    resource = CfnResource(
      detached: LogicalID.defaultChild,
      SNSTopic(displayName: .literal(displayName), kmsMasterKeyId: "alias/aws/sns"), file: file,
      line: line)
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
