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
  /// The construct that completes the properties at lowering from what it gathered (a role's
  /// grants, a bucket's lifecycle rules, a rule's targets, a function's packaged code).
  weak var finisher: (any ResourceFinishing)?

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

  /// The resource in the template model: the typed properties, completed by the construct that
  /// owns the resource from what it gathered, with `context`'s packaged assets. Lowering never
  /// changes the tree.
  public func lowered(context: LoweringContext = LoweringContext()) -> Resource {
    let properties = finisher?.finish(self.properties, context: context) ?? self.properties
    return properties.resource(
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

/// What lowering needs beyond the tree: the assets bucket and the packaged assets, by name.
public struct LoweringContext: Sendable {
  /// The bucket holding packaged assets (the `AssetsBucket` parameter).
  public var assetsBucket: Value
  /// The packaged assets, by asset name.
  public var packaged: [String: PackagedAsset]

  /// A context; with no packaged assets, code locations are left as constructed.
  public init(assetsBucket: Value = .ref("AssetsBucket"), packaged: [String: PackagedAsset] = [:]) {
    self.assetsBucket = assetsBucket
    self.packaged = packaged
  }
}

/// A construct that completes its resource's properties when the tree is lowered, from what it
/// gathered after creating the resource (grants, lifecycle rules, targets, packaged code),
/// instead of amending the resource during synthesis.
protocol ResourceFinishing: AnyObject {
  /// `properties` completed.
  func finish(_ properties: any ResourceProperties, context: LoweringContext)
    -> any ResourceProperties
}

extension ResourceFinishing {
  /// `properties` as `P`, changed by `change`; unchanged when they hold another type.
  func amend<P: ResourceProperties>(
    _ properties: any ResourceProperties, as type: P.Type, _ change: (inout P) -> Void
  ) -> any ResourceProperties {
    guard var typed = properties as? P else { return properties }
    change(&typed)
    return typed
  }
}
