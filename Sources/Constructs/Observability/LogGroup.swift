import CloudFormation
import ResourceTypes

/// A CloudWatch Logs log group with a retention period (never "forever" by accident), encrypted
/// with a customer-managed key when given one (the key's policy then lets CloudWatch Logs use it
/// for this group only).
///
/// ```swift
/// let logs = LogGroup(self, "Logs", name: .string("/aws/lambda/\(functionName)"), retentionDays: 30)
/// ```
public final class LogGroup: Construct {
  /// The `AWS::Logs::LogGroup` resource.
  public let resource: CfnResource

  /// A log group keeping events for `retentionDays`, encrypted with `key` when given.
  public init(
    _ scope: Construct, _ id: String, name: Value? = nil, retentionDays: Int,
    key: EncryptionKey? = nil, file: String = #fileID, line: Int = #line
  ) {
    var group = LogsLogGroup(retentionInDays: .literal(retentionDays))
    group.logGroupName = name.map { Field<String>.from($0) }
    if let key {
      group.kmsKeyId = .from(key.arn.value)
      key.allowLogs(groupName: name ?? "*")
    }
    resource = CfnResource(detached: LogicalID.defaultChild, group, file: file, line: line)
    resource.deletionPolicy = .delete
    resource.updateReplacePolicy = .delete
    super.init(scope, id, file: file, line: line)
    adopt(resource)
  }

  /// The log group's name (`Ref`).
  public var name: Value { resource.ref }
  /// The log group's ARN (`arn:...:log-group:NAME:*`).
  public var arn: ARN { ARN(resource.getAtt("Arn"), resourceType: LogsLogGroup.typeName) }
  /// The ARN of the group's log streams, which `PutLogEvents` needs.
  public var streamsARN: ARN {
    ARN(
      .sub(
        "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${\(resource.logicalID)}:log-stream:*"
      ),
      resourceType: LogsLogGroup.typeName, subresource: "log-stream")
  }
}
