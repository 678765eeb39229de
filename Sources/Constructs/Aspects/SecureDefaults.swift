import CloudFormation

/// Reports the secure defaults a stack turned off, as warnings with the construct's source line,
/// so a reviewer sees them even when the diff does not.
///
/// Checked: bucket encryption, public-access blocks, versioning, TLS-only policy and object
/// ownership; table point-in-time recovery and encryption; function tracing; log group
/// retention; queue encryption.
public struct SecureDefaults: Aspect {
  /// The checks.
  public init() {}

  public func visit(
    _ resource: inout Resource, of construct: CfnResource, diagnostics: inout [Diagnostic]
  ) {
    let properties = resource.properties
    var missing: [String] = []
    switch resource.type {
    case "AWS::S3::Bucket":
      if properties["BucketEncryption"] == nil { missing.append("encryption") }
      let block = properties["PublicAccessBlockConfiguration"]
      for key in [
        "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets",
      ]
      where block?[key] != .bool(true) {
        missing.append("public access block \(key)")
      }
      if properties["VersioningConfiguration"]?["Status"] != "Enabled" {
        missing.append("versioning")
      }
      if properties["OwnershipControls"] == nil { missing.append("object ownership enforced") }
      if construct.parent.map({
        $0.children.contains { ($0 as? CfnResource)?.typeName == "AWS::S3::BucketPolicy" }
      }) != true {
        missing.append("TLS-only bucket policy")
      }
    case "AWS::DynamoDB::Table":
      if properties["PointInTimeRecoverySpecification"]?["PointInTimeRecoveryEnabled"]
        != .bool(true)
      {
        missing.append("point-in-time recovery")
      }
      if properties["SSESpecification"]?["SSEEnabled"] != .bool(true) {
        missing.append("encryption with a KMS key")
      }
    case "AWS::Lambda::Function":
      if properties["TracingConfig"]?["Mode"] != "Active" { missing.append("X-Ray tracing") }
    case "AWS::Logs::LogGroup":
      if properties["RetentionInDays"] == nil { missing.append("a retention period") }
    case "AWS::SQS::Queue":
      if properties["SqsManagedSseEnabled"] != .bool(true) && properties["KmsMasterKeyId"] == nil {
        missing.append("encryption")
      }
    default:
      return
    }
    for item in missing {
      diagnostics.append(
        Diagnostic(
          .warning, "\(construct.logicalID) (\(resource.type)) has no \(item)",
          at: construct.location.description))
    }
  }
}
