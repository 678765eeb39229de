/// A resource: its type, properties and resource attributes.
///
/// ```swift
/// var table = Resource(type: "AWS::DynamoDB::Table", properties: ["BillingMode": "PAY_PER_REQUEST"])
/// table.deletionPolicy = .retain
/// table.updateReplacePolicy = .retain
/// ```
public struct Resource: Hashable, Sendable {
  /// `Type`, such as `AWS::S3::Bucket`.
  public var type: String
  /// `Condition`: the name of the condition that decides whether the resource exists.
  public var condition: String?
  /// `DependsOn`: logical IDs created before this resource.
  public var dependsOn: [String]
  /// `Properties`, in the order they were set.
  public var properties: OrderedMap<Value>
  /// `DeletionPolicy`.
  public var deletionPolicy: DeletionPolicy?
  /// `UpdateReplacePolicy`.
  public var updateReplacePolicy: DeletionPolicy?
  /// `UpdatePolicy`.
  public var updatePolicy: Value?
  /// `CreationPolicy`.
  public var creationPolicy: Value?
  /// `Metadata`.
  public var metadata: Value?
  /// Attributes kept as data: keys the model does not type (`Version`, keys a macro reads such
  /// as `Count`), values the typed fields cannot hold (`DeletionPolicy: !If ...` under
  /// `AWS::LanguageExtensions`), and the spelling of typed values written in another form
  /// (`DependsOn: Queue` rather than a list). A spelling is written only while it still says what
  /// the typed field says.
  public var untypedAttributes: OrderedMap<Value> = [:]

  /// A resource of `type`.
  public init(
    type: String, properties: OrderedMap<Value> = [:], condition: String? = nil,
    dependsOn: [String] = [], deletionPolicy: DeletionPolicy? = nil,
    updateReplacePolicy: DeletionPolicy? = nil, updatePolicy: Value? = nil,
    creationPolicy: Value? = nil, metadata: Value? = nil
  ) {
    self.type = type
    self.properties = properties
    self.condition = condition
    self.dependsOn = dependsOn
    self.deletionPolicy = deletionPolicy
    self.updateReplacePolicy = updateReplacePolicy
    self.updatePolicy = updatePolicy
    self.creationPolicy = creationPolicy
    self.metadata = metadata
  }

  /// The keys of a resource in the order the writers use.
  public static let keyOrder = [
    "Type", "Condition", "DependsOn", "Properties", "DeletionPolicy", "UpdateReplacePolicy",
    "UpdatePolicy", "CreationPolicy", "Metadata",
  ]

  /// The resource in CloudFormation's form.
  public var document: Value {
    var map = OrderedMap<Value>()
    if !type.isEmpty || untypedAttributes["Type"] == nil { map["Type"] = .string(type) }
    map["Condition"] = condition.map(Value.string)
    if !dependsOn.isEmpty { map["DependsOn"] = .list(dependsOn.map(Value.string)) }
    if !properties.isEmpty { map["Properties"] = .map(properties) }
    map["DeletionPolicy"] = deletionPolicy.map { .string($0.rawValue) }
    map["UpdateReplacePolicy"] = updateReplacePolicy.map { .string($0.rawValue) }
    map["UpdatePolicy"] = updatePolicy
    map["CreationPolicy"] = creationPolicy
    map["Metadata"] = metadata
    return .map(
      AttributeLayout.merge(typed: map, written: untypedAttributes, order: Resource.keyOrder))
  }
}

/// What CloudFormation does with a resource's data when the resource is deleted or replaced.
public enum DeletionPolicy: String, CaseIterable, Hashable, Sendable {
  case delete = "Delete"
  case retain = "Retain"
  case retainExceptOnCreate = "RetainExceptOnCreate"
  case snapshot = "Snapshot"

  /// Whether the policy keeps the data.
  public var retainsData: Bool { self != .delete }
}

/// A stack output.
public struct Output: Hashable, Sendable {
  /// `Value`.
  public var value: Value
  /// `Description`.
  public var description: String?
  /// `Export.Name`, when the output is exported.
  public var exportName: Value?
  /// `Condition`.
  public var condition: String?
  /// Attributes kept as data: keys a macro reads, and the spelling of typed values written in
  /// another form; see ``Resource/untypedAttributes``.
  public var untypedAttributes: OrderedMap<Value> = [:]

  /// An output of `value`.
  public init(
    value: Value, description: String? = nil, exportName: Value? = nil, condition: String? = nil
  ) {
    self.value = value
    self.description = description
    self.exportName = exportName
    self.condition = condition
  }

  /// The keys of an output in the order the writers use.
  public static let keyOrder = ["Description", "Value", "Export", "Condition"]

  /// The output in CloudFormation's form.
  public var document: Value {
    var map = OrderedMap<Value>()
    map["Description"] = description.map(Value.string)
    map["Value"] = value
    map["Export"] = exportName.map { ["Name": $0] }
    map["Condition"] = condition.map(Value.string)
    return .map(
      AttributeLayout.merge(typed: map, written: untypedAttributes, order: Output.keyOrder))
  }
}
