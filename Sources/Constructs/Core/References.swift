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

/// A value that names a resource of a known kind; the phantom `Kind` keeps a table's name from
/// being passed where a bucket's is expected.
public struct Reference<Kind>: Hashable, Sendable {
  /// The value (`Ref`, `Fn::GetAtt` or a literal).
  public var value: Value

  /// A reference.
  public init(_ value: Value) { self.value = value }
}
