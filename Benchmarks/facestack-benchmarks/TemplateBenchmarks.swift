import CloudFormation

/// Writing and reading large templates (issue 2): a generated 500-resource template and a
/// template of about 1 MB.
enum TemplateBenchmarks {
  static let scenarios: [Scenario] = [
    writeRead(name: "template-500-resources yaml", resources: 500, format: .yaml),
    writeRead(name: "template-500-resources json", resources: 500, format: .json),
    writeRead(name: "template-1mb yaml", resources: 2_450, format: .yaml),
    writeRead(name: "template-1mb json", resources: 1_400, format: .json),
  ]

  static func writeRead(name: String, resources: Int, format: TemplateFormat) -> Scenario {
    Scenario(name: name) {
      let template = generated(resources: resources)
      let bytes = Array(try TemplateWriter.write(template, as: format).utf8)
      let work = {
        let text = try TemplateWriter.write(template, as: format)
        let back = try TemplateReader.read(Array(text.utf8), file: "benchmark")
        precondition(back.resources.count == template.resources.count)
      }
      return (work, "write+read \(resources) resources, \(bytes.count / 1024) KiB")
    }
  }

  /// A template shaped like the pipeline's: functions, roles with policies, queues, tables.
  static func generated(resources: Int) -> Template {
    var template = Template(description: "generated for benchmarks")
    template.parameters["AssetsBucket"] = Parameter(type: .string)
    for index in 0..<resources {
      let id = "Resource\(index)"
      switch index % 4 {
      case 0:
        template.resources[id] = Resource(
          type: "AWS::Lambda::Function",
          properties: [
            "Runtime": "python3.12", "Architectures": ["arm64"], "MemorySize": 1024, "Timeout": 30,
            "Handler": "app.handler", "Role": .getAtt("Resource\(index + 1)", "Arn"),
            "Code": ["S3Bucket": .ref("AssetsBucket"), "S3Key": .string("assets/\(index).zip")],
            "Environment": [
              "Variables": ["TABLE_NAME": .ref("Resource\(index + 3)"), "STAGE": "dev"]
            ],
            "TracingConfig": ["Mode": "Active"],
          ])
      case 1:
        template.resources[id] = Resource(
          type: "AWS::IAM::Role",
          properties: [
            "AssumeRolePolicyDocument": [
              "Version": "2012-10-17",
              "Statement": [
                [
                  "Effect": "Allow", "Principal": ["Service": "lambda.amazonaws.com"],
                  "Action": "sts:AssumeRole",
                ]
              ],
            ],
            "Policies": [
              [
                "PolicyName": "access",
                "PolicyDocument": [
                  "Version": "2012-10-17",
                  "Statement": [
                    [
                      "Effect": "Allow", "Action": ["dynamodb:PutItem", "dynamodb:BatchWriteItem"],
                      "Resource": .getAtt("Resource\(index + 2)", "Arn"),
                    ],
                    [
                      "Effect": "Allow", "Action": "s3:GetObject",
                      "Resource": .sub("arn:${AWS::Partition}:s3:::bucket-\(index)/input/*"),
                    ],
                  ],
                ],
              ]
            ],
          ])
      case 2:
        template.resources[id] = Resource(
          type: "AWS::SQS::Queue",
          properties: ["MessageRetentionPeriod": 1_209_600, "SqsManagedSseEnabled": true])
      default:
        var table = Resource(
          type: "AWS::DynamoDB::Table",
          properties: [
            "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [
              ["AttributeName": "image_id", "KeyType": "HASH"],
              ["AttributeName": "face", "KeyType": "RANGE"],
            ],
            "AttributeDefinitions": [
              ["AttributeName": "image_id", "AttributeType": "S"],
              ["AttributeName": "face", "AttributeType": "S"],
            ],
            "PointInTimeRecoverySpecification": ["PointInTimeRecoveryEnabled": true],
          ])
        table.deletionPolicy = .retain
        table.updateReplacePolicy = .retain
        template.resources[id] = table
      }
    }
    return template
  }
}
