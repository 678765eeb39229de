/// One IAM action as the catalog describes it.
public struct CatalogAction: Hashable, Sendable {
  /// `s3:GetObject`, with AWS's casing.
  public var fullName: String { service + ":" + name }
  /// The service prefix.
  public var service: String
  /// The action name, AWS's casing.
  public var name: String
  /// Its access level.
  public var accessLevel: AccessLevel
  /// The resource types it can be scoped to; empty means only `Resource: "*"` works.
  public var resourceTypes: [ResourceTypeUse]
  /// The condition keys AWS lists for the action itself.
  public var conditionKeys: [String]
  /// Actions AWS says the call needs too.
  public var dependentActions: [String]

  /// Whether the action can be scoped to some resource type.
  public var supportsResourceScoping: Bool { !resourceTypes.isEmpty }

  /// A resource type an action accepts.
  public struct ResourceTypeUse: Hashable, Sendable {
    /// The resource type name, a key of the service's resource types.
    public var name: String
    /// Whether AWS marks it required.
    public var required: Bool
    /// Condition keys that apply only with this type.
    public var conditionKeys: [String]
  }
}

/// A resource type of a service and its ARN format.
public struct CatalogResourceType: Hashable, Sendable {
  /// The service prefix.
  public var service: String
  /// The resource type name, e.g. `table`.
  public var name: String
  /// `arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}`.
  public var arnFormat: String
  /// Condition keys for this resource type.
  public var conditionKeys: [String]

  /// The format as a glob, placeholders standing for any text.
  public var pattern: Glob { Glob(arnFormat: arnFormat) }
}
