import Foundation
import IAM
import LocalHTTP
import Testing

@testable import LocalGateway

/// The request → action mapping for every operation the handlers call
/// (`stacks/FaceRecognition/handlers/manifest.json` `aws_calls`), facestack calls
/// (`Sources/AWSClient`, `Sources/Deploy`) and the runtime answers, on requests built and signed
/// by a real botocore client.
@Suite(.enabled(if: hasBotocore)) struct RequestMappingTests {
  static let account = "123456789012"
  static let images = "facestack-dev-images-123456789012"
  static let table = "arn:aws:dynamodb:us-east-1:123456789012:table/FaceRecognitionResults"
  static let collection = "arn:aws:rekognition:us-east-1:123456789012:collection/faces"
  static let stateMachine = "arn:aws:states:us-east-1:123456789012:stateMachine:pipeline"
  static let execution = "arn:aws:states:us-east-1:123456789012:execution:pipeline:run-1"
  static let stack = "arn:aws:cloudformation:us-east-1:123456789012:stack/facestack-dev/*"

  /// Each case and the (action, resource) pairs it must map to, in order.
  static let cases: [(SigningCase, [String])] = [
    // The handlers (manifest aws_calls).
    (
      SigningCase(
        name: "HeadObject", service: "s3", method_name: "head_object",
        params: ["Bucket": .string(images), "Key": "input/cam 1/a+b.jpg"]),
      ["s3:GetObject arn:aws:s3:::\(images)/input/cam 1/a+b.jpg"]
    ),
    (
      SigningCase(
        name: "HeadObjectVersion", service: "s3", method_name: "head_object",
        params: ["Bucket": .string(images), "Key": "input/a.jpg", "VersionId": "v1"]),
      ["s3:GetObjectVersion arn:aws:s3:::\(images)/input/a.jpg"]
    ),
    (
      SigningCase(
        name: "GetObject", service: "s3", method_name: "get_object",
        params: ["Bucket": .string(images), "Key": "input/a.jpg"]),
      ["s3:GetObject arn:aws:s3:::\(images)/input/a.jpg"]
    ),
    (
      SigningCase(
        name: "PutObject", service: "s3", method_name: "put_object",
        params: ["Bucket": .string(images), "Key": "processed/a.json", "Body": "{}"]),
      ["s3:PutObject arn:aws:s3:::\(images)/processed/a.json"]
    ),
    (
      SigningCase(
        name: "DetectFaces", service: "rekognition", method_name: "detect_faces",
        params: [
          "Image": ["S3Object": ["Bucket": .string(images), "Name": "input/a.jpg"]],
          "Attributes": ["ALL"],
        ]),
      ["rekognition:DetectFaces *", "s3:GetObject arn:aws:s3:::\(images)/input/a.jpg"]
    ),
    (
      SigningCase(
        name: "SearchFacesByImage", service: "rekognition", method_name: "search_faces_by_image",
        params: [
          "CollectionId": "faces",
          "Image": [
            "S3Object": ["Bucket": .string(images), "Name": "input/a.jpg", "Version": "v7"]
          ],
        ]),
      [
        "rekognition:SearchFacesByImage \(collection)",
        "s3:GetObject arn:aws:s3:::\(images)/input/a.jpg",
        "s3:GetObjectVersion arn:aws:s3:::\(images)/input/a.jpg",
      ]
    ),
    (
      SigningCase(
        name: "SearchFacesByBytes", service: "rekognition", method_name: "search_faces_by_image",
        params: ["CollectionId": "faces", "Image": ["Bytes": "aGVsbG8="]]),
      ["rekognition:SearchFacesByImage \(collection)"]
    ),
    (
      SigningCase(
        name: "IndexFaces", service: "rekognition", method_name: "index_faces",
        params: [
          "CollectionId": "faces", "ExternalImageId": "alice",
          "Image": ["S3Object": ["Bucket": .string(images), "Name": "enroll/alice.jpg"]],
        ]),
      [
        "rekognition:IndexFaces \(collection)",
        "s3:GetObject arn:aws:s3:::\(images)/enroll/alice.jpg",
      ]
    ),
    (
      SigningCase(
        name: "DeleteFaces", service: "rekognition", method_name: "delete_faces",
        params: ["CollectionId": "faces", "FaceIds": ["11111111-1111-1111-1111-111111111111"]]),
      ["rekognition:DeleteFaces \(collection)"]
    ),
    (
      SigningCase(
        name: "Query", service: "dynamodb", method_name: "query",
        params: [
          "TableName": "FaceRecognitionResults", "KeyConditionExpression": "image_id = :i",
          "ExpressionAttributeValues": [":i": ["S": "a"]],
        ]),
      ["dynamodb:Query \(table)"]
    ),
    (
      SigningCase(
        name: "QueryIndex", service: "dynamodb", method_name: "query",
        params: [
          "TableName": "FaceRecognitionResults", "IndexName": "ByFace",
          "KeyConditionExpression": "face_id = :f", "ExpressionAttributeValues": [":f": ["S": "a"]],
        ]),
      ["dynamodb:Query \(table)/index/ByFace"]
    ),
    (
      SigningCase(
        name: "BatchWriteItem", service: "dynamodb", method_name: "batch_write_item",
        params: [
          "RequestItems": [
            "FaceRecognitionResults": [["PutRequest": ["Item": ["image_id": ["S": "a"]]]]]
          ]
        ]),
      ["dynamodb:BatchWriteItem \(table)"]
    ),
    (
      SigningCase(
        name: "GetItem", service: "dynamodb", method_name: "get_item",
        params: [
          "TableName": .string(table), "Key": ["image_id": ["S": "a"], "timestamp": ["S": "t"]],
        ]),
      ["dynamodb:GetItem \(table)"]
    ),
    (
      SigningCase(
        name: "PutItem", service: "dynamodb", method_name: "put_item",
        params: ["TableName": "FaceRecognitionResults", "Item": ["image_id": ["S": "a"]]]),
      ["dynamodb:PutItem \(table)"]
    ),
    (
      SigningCase(
        name: "TransactWriteItems", service: "dynamodb", method_name: "transact_write_items",
        params: [
          "TransactItems": [
            ["Put": ["TableName": "FaceRecognitionResults", "Item": ["image_id": ["S": "a"]]]],
            ["Delete": ["TableName": "Other", "Key": ["id": ["S": "b"]]]],
          ]
        ]),
      [
        "dynamodb:DeleteItem arn:aws:dynamodb:us-east-1:123456789012:table/Other",
        "dynamodb:PutItem \(table)",
      ]
    ),
    // facestack itself (Sources/AWSClient, Sources/Deploy).
    (
      SigningCase(
        name: "ListObjectsV2", service: "s3", method_name: "list_objects_v2",
        params: ["Bucket": .string(images), "Prefix": "assets/"]),
      ["s3:ListBucket arn:aws:s3:::\(images)"]
    ),
    (
      SigningCase(
        name: "CreateBucket", service: "s3", method_name: "create_bucket",
        params: ["Bucket": "facestack-dev-assets"]),
      ["s3:CreateBucket arn:aws:s3:::facestack-dev-assets"]
    ),
    (
      SigningCase(
        name: "CreateChangeSet", service: "cloudformation", method_name: "create_change_set",
        params: [
          "StackName": "facestack-dev", "ChangeSetName": "cs1",
          "TemplateURL": "https://example/t.yaml", "Tags": [["Key": "env", "Value": "dev"]],
        ]),
      ["cloudformation:CreateChangeSet \(stack)"]
    ),
    (
      SigningCase(
        name: "DescribeStacks", service: "cloudformation", method_name: "describe_stacks",
        params: ["StackName": "facestack-dev"]),
      ["cloudformation:DescribeStacks \(stack)"]
    ),
    (
      SigningCase(
        name: "DescribeChangeSet", service: "cloudformation", method_name: "describe_change_set",
        params: ["StackName": "facestack-dev", "ChangeSetName": "cs1"]),
      ["cloudformation:DescribeChangeSet \(stack)"]
    ),
    (
      SigningCase(
        name: "ExecuteChangeSet", service: "cloudformation", method_name: "execute_change_set",
        params: ["StackName": "facestack-dev", "ChangeSetName": "cs1"]),
      ["cloudformation:ExecuteChangeSet \(stack)"]
    ),
    (
      SigningCase(
        name: "DeleteChangeSet", service: "cloudformation", method_name: "delete_change_set",
        params: ["StackName": "facestack-dev", "ChangeSetName": "cs1"]),
      ["cloudformation:DeleteChangeSet \(stack)"]
    ),
    (
      SigningCase(
        name: "DescribeStackEvents", service: "cloudformation",
        method_name: "describe_stack_events", params: ["StackName": "facestack-dev"]),
      ["cloudformation:DescribeStackEvents \(stack)"]
    ),
    (
      SigningCase(
        name: "GetTemplate", service: "cloudformation", method_name: "get_template",
        params: ["StackName": "facestack-dev"]),
      ["cloudformation:GetTemplate \(stack)"]
    ),
    (
      SigningCase(
        name: "ListStackResources", service: "cloudformation",
        method_name: "list_stack_resources", params: ["StackName": "facestack-dev"]),
      ["cloudformation:ListStackResources \(stack)"]
    ),
    (
      SigningCase(
        name: "SetStackPolicy", service: "cloudformation", method_name: "set_stack_policy",
        params: ["StackName": "facestack-dev", "StackPolicyBody": "{}"]),
      ["cloudformation:SetStackPolicy \(stack)"]
    ),
    (
      SigningCase(
        name: "UpdateTerminationProtection", service: "cloudformation",
        method_name: "update_termination_protection",
        params: ["StackName": "facestack-dev", "EnableTerminationProtection": true]),
      ["cloudformation:UpdateTerminationProtection \(stack)"]
    ),
    (
      SigningCase(
        name: "DeleteStack", service: "cloudformation", method_name: "delete_stack",
        params: ["StackName": "facestack-dev"]),
      ["cloudformation:DeleteStack \(stack)"]
    ),
    (
      SigningCase(
        name: "ValidateTemplate", service: "cloudformation", method_name: "validate_template",
        params: ["TemplateBody": "{}"]),
      ["cloudformation:ValidateTemplate *"]
    ),
    (
      SigningCase(
        name: "AssumeRole", service: "sts", method_name: "assume_role",
        params: [
          "RoleArn": "arn:aws:iam::123456789012:role/service/StoreRole", "RoleSessionName": "s1",
        ]),
      ["sts:AssumeRole arn:aws:iam::123456789012:role/service/StoreRole"]
    ),
    (
      SigningCase(
        name: "GetCallerIdentity", service: "sts", method_name: "get_caller_identity", params: [:]),
      []
    ),
    (
      SigningCase(
        name: "CreateUser", service: "iam", method_name: "create_user",
        params: ["UserName": "deployer"]),
      ["iam:CreateUser arn:aws:iam::123456789012:user/deployer"]
    ),
    (
      SigningCase(
        name: "PutUserPolicy", service: "iam", method_name: "put_user_policy",
        params: ["UserName": "deployer", "PolicyName": "admin", "PolicyDocument": "{}"]),
      ["iam:PutUserPolicy arn:aws:iam::123456789012:user/deployer"]
    ),
    (
      SigningCase(
        name: "CreateAccessKey", service: "iam", method_name: "create_access_key",
        params: ["UserName": "deployer"]),
      ["iam:CreateAccessKey arn:aws:iam::123456789012:user/deployer"]
    ),
    // What the runtime answers, and what it reads and writes.
    (
      SigningCase(
        name: "StartExecution", service: "stepfunctions", method_name: "start_execution",
        params: ["stateMachineArn": .string(stateMachine), "input": "{}"]),
      ["states:StartExecution \(stateMachine)"]
    ),
    (
      SigningCase(
        name: "DescribeExecution", service: "stepfunctions", method_name: "describe_execution",
        params: ["executionArn": .string(execution)]),
      ["states:DescribeExecution \(execution)"]
    ),
    (
      SigningCase(
        name: "ListExecutions", service: "stepfunctions", method_name: "list_executions",
        params: ["stateMachineArn": .string(stateMachine)]),
      ["states:ListExecutions \(stateMachine)"]
    ),
    (
      SigningCase(
        name: "GetExecutionHistory", service: "stepfunctions",
        method_name: "get_execution_history", params: ["executionArn": .string(execution)]),
      ["states:GetExecutionHistory \(execution)"]
    ),
    (
      SigningCase(
        name: "Invoke", service: "lambda", method_name: "invoke",
        params: ["FunctionName": "facestack-dev-detect", "Payload": "{}"]),
      ["lambda:InvokeFunction arn:aws:lambda:us-east-1:123456789012:function:facestack-dev-detect"]
    ),
    (
      SigningCase(
        name: "InvokeQualifiedArn", service: "lambda", method_name: "invoke",
        params: [
          "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:detect",
          "Qualifier": "live",
        ]),
      ["lambda:InvokeFunction arn:aws:lambda:us-east-1:123456789012:function:detect:live"]
    ),
    (
      SigningCase(
        name: "SendMessage", service: "sqs", method_name: "send_message",
        params: [
          "QueueUrl": "https://127.0.0.1:4443/123456789012/facestack-dev-work",
          "MessageBody": "{}",
        ]),
      ["sqs:SendMessage arn:aws:sqs:us-east-1:123456789012:facestack-dev-work"]
    ),
    (
      SigningCase(
        name: "PutLogEvents", service: "logs", method_name: "put_log_events",
        params: [
          "logGroupName": "/aws/lambda/detect", "logStreamName": "2024/01/01/[$LATEST]abc",
          "logEvents": [["timestamp": 1, "message": "m"]],
        ]),
      [
        "logs:PutLogEvents arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/detect:log-stream:2024/01/01/[$LATEST]abc"
      ]
    ),
    (
      SigningCase(
        name: "PutMetricAlarm", service: "cloudwatch", method_name: "put_metric_alarm",
        params: [
          "AlarmName": "detect-errors", "MetricName": "Errors", "Namespace": "AWS/Lambda",
          "Statistic": "Sum", "Period": 60, "EvaluationPeriods": 1, "Threshold": 1,
          "ComparisonOperator": "GreaterThanThreshold",
        ]),
      ["cloudwatch:PutMetricAlarm arn:aws:cloudwatch:us-east-1:123456789012:alarm:detect-errors"]
    ),
    (
      SigningCase(
        name: "Publish", service: "sns", method_name: "publish",
        params: ["TopicArn": "arn:aws:sns:us-east-1:123456789012:alarms", "Message": "m"]),
      ["sns:Publish arn:aws:sns:us-east-1:123456789012:alarms"]
    ),
    (
      SigningCase(
        name: "Decrypt", service: "kms", method_name: "decrypt",
        params: [
          "CiphertextBlob": "aGVsbG8=",
          "KeyId": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        ]),
      ["kms:Decrypt arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]
    ),
  ]

  @Test func everyCallMapsToItsActionsAndResources() async throws {
    let signed = try await signWithBotocore(Self.cases.map(\.0))
    let mapper = try RequestMapper()
    for (signingCase, expected) in Self.cases {
      let fixture = try #require(signed[signingCase.name], "\(signingCase.name) was not signed")
      let request = try plainRequest(fixture.request())
      let scope = try #require(try SignatureParts.parse(request))
      let mapped = try mapper.map(
        request, service: scope.service,
        context: ARNContext(region: "us-east-1", account: Self.account))
      #expect(
        mapped.operation
          == (signingCase.name.hasPrefix("Head") ? "HeadObject" : mapped.operation),
        "\(signingCase.name)")
      let pairs = mapped.authorizations.map { "\($0.action) \($0.resource)" }.sorted()
      #expect(pairs == expected.sorted(), "\(signingCase.name)")
    }
  }

  @Test func conditionKeysTheRequestCarries() async throws {
    let cases = [
      SigningCase(
        name: "list", service: "s3", method_name: "list_objects_v2",
        params: ["Bucket": "b", "Prefix": "home/alice/", "Delimiter": "/", "MaxKeys": 10]),
      SigningCase(
        name: "put", service: "s3", method_name: "put_object",
        params: [
          "Bucket": "b", "Key": "k", "Body": "x", "ACL": "private",
          "ServerSideEncryption": "aws:kms", "Tagging": "team=blue&env=dev",
        ]),
      SigningCase(
        name: "queue", service: "sqs", method_name: "create_queue",
        params: ["QueueName": "work", "tags": ["team": "blue"]]),
      SigningCase(
        name: "assume", service: "sts", method_name: "assume_role",
        params: [
          "RoleArn": "arn:aws:iam::123456789012:role/R", "RoleSessionName": "s1",
          "ExternalId": "ext-1",
        ]),
    ]
    let signed = try await signWithBotocore(cases)
    let mapper = try RequestMapper()
    func keys(_ name: String) throws -> ContextKeys {
      let request = try plainRequest(try #require(signed[name]).request())
      let scope = try #require(try SignatureParts.parse(request))
      let mapped = try mapper.map(
        request, service: scope.service,
        context: ARNContext(region: "us-east-1", account: Self.account))
      return try #require(mapped.authorizations.first).conditionKeys
    }
    let list = try keys("list")
    #expect(list["s3:prefix"] == ["home/alice/"] && list["s3:delimiter"] == ["/"])
    #expect(list["s3:max-keys"] == ["10"])
    let put = try keys("put")
    #expect(put["s3:x-amz-acl"] == ["private"])
    #expect(put["s3:x-amz-server-side-encryption"] == ["aws:kms"])
    let queue = try keys("queue")
    #expect(queue["aws:RequestTag/team"] == ["blue"] && queue["aws:TagKeys"] == ["team"])
    #expect(try keys("assume")["sts:ExternalId"] == ["ext-1"])
  }

  @Test func aPresignedURLMapsLikeTheCall() async throws {
    let signed = try await signWithBotocore([
      SigningCase(
        name: "get", service: "s3", method_name: "get_object",
        params: ["Bucket": "b", "Key": "k/v.jpg"], presign: 300)
    ])
    let request = try #require(signed["get"]).request()
    let mapped = try RequestMapper().map(
      request, service: "s3", context: ARNContext(region: "us-east-1", account: Self.account))
    #expect(mapped.authorizations.map(\.resource) == ["arn:aws:s3:::b/k/v.jpg"])
  }

  @Test func anOperationTheMapDoesNotKnowIsAnErrorNamingIt() throws {
    let mapper = try RequestMapper()
    let unknown = LocalHTTP.HTTPRequest(
      method: "POST", target: "/",
      headers: [("X-Amz-Target", "DynamoDB_20120810.ExecuteStatement")],
      body: Array(#"{"Statement": "SELECT * FROM t"}"#.utf8))
    #expect(
      throws: RequestMappingError.unknownOperation(
        service: "dynamodb", operation: "ExecuteStatement")
    ) {
      try mapper.map(
        unknown, service: "dynamodb",
        context: ARNContext(region: "us-east-1", account: Self.account))
    }
    let nothing = LocalHTTP.HTTPRequest(method: "PATCH", target: "/x/y/z")
    #expect(throws: RequestMappingError.unknownOperation(service: "s3", operation: nil)) {
      try mapper.map(
        nothing, service: "s3", context: ARNContext(region: "us-east-1", account: Self.account))
    }
    #expect(
      RequestMappingError.unknownOperation(service: "dynamodb", operation: "ExecuteStatement")
        .description.contains("dynamodb:ExecuteStatement"))
  }
}
