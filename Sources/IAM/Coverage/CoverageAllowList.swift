/// Permissions a role needs although no handler call shows them: the runtime, agents or AWS
/// itself use them with the role. They are never reported unused.
///
/// | actions | who uses them |
/// |---|---|
/// | `logs:CreateLogGroup`, `logs:CreateLogStream`, `logs:PutLogEvents` | the Lambda runtime writing the function's logs (and the CloudWatch agent on EC2) |
/// | `logs:DescribeLogStreams`, `logs:DescribeLogGroups` | the CloudWatch agent on EC2 |
/// | `cloudwatch:PutMetricData` | the CloudWatch agent publishing EMF metrics on EC2 (Lambda's EMF goes through logs) |
/// | `xray:PutTraceSegments`, `xray:PutTelemetryRecords`, `xray:GetSamplingRules`, `xray:GetSamplingTargets` | active tracing: Lambda or the X-Ray daemon |
/// | `sqs:SendMessage`, `sns:Publish` | Lambda sending a failed asynchronous event to the function's dead-letter queue or on-failure destination |
/// | `ec2:CreateNetworkInterface`, `ec2:DescribeNetworkInterfaces`, `ec2:DeleteNetworkInterface`, `ec2:AssignPrivateIpAddresses`, `ec2:UnassignPrivateIpAddresses` | Lambda attaching a function to a VPC |
/// | `kms:Decrypt`, `kms:Encrypt`, `kms:GenerateDataKey`, `kms:DescribeKey` | a service using a customer-managed key on the role's behalf: Lambda decrypting the environment, SQS and DynamoDB encrypting and decrypting messages and items |
/// | `ssm:UpdateInstanceInformation`, `ssmmessages:*Channel`, `ec2messages:*` actions | the SSM agent (Session Manager) on EC2 |
///
/// An allow-listed action in a role that does not need it (a DLQ permission without a DLQ) is
/// the synth's concern, not coverage's.
public struct CoverageAllowList: Hashable, Sendable {
  /// Action → why no call shows it.
  public var entries: [String: String]

  /// An allow-list.
  public init(entries: [String: String]) {
    self.entries = entries
  }

  /// Whether `action` is allowed without a call (case-insensitive).
  public func contains(_ action: String) -> Bool {
    entries.keys.contains { $0.lowercased() == action.lowercased() }
  }

  /// The default list documented above.
  public static let `default` = CoverageAllowList(entries: [
    "logs:CreateLogGroup": "lambda runtime logs",
    "logs:CreateLogStream": "lambda runtime logs, cloudwatch agent",
    "logs:PutLogEvents": "lambda runtime logs, cloudwatch agent",
    "logs:DescribeLogStreams": "cloudwatch agent",
    "logs:DescribeLogGroups": "cloudwatch agent",
    "cloudwatch:PutMetricData": "cloudwatch agent (emf on ec2)",
    "xray:PutTraceSegments": "active tracing",
    "xray:PutTelemetryRecords": "active tracing",
    "xray:GetSamplingRules": "x-ray daemon",
    "xray:GetSamplingTargets": "x-ray daemon",
    "sqs:SendMessage": "lambda dead-letter queue or on-failure destination",
    "sns:Publish": "lambda dead-letter topic or on-failure destination",
    "ec2:CreateNetworkInterface": "lambda in a vpc",
    "ec2:DescribeNetworkInterfaces": "lambda in a vpc",
    "ec2:DeleteNetworkInterface": "lambda in a vpc",
    "ec2:AssignPrivateIpAddresses": "lambda in a vpc",
    "ec2:UnassignPrivateIpAddresses": "lambda in a vpc",
    "kms:Decrypt": "a service using a customer-managed key for the role (lambda, sqs, dynamodb)",
    "kms:Encrypt": "a service using a customer-managed key for the role (dynamodb)",
    "kms:GenerateDataKey": "a service using a customer-managed key for the role (sqs, dynamodb)",
    "kms:DescribeKey": "a service using a customer-managed key for the role (dynamodb)",
    "ssm:UpdateInstanceInformation": "ssm agent",
    "ssmmessages:CreateControlChannel": "ssm agent",
    "ssmmessages:CreateDataChannel": "ssm agent",
    "ssmmessages:OpenControlChannel": "ssm agent",
    "ssmmessages:OpenDataChannel": "ssm agent",
    "ec2messages:AcknowledgeMessage": "ssm agent",
    "ec2messages:DeleteMessage": "ssm agent",
    "ec2messages:FailMessage": "ssm agent",
    "ec2messages:GetEndpoint": "ssm agent",
    "ec2messages:GetMessages": "ssm agent",
    "ec2messages:SendReply": "ssm agent",
  ])
}
