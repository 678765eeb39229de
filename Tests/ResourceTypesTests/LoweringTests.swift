import CloudFormation
import Testing

@testable import ResourceTypes

/// Typed structs lower into the template model: CloudFormation's property names, alphabetical
/// order, literals and intrinsics side by side, nested structs, enums, lists, maps and JSON.
@Suite struct LoweringTests {
  @Test func aBucketLowersWithTypedNestedValuesAndIntrinsics() {
    // Struct-typed properties take `.init(...)` directly; `.literal(...)` spells the same.
    let bucket = S3Bucket(
      bucketEncryption: .init(serverSideEncryptionConfiguration: [
        .init(
          bucketKeyEnabled: true,
          serverSideEncryptionByDefault: .init(
            kmsMasterKeyID: .getAtt("ImagesKey", KMSKey.Attribute.arn), sseAlgorithm: .awsKms))
      ]),
      bucketName: .sub("${AWS::StackName}-images"),
      tags: [.init(key: "app", value: "facestack")],
      versioningConfiguration: .literal(.init(status: .enabled))
    )
    let resource = bucket.resource(deletionPolicy: .retain, updateReplacePolicy: .retain)

    #expect(resource.type == "AWS::S3::Bucket")
    #expect(resource.deletionPolicy == .retain)
    #expect(
      resource.properties.keys == [
        "BucketEncryption", "BucketName", "Tags", "VersioningConfiguration",
      ])
    let expected: OrderedMap<Value> = [
      "BucketEncryption": [
        "ServerSideEncryptionConfiguration": [
          [
            "BucketKeyEnabled": true,
            "ServerSideEncryptionByDefault": [
              "KMSMasterKeyID": .getAtt("ImagesKey", "Arn"),
              "SSEAlgorithm": "aws:kms",
            ],
          ]
        ]
      ],
      "BucketName": .sub("${AWS::StackName}-images"),
      "Tags": [["Key": "app", "Value": "facestack"]],
      "VersioningConfiguration": ["Status": "Enabled"],
    ]
    #expect(resource.properties == expected)
  }

  @Test func everyPropertyTakesAnIntrinsicWithoutLosingItsType() {
    var queue = SQSQueue()
    queue.delaySeconds = 30
    #expect(queue.loweredProperties()["DelaySeconds"] == .number(Number(30)))
    queue.delaySeconds = .ref("DelayParameter")
    #expect(queue.loweredProperties()["DelaySeconds"] == .ref("DelayParameter"))
    queue.delaySeconds = .ifThen("IsProd", 0, .ref("DelayParameter"))
    #expect(
      queue.loweredProperties()["DelaySeconds"]
        == .intrinsic(.ifThen("IsProd", .number(Number(0)), .ref("DelayParameter"))))
    queue.fifoQueue = .ref(.noValue)
    #expect(queue.loweredProperties()["FifoQueue"] == .ref("AWS::NoValue"))
  }

  @Test func listsTakeLiteralAndIntrinsicElements() {
    let group = EC2SecurityGroup(
      groupDescription: "recognition service",
      securityGroupIngress: [
        .literal(.init(cidrIp: "10.0.0.0/16", fromPort: 443, ipProtocol: "tcp", toPort: 443))
      ],
      vpcId: .ref("Vpc"))
    let lowered = group.loweredProperties()
    #expect(lowered.keys == ["GroupDescription", "SecurityGroupIngress", "VpcId"])
    #expect(
      lowered["SecurityGroupIngress"]
        == [["CidrIp": "10.0.0.0/16", "FromPort": 443, "IpProtocol": "tcp", "ToPort": 443]])

    var template = EC2LaunchTemplate(launchTemplateData: .literal(.init()))
    template.launchTemplateData = .literal(.init(securityGroupIds: [.ref("Group"), "sg-0123"]))
    #expect(
      template.loweredProperties()["LaunchTemplateData"]
        == ["SecurityGroupIds": [.ref("Group"), "sg-0123"]])
  }

  @Test func policyDocumentsAreJSONValues() {
    let role = IAMRole(
      assumeRolePolicyDocument: [
        "Version": "2012-10-17",
        "Statement": [
          [
            "Effect": "Allow", "Principal": ["Service": "lambda.amazonaws.com"],
            "Action": "sts:AssumeRole",
          ]
        ],
      ],
      roleName: "detect")
    #expect(
      role.loweredProperties()["AssumeRolePolicyDocument"]?["Statement"]
        == [
          [
            "Effect": "Allow", "Principal": ["Service": "lambda.amazonaws.com"],
            "Action": "sts:AssumeRole",
          ]
        ])
    #expect(role.loweredProperties().keys == ["AssumeRolePolicyDocument", "RoleName"])
  }

  @Test func mapsLowerWithSortedKeys() {
    let function = LambdaFunction(
      code: .literal(.init(s3Bucket: "assets", s3Key: "detect.zip")),
      environment: .literal(.init(variables: ["TABLE": .ref("Results"), "BUCKET": "images"])),
      role: .getAtt("DetectRole", IAMRole.Attribute.arn))
    #expect(
      function.loweredProperties()["Environment"]
        == ["Variables": ["BUCKET": "images", "TABLE": .ref("Results")]])
    #expect(function.loweredProperties()["Role"] == .getAtt("DetectRole", "Arn"))
  }

  @Test func anObjectSpreadOverOneOfAlternativesIsOneStructChecksKeepTheRule() {
    // S3's TargetObjectKeyFormat is one of {SimplePrefix} and {PartitionedPrefix}.
    let logging = S3Bucket.LoggingConfiguration(
      destinationBucketName: .ref("Logs"), logFilePrefix: "access/",
      targetObjectKeyFormat: .init(partitionedPrefix: .init(partitionDateSource: .eventTime)))
    let bucket = S3Bucket(loggingConfiguration: .literal(logging))
    #expect(
      bucket.loweredProperties()["LoggingConfiguration"]?["TargetObjectKeyFormat"]
        == ["PartitionedPrefix": ["PartitionDateSource": "EventTime"]])
    #expect(ResourceChecks.check(bucket.resource(), logicalID: "Images").isEmpty)

    let both = S3Bucket(
      loggingConfiguration: .init(
        targetObjectKeyFormat: .init(partitionedPrefix: .init(), simplePrefix: [:])))
    #expect(
      ResourceChecks.check(both.resource(), logicalID: "Images").map(\.description) == [
        "Resources.Images.Properties.LoggingConfiguration.TargetObjectKeyFormat: must set exactly "
          + "one of SimplePrefix, PartitionedPrefix, found SimplePrefix, PartitionedPrefix"
      ])
  }

  @Test func enumsKeepAnEscapeForValuesAWSAddsLater() {
    var alarm = CloudWatchAlarm(comparisonOperator: .greaterThanThreshold, evaluationPeriods: 1)
    #expect(alarm.loweredProperties()["ComparisonOperator"] == "GreaterThanThreshold")
    alarm.comparisonOperator = .other("GreaterThanTheMoon")
    #expect(alarm.loweredProperties()["ComparisonOperator"] == "GreaterThanTheMoon")
    alarm.comparisonOperator = "LessThanThreshold"
    #expect(alarm.comparisonOperator?.literal == .lessThanThreshold)
    #expect(CloudWatchAlarm.ComparisonOperator(rawValue: "LessThanThreshold") == .lessThanThreshold)
  }

  @Test func attributesNameWhatGetAttReads() {
    #expect(S3Bucket.Attribute.arn.name == "Arn")
    #expect(
      S3Bucket.Attribute.metadataConfigurationDestination.name
        == "MetadataConfiguration.Destination")
    #expect(DynamoDBTable.Attribute.streamArn.name == "StreamArn")
    #expect(RekognitionCollection.Attribute.arn.name == "Arn")
    #expect(
      Value.getAtt("Images", S3Bucket.Attribute.domainName) == .getAtt("Images", "DomainName"))
  }

  @Test func readOnlyPropertiesAreNotInputs() {
    // `Arn` is read-only for a bucket: it is an attribute, never a property.
    let names = Mirror(reflecting: S3Bucket()).children.compactMap(\.label)
    #expect(!names.contains("arn"))
    #expect(names.contains("bucketName"))
  }
}
