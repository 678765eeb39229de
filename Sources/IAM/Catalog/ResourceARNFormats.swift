/// The ARN that `Ref` or `Fn::GetAtt` gives for the CloudFormation resource types the stacks
/// use, and the property that names the resource in it: the one table of ARN formats. IAM
/// checks a policy's `!GetAtt Table.Arn` against an action's resource types with it, synthesis
/// resolves `policies/` with it, and the local deploy computes the ARNs the emulator cannot.
///
/// | type | `Ref` | `GetAtt` | named by |
/// |---|---|---|---|
/// | `AWS::S3::Bucket` | name | `Arn` | `BucketName` |
/// | `AWS::DynamoDB::Table` | name | `Arn`, `StreamArn` | `TableName` |
/// | `AWS::Lambda::Function` | name | `Arn` | `FunctionName` |
/// | `AWS::StepFunctions::StateMachine` | ARN | `Arn` | `StateMachineName` |
/// | `AWS::Rekognition::Collection` | id | `Arn` | `CollectionId` |
/// | `AWS::SQS::Queue` | URL | `Arn` | `QueueName` |
/// | `AWS::SNS::Topic` | ARN | `TopicArn` | `TopicName` |
/// | `AWS::Logs::LogGroup` | name | `Arn` (ends in `:*`) | `LogGroupName` |
/// | `AWS::IAM::Role` | name | `Arn` | `RoleName` |
/// | `AWS::IAM::InstanceProfile` | name | `Arn` | `InstanceProfileName` |
/// | `AWS::IAM::ManagedPolicy` | ARN | `PolicyArn` | `ManagedPolicyName` |
/// | `AWS::KMS::Key` | id | `Arn` | — |
/// | `AWS::Events::Rule` | name | `Arn` | `Name` |
/// | `AWS::Events::EventBus` | name | `Arn` | `Name` |
/// | `AWS::SecretsManager::Secret` | ARN | — | `Name` |
/// | `AWS::CloudWatch::Alarm` | name | `Arn` | `AlarmName` |
/// | `AWS::Athena::WorkGroup` | name | `Arn` (IAM's format; CloudFormation has no attribute) | `Name` |
///
/// Anything else, and every name that a template does not set, is unknown until deploy: it
/// matches any text.
///
/// ```swift
/// ResourceARNFormats.arn(type: "AWS::DynamoDB::Table", attribute: "Arn", name: "Results",
///                        partition: "aws", region: "us-east-1", account: "111111111111")
/// // arn:aws:dynamodb:us-east-1:111111111111:table/Results
/// ```
public enum ResourceARNFormats {
  /// One ARN a resource's `Ref` or attribute returns.
  public struct Format: Hashable, Sendable {
    /// The ARN with IAM's placeholders: `${Partition}`, `${Region}`, `${Account}` and one for
    /// the resource's name (`${TableName}`).
    public var format: String
    /// The resource property whose value fills the name placeholder, when the ARN is a fixed
    /// function of it.
    public var nameProperty: String?
  }

