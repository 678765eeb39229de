/// One resource's change (`Changes.member.N.ResourceChange`).
public struct ResourceChange: Sendable, Equatable {
  /// `Add`, `Modify`, `Remove`, `Import`, `Dynamic`.
  public var action: String
  /// The logical id.
  public var logicalResourceID: String
  /// The physical id, when the resource exists.
  public var physicalResourceID: String?
  /// `AWS::S3::Bucket`.
  public var resourceType: String
  /// `True`, `False`, `Conditional`; nil when not a `Modify` (and always nil on moto).
  public var replacement: String?
  /// What changes: `Properties`, `Metadata`, `CreationPolicy`, `UpdatePolicy`,
  /// `DeletionPolicy`, `UpdateReplacePolicy`, `Tags`.
  public var scope: [String]
  /// The property-level details.
  public var details: [ResourceChangeDetail]

  /// Creates a change.
  public init(
    action: String, logicalResourceID: String, physicalResourceID: String? = nil,
    resourceType: String, replacement: String? = nil, scope: [String] = [],
    details: [ResourceChangeDetail] = []
  ) {
    self.action = action
    self.logicalResourceID = logicalResourceID
    self.physicalResourceID = physicalResourceID
    self.resourceType = resourceType
    self.replacement = replacement
    self.scope = scope
    self.details = details
  }
}

/// A property-level detail of a resource change.
public struct ResourceChangeDetail: Sendable, Equatable {
  /// `Properties`, `Tags`, ...
  public var attribute: String?
  /// The property name (`BucketName`).
  public var name: String?
  /// `Never`, `Conditionally`, `Always`.
  public var requiresRecreation: String?
  /// `Static` or `Dynamic`.
  public var evaluation: String?
  /// `ResourceReference`, `ParameterReference`, `ResourceAttribute`, `DirectModification`,
  /// `Automatic`.
  public var changeSource: String?
  /// The entity causing the change (`MyBucket.Arn`).
  public var causingEntity: String?

  /// Creates a detail.
  public init(
    attribute: String? = nil, name: String? = nil, requiresRecreation: String? = nil,
    evaluation: String? = nil, changeSource: String? = nil, causingEntity: String? = nil
  ) {
    self.attribute = attribute
    self.name = name
    self.requiresRecreation = requiresRecreation
    self.evaluation = evaluation
    self.changeSource = changeSource
    self.causingEntity = causingEntity
  }
}
