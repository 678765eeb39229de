import CloudFormation

/// An ARN whose resource type is known, so IAM validation can check it against an action's
/// resource types (`GetAtt Table.Arn` is a DynamoDB table).
///
/// ```swift
/// let arn = table.arn              // ARN(value: !GetAtt Results.Arn, resourceType: "AWS::DynamoDB::Table")
/// let objects = bucket.objectsARN(prefix: "input/")
/// ```
public struct ARN: Hashable, Sendable {
  /// The ARN as a template value (usually `Fn::GetAtt` or `Fn::Sub`).
  public var value: Value
  /// The CloudFormation type of the resource it names, when known.
  public var resourceType: String?
  /// What inside the resource it names: `object` for S3 keys, `index` for DynamoDB indexes.
  public var subresource: String?

  /// An ARN value.
  public init(_ value: Value, resourceType: String? = nil, subresource: String? = nil) {
    self.value = value
    self.resourceType = resourceType
    self.subresource = subresource
  }

  /// The wildcard ARN, for actions that support no resource scoping.
  public static let any = ARN("*")
}
