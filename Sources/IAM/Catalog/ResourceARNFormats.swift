/// The ARN that `Ref` or `Fn::GetAtt` gives for the CloudFormation resource types the stacks
/// use, so a policy's `!GetAtt Table.Arn` can be checked against an action's resource types.
///
/// | type | `Ref` | `GetAtt` |
/// |---|---|---|
/// | `AWS::S3::Bucket` | name | `Arn` |
/// | `AWS::DynamoDB::Table` | name | `Arn`, `StreamArn` |
/// | `AWS::Lambda::Function` | name | `Arn` |
/// | `AWS::StepFunctions::StateMachine` | ARN | `Arn` |
/// | `AWS::Rekognition::Collection` | id | `Arn` |
/// | `AWS::SQS::Queue` | URL | `Arn` |
/// | `AWS::SNS::Topic` | ARN | `TopicArn` |
/// | `AWS::Logs::LogGroup` | name | `Arn` (ends in `:*`) |
/// | `AWS::IAM::Role` | name | `Arn` |
/// | `AWS::IAM::InstanceProfile` | name | `Arn` |
/// | `AWS::IAM::ManagedPolicy` | ARN | `PolicyArn` |
/// | `AWS::KMS::Key` | id | `Arn` |
/// | `AWS::Events::Rule` | name | `Arn` |
/// | `AWS::Events::EventBus` | name | `Arn` |
/// | `AWS::SecretsManager::Secret` | ARN | — |
/// | `AWS::CloudWatch::Alarm` | name | `Arn` |
/// | `AWS::Athena::WorkGroup` | name | — |
///
/// Anything else, and every name, is unknown until deploy: it matches any text.
public enum ResourceARNFormats {
  /// ARN formats by resource type and attribute (`Ref` for `Ref`).
  public static let formats: [String: [String: String]] = [
    "AWS::S3::Bucket": ["Arn": "arn:${Partition}:s3:::${BucketName}"],
    "AWS::DynamoDB::Table": [
      "Arn": "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}",
      "StreamArn":
        "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/stream/${StreamLabel}",
    ],
    "AWS::Lambda::Function": [
      "Arn": "arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}"
    ],
    "AWS::StepFunctions::StateMachine": [
      "Ref": "arn:${Partition}:states:${Region}:${Account}:stateMachine:${StateMachineName}",
      "Arn": "arn:${Partition}:states:${Region}:${Account}:stateMachine:${StateMachineName}",
    ],
    "AWS::Rekognition::Collection": [
      "Arn": "arn:${Partition}:rekognition:${Region}:${Account}:collection/${CollectionId}"
    ],
    "AWS::SQS::Queue": ["Arn": "arn:${Partition}:sqs:${Region}:${Account}:${QueueName}"],
    "AWS::SNS::Topic": [
      "Ref": "arn:${Partition}:sns:${Region}:${Account}:${TopicName}",
      "TopicArn": "arn:${Partition}:sns:${Region}:${Account}:${TopicName}",
    ],
    "AWS::Logs::LogGroup": [
      "Arn": "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:*"
    ],
    "AWS::IAM::Role": ["Arn": "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}"],
    "AWS::IAM::InstanceProfile": [
      "Arn": "arn:${Partition}:iam::${Account}:instance-profile/${InstanceProfileNameWithPath}"
    ],
    "AWS::IAM::ManagedPolicy": [
      "Ref": "arn:${Partition}:iam::${Account}:policy/${PolicyNameWithPath}",
      "PolicyArn": "arn:${Partition}:iam::${Account}:policy/${PolicyNameWithPath}",
    ],
    "AWS::KMS::Key": ["Arn": "arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}"],
    "AWS::Events::Rule": ["Arn": "arn:${Partition}:events:${Region}:${Account}:rule/${RuleName}"],
    "AWS::Events::EventBus": [
      "Arn": "arn:${Partition}:events:${Region}:${Account}:event-bus/${EventBusName}"
    ],
    "AWS::SecretsManager::Secret": [
      "Ref": "arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}"
    ],
    "AWS::CloudWatch::Alarm": [
      "Arn": "arn:${Partition}:cloudwatch:${Region}:${Account}:alarm:${AlarmName}"
    ],
  ]

  /// The ARN format `attribute` (or `Ref`) of a resource of `type` returns, when it is an ARN.
  public static func format(type: String, attribute: String) -> String? {
    formats[type]?[attribute]
  }
}
