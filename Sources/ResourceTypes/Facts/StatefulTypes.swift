/// The resource types whose replacement or deletion loses data: the one list that the diff's
/// dangers, deploy's approval gate and the stack policy all read (through
/// `ResourceFacts.isStateful`).
///
/// The provider schemas have no notion of state, so this is facestack's own table; every entry
/// is a generated type (listed in `Schemas/types.txt`), so its create-only properties are known
/// too, and says what is lost.
///
/// ```swift
/// StatefulTypes.contains("AWS::DynamoDB::Table")    // true
/// StatefulTypes.contains("AWS::Lambda::Function")   // false: its code is in the template
/// ```
public enum StatefulTypes {
  /// What a replacement or deletion loses, by type name.
  public static let losses: [String: String] = [
    "AWS::Cognito::UserPool": "its users and their passwords",
    "AWS::DynamoDB::GlobalTable": "its items, in every replica region",
    "AWS::DynamoDB::Table": "its items",
    "AWS::ECR::Repository": "its images",
    "AWS::EFS::FileSystem": "its files",
    "AWS::Glue::Database": "its tables' definitions and partitions (the data in S3 stays)",
    "AWS::Glue::Table": "its partitions (the data in S3 stays)",
    "AWS::KMS::Key": "the key material: whatever it encrypted can no longer be decrypted",
    "AWS::Kinesis::Stream": "the records still in its retention period",
    "AWS::Logs::LogGroup": "its stored log events",
    "AWS::RDS::DBCluster": "its databases (unless a snapshot is taken)",
    "AWS::RDS::DBInstance": "its databases (unless a snapshot is taken)",
    "AWS::Rekognition::Collection": "every indexed face",
    "AWS::S3::Bucket": "its objects (a non-empty bucket cannot even be deleted)",
    "AWS::SQS::Queue": "the messages in flight",
  ]

  /// Whether a resource of `type` holds data that its replacement or deletion loses.
  public static func contains(_ type: String) -> Bool { losses[type] != nil }
}
