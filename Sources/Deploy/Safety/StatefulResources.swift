import CloudFormation
import Foundation

/// Which resources hold data that a replacement or deletion would lose.
public enum StatefulResources {
  /// Types whose replacement or deletion loses data.
  public static let types: Set<String> = [
    "AWS::S3::Bucket", "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable",
    "AWS::Rekognition::Collection", "AWS::Logs::LogGroup", "AWS::SQS::Queue", "AWS::KMS::Key",
    "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::EFS::FileSystem",
    "AWS::Kinesis::Stream", "AWS::ECR::Repository", "AWS::Cognito::UserPool",
    "AWS::Glue::Database", "AWS::Glue::Table",
  ]

  /// True for a stateful type.
  public static func isStateful(type: String) -> Bool { types.contains(type) }

  /// The logical ids of `template`'s stateful resources: a stateful type, or any resource that
  /// retains its data on deletion (`DeletionPolicy: Retain` or `Snapshot`), sorted.
  public static func logicalIDs(in template: Template) -> [String] {
    template.resources.compactMap { entry -> String? in
      let resource = entry.value
      let retains = resource.deletionPolicy?.retainsData ?? false
      return isStateful(type: resource.type) || retains ? entry.key : nil
    }.sorted()
  }

  /// The resources `template` keeps when its stack is deleted (`DeletionPolicy: Retain` or
  /// `RetainExceptOnCreate`), as (logical id, type), in template order.
  public static func retainedOnDelete(in template: Template) -> [(logicalID: String, type: String)]
  {
    template.resources.compactMap { entry in
      guard let policy = entry.value.deletionPolicy, policy != .delete, policy != .snapshot else {
        return nil
      }
      return (entry.key, entry.value.type)
    }
  }
}
