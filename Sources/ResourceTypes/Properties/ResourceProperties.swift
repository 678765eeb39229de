import CloudFormation

/// The generated properties struct of one CloudFormation resource type.
///
/// ```swift
/// let bucket = S3Bucket(
///   bucketName: .sub("${AWS::StackName}-images"),
///   versioningConfiguration: .literal(.init(status: .enabled)))
/// let resource = bucket.resource(deletionPolicy: .retain, updateReplacePolicy: .retain)
/// let arn: Field<String> = .getAtt("ImagesBucket", S3Bucket.Attribute.arn)
/// ```
public protocol ResourceProperties: PropertyObject {
  /// The CloudFormation type name (`AWS::S3::Bucket`).
  static var typeName: String { get }
  /// What the schema says about the type, before corrections.
  static var schemaFacts: ResourceFacts { get }
  /// The schema's validation rules.
  static var checks: SchemaChecks { get }
}

extension ResourceProperties {
  /// The type's facts with the corrections of `ResourceFacts.corrections` applied.
  public static var facts: ResourceFacts { schemaFacts.corrected() }

  /// The resource in the template model, properties in alphabetical order.
  public func resource(
    condition: String? = nil, dependsOn: [String] = [], deletionPolicy: DeletionPolicy? = nil,
    updateReplacePolicy: DeletionPolicy? = nil, updatePolicy: Value? = nil,
    creationPolicy: Value? = nil, metadata: Value? = nil
  ) -> Resource {
    Resource(
      type: Self.typeName, properties: loweredProperties(), condition: condition,
      dependsOn: dependsOn, deletionPolicy: deletionPolicy,
      updateReplacePolicy: updateReplacePolicy, updatePolicy: updatePolicy,
      creationPolicy: creationPolicy, metadata: metadata)
  }
}

/// A name `Fn::GetAtt` accepts for one resource type; each generated type has an `Attribute`
/// struct with one static member per read-only property (`S3Bucket.Attribute.arn` is `Arn`).
public protocol ResourceAttribute: Hashable, Sendable {
  /// The attribute in CloudFormation's spelling (`Arn`, `MetadataConfiguration.Destination`).
  var name: String { get }
}

extension Value {
  /// `Fn::GetAtt` of a typed attribute.
  public static func getAtt(_ logicalID: String, _ attribute: some ResourceAttribute) -> Value {
    .intrinsic(.getAtt(logicalID, .string(attribute.name)))
  }
}