  /// ARN formats by resource type and attribute (`Ref` for `Ref`).
  public static let formats: [String: [String: Format]] = [
    "AWS::S3::Bucket": [
      "Arn": .init(format: "arn:${Partition}:s3:::${BucketName}", nameProperty: "BucketName")
    ],
    "AWS::DynamoDB::Table": [
      "Arn": .init(
        format: "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}",
        nameProperty: "TableName"),
      "StreamArn": .init(
        format:
          "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/stream/${StreamLabel}"),
    ],
    "AWS::Lambda::Function": [
      "Arn": .init(
        format: "arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}",
        nameProperty: "FunctionName")
    ],
    "AWS::StepFunctions::StateMachine": [
      "Ref": .init(
        format: "arn:${Partition}:states:${Region}:${Account}:stateMachine:${StateMachineName}",
        nameProperty: "StateMachineName"),
      "Arn": .init(
        format: "arn:${Partition}:states:${Region}:${Account}:stateMachine:${StateMachineName}",
        nameProperty: "StateMachineName"),
    ],
    "AWS::Rekognition::Collection": [
      "Arn": .init(
        format: "arn:${Partition}:rekognition:${Region}:${Account}:collection/${CollectionId}",
        nameProperty: "CollectionId")
    ],
    "AWS::SQS::Queue": [
      "Arn": .init(
        format: "arn:${Partition}:sqs:${Region}:${Account}:${QueueName}", nameProperty: "QueueName")
    ],
    "AWS::SNS::Topic": [
      "Ref": .init(
        format: "arn:${Partition}:sns:${Region}:${Account}:${TopicName}", nameProperty: "TopicName"),
      "TopicArn": .init(
        format: "arn:${Partition}:sns:${Region}:${Account}:${TopicName}", nameProperty: "TopicName"),
    ],
    "AWS::Logs::LogGroup": [
      "Arn": .init(
        format: "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:*",
        nameProperty: "LogGroupName")
    ],
    "AWS::IAM::Role": [
      "Arn": .init(
        format: "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}",
        nameProperty: "RoleName")
    ],
    "AWS::IAM::InstanceProfile": [
      "Arn": .init(
        format: "arn:${Partition}:iam::${Account}:instance-profile/${InstanceProfileNameWithPath}",
        nameProperty: "InstanceProfileName")
    ],
    "AWS::IAM::ManagedPolicy": [
      "Ref": .init(
        format: "arn:${Partition}:iam::${Account}:policy/${PolicyNameWithPath}",
        nameProperty: "ManagedPolicyName"),
      "PolicyArn": .init(
        format: "arn:${Partition}:iam::${Account}:policy/${PolicyNameWithPath}",
        nameProperty: "ManagedPolicyName"),
    ],
    "AWS::KMS::Key": [
      "Arn": .init(format: "arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}")
    ],
    "AWS::Events::Rule": [
      "Arn": .init(
        format: "arn:${Partition}:events:${Region}:${Account}:rule/${RuleName}",
        nameProperty: "Name")
    ],
    "AWS::Events::EventBus": [
      "Arn": .init(
        format: "arn:${Partition}:events:${Region}:${Account}:event-bus/${EventBusName}",
        nameProperty: "Name")
    ],
    "AWS::SecretsManager::Secret": [
      "Ref": .init(
        format: "arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}")
    ],
    "AWS::CloudWatch::Alarm": [
      "Arn": .init(
        format: "arn:${Partition}:cloudwatch:${Region}:${Account}:alarm:${AlarmName}",
        nameProperty: "AlarmName")
    ],
    "AWS::Athena::WorkGroup": [
      "Arn": .init(
        format: "arn:${Partition}:athena:${Region}:${Account}:workgroup/${WorkGroupName}",
        nameProperty: "Name")
    ],
  ]

  /// The ARN format `attribute` (or `Ref`) of a resource of `type` returns, when it is an ARN.
  public static func format(type: String, attribute: String) -> String? {
    formats[type]?[attribute]?.format
  }

  /// The property that names a resource of `type` in the ARN `attribute` returns.
  public static func nameProperty(type: String, attribute: String) -> String? {
    formats[type]?[attribute]?.nameProperty
  }

  /// The ARN `attribute` (or `Ref`) of a resource of `type` named `name` returns; `nil` when it
  /// is not an ARN of a name. The partition, region and account may be any text, such as
  /// `Fn::Sub` placeholders (`${AWS::Region}`).
  public static func arn(
    type: String, attribute: String, name: String, partition: String, region: String,
    account: String
  ) -> String? {
    guard let entry = formats[type]?[attribute], entry.nameProperty != nil else { return nil }
    var result = ""
    var rest = Substring(entry.format)
    while let start = rest.range(of: "${"), let end = rest[start.upperBound...].firstIndex(of: "}")
    {
      result += rest[..<start.lowerBound]
      switch rest[start.upperBound..<end] {
      case "Partition": result += partition
      case "Region": result += region
      case "Account": result += account
      default: result += name
      }
      rest = rest[rest.index(after: end)...]
    }
    return result + rest
  }
}
