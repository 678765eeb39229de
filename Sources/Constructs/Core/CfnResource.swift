import CloudFormation
import ResourceTypes

/// One CloudFormation resource in the tree, with typed properties from the generated
/// `ResourceTypes` module.
///
/// ```swift
/// let queue = CfnResource(self, "Default", SQSQueue(messageRetentionPeriod: 1_209_600))
/// queue.deletionPolicy = .retain
/// ```
///
/// High-level constructs create these; user code rarely does. Properties stay typed until
/// synthesis, so a construct can keep amending them (a bucket adding a lifecycle rule).
public final class CfnResource: Construct {
  /// The typed properties.
  public var properties: any ResourceProperties
  /// The CloudFormation type (`AWS::S3::Bucket`).
  public var typeName: String { type(of: properties).typeName }
  /// Resources that must exist first, beyond those that references imply.
  public var dependsOn: [CfnResource] = []
  /// `Condition`.
  public var condition: String?
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

  /// A resource with `properties` under `scope`.
  public init(
    _ scope: Construct, _ id: String, _ properties: any ResourceProperties, file: String = #fileID,
    line: Int = #line
  ) {
    self.properties = properties
    super.init(scope, id, file: file, line: line)
  }

  /// A resource that a high-level construct adopts once its own initializer has run.
  public init(
    detached id: String, _ properties: any ResourceProperties, file: String = #fileID,
    line: Int = #line
  ) {
    self.properties = properties
    super.init(detached: id, file: file, line: line)
  }

  /// The logical ID, from the construct path (see ``LogicalID``).
  public var logicalID: String { LogicalID.make(path: path) }

  /// `Ref` to this resource.
  public var ref: Value { .ref(logicalID) }

  /// `Fn::GetAtt` of one of this resource's attributes.
  public func getAtt(_ attribute: String) -> Value { .getAtt(logicalID, attribute) }

  /// Changes the typed properties in place.
  public func update<P: ResourceProperties>(_ type: P.Type, _ change: (inout P) -> Void) {
    guard var typed = properties as? P else {
      preconditionFailure("\(logicalID) holds \(typeName), not \(P.typeName)")
    }
    change(&typed)
    properties = typed
  }

  /// The resource in the template model.
  public func lowered() -> Resource {
    properties.resource(
      condition: condition, dependsOn: dependsOn.map(\.logicalID).sorted(),
      deletionPolicy: deletionPolicy, updateReplacePolicy: updateReplacePolicy,
      updatePolicy: updatePolicy, creationPolicy: creationPolicy, metadata: metadata)
  }

  /// Marks the resource as holding data: kept when deleted or replaced.
  public func retain() {
    deletionPolicy = .retain
    updateReplacePolicy = .retain
  }
}
