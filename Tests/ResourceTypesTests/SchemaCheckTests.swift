import CloudFormation
import Testing

@testable import ResourceTypes

/// Synth-time checks from the schemas, one kind of constraint per test, with exact messages.
@Suite struct SchemaCheckTests {
  private func check(_ type: String, _ properties: OrderedMap<Value>, id: String = "R") -> [String]
  {
    ResourceChecks.check(Resource(type: type, properties: properties), logicalID: id)
      .map(\.description)
  }

  @Test func pattern() {
    let messages = ResourceChecks.check(
      S3Bucket(bucketName: "My_Bucket").resource(), logicalID: "ImagesBucket")
    #expect(
      messages.map(\.description) == [
        #"Resources.ImagesBucket.Properties.BucketName: "My_Bucket" does not match ^([a-z0-9][a-z0-9.-]*[a-z0-9])?$"#
      ])
    #expect(messages.first?.severity == .error)
    #expect(messages.first?.path == "Resources.ImagesBucket.Properties.BucketName")
    #expect(check("AWS::S3::Bucket", ["BucketName": "face-images"]).isEmpty)
  }

  @Test func lengths() {
    #expect(
      check("AWS::Logs::LogGroup", ["LogGroupName": ""]) == [
        #"Resources.R.Properties.LogGroupName: "" does not match ^[.\-_/#A-Za-z0-9]{1,512}\Z"#,
        #"Resources.R.Properties.LogGroupName: "" is shorter than 1 character"#,
      ])
    let long = String(repeating: "a", count: 64)
    #expect(
      check("AWS::S3::Bucket", ["BucketName": .string(long)]) == [
        "Resources.R.Properties.BucketName: \"\(long)\" is longer than 63 characters"
      ])
  }

  @Test func ranges() {
    #expect(
      check("AWS::SQS::Queue", ["DelaySeconds": 901, "MessageRetentionPeriod": 59]) == [
        "Resources.R.Properties.DelaySeconds: 901 is greater than the maximum 900",
        "Resources.R.Properties.MessageRetentionPeriod: 59 is less than the minimum 60",
      ])
    #expect(check("AWS::SQS::Queue", ["DelaySeconds": 900, "MessageRetentionPeriod": 60]).isEmpty)
  }

  @Test func enumsWarnBecauseAWSAddsValues() {
    let diagnostics = ResourceChecks.check(
      CloudWatchAlarm(
        comparisonOperator: .other("Bigger"), evaluationPeriods: 1, metricName: "Errors"
      )
      .resource(),
      logicalID: "Errors")
    #expect(
      diagnostics.map(\.description) == [
        #"Resources.Errors.Properties.ComparisonOperator: "Bigger" is not one of "GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "GreaterThanUpperThreshold", "LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold", "LessThanOrEqualToThreshold", "LessThanThreshold""#
      ])
    #expect(diagnostics.first?.severity == .warning)
    #expect(
      check("AWS::Logs::LogGroup", ["RetentionInDays": 2]) == [
        "Resources.R.Properties.RetentionInDays: 2 is not one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653"
      ])
  }

  @Test func requiredProperties() {
    #expect(
      check("AWS::IAM::Role", ["RoleName": "detect"]) == [
        "Resources.R.Properties: missing required property AssumeRolePolicyDocument"
      ])
    #expect(
      check("AWS::S3::Bucket", ["Tags": [["Key": "app"]]]) == [
        "Resources.R.Properties.Tags[0]: missing required property Value"
      ])
  }

  @Test func exactlyOneOf() {
    #expect(
      check("AWS::EC2::VPC", [:]) == [
        "Resources.R.Properties: must set exactly one of CidrBlock, Ipv4IpamPoolId, found none"
      ])
    #expect(
      check(
        "AWS::EC2::VPC",
        ["CidrBlock": "10.0.0.0/16", "Ipv4IpamPoolId": "ipam-pool-1", "Ipv4NetmaskLength": 16]) == [
          "Resources.R.Properties: must set exactly one of CidrBlock, Ipv4IpamPoolId, found CidrBlock, Ipv4IpamPoolId"
        ])
    #expect(check("AWS::EC2::VPC", ["CidrBlock": "10.0.0.0/16"]).isEmpty)
  }

  @Test func requiredTogetherAndExcludedTogether() {
    #expect(
      check("AWS::EC2::Subnet", ["VpcId": "vpc-1", "Ipv4IpamPoolId": "pool"]) == [
        "Resources.R.Properties: Ipv4IpamPoolId requires Ipv4NetmaskLength to be set"
      ])
    #expect(
      check("AWS::EC2::Subnet", ["VpcId": "vpc-1"]) == [
        "Resources.R.Properties: must set at least one of CidrBlock, Ipv4IpamPoolId, Ipv6IpamPoolId, Ipv6CidrBlock"
      ])
    #expect(
      check(
        "AWS::EC2::Subnet",
        [
          "VpcId": "vpc-1", "CidrBlock": "10.0.0.0/24", "AvailabilityZone": "us-east-1a",
          "AvailabilityZoneId": "use1-az1",
        ]) == [
          "Resources.R.Properties: AvailabilityZone cannot be set together with AvailabilityZoneId",
          "Resources.R.Properties: AvailabilityZoneId cannot be set together with AvailabilityZone",
        ])
  }

  @Test func typesItemsAndUnknownProperties() {
    #expect(
      check("AWS::SQS::Queue", ["DelaySeconds": "soon", "VisibilityTimout": 30]) == [
        #"Resources.R.Properties.DelaySeconds: expected integer, got "soon""#,
        "Resources.R.Properties: unknown property VisibilityTimout",
      ])
    // CloudFormation accepts numbers written as strings.
    #expect(check("AWS::SQS::Queue", ["DelaySeconds": "30"]).isEmpty)
    // KeySchema is one of a list and (cfn-lint's addition) a JSON string; the list alternative
    // explains why an empty list fails, and the finding is said once.
    #expect(
      check("AWS::DynamoDB::Table", ["KeySchema": []]) == [
        "Resources.R.Properties.KeySchema: has 0 items, fewer than the minimum 1"
      ])
    #expect(
      check(
        "AWS::DynamoDB::Table",
        ["KeySchema": [["AttributeName": "image_id", "KeyType": "RANGE"]]]) == [
          #"Resources.R.Properties.KeySchema[0].KeyType: expected "HASH", got "RANGE""#
        ])
    // Alternatives that differ in the property they require are named.
    #expect(
      check("AWS::S3::Bucket", ["LoggingConfiguration": ["TargetObjectKeyFormat": [:]]]) == [
        "Resources.R.Properties.LoggingConfiguration.TargetObjectKeyFormat: must set exactly one "
          + "of SimplePrefix, PartitionedPrefix, found none"
      ])
    // The chosen alternative explains itself.
    #expect(
      check(
        "AWS::S3::Bucket",
        ["LoggingConfiguration": ["TargetObjectKeyFormat": ["SimplePrefix": "x"]]]) == [
          #"Resources.R.Properties.LoggingConfiguration.TargetObjectKeyFormat.SimplePrefix: expected object, got "x""#
        ])
    // Otherwise the message says that no alternative matched.
    let checks = SchemaChecks(
      typeName: "Test::Unit::Thing",
      json: #"{"properties":{"P":{"oneOf":[{"type":"string"},{"type":"integer"}]}}}"#)
    #expect(
      checks.check(["P": [1]], at: "Resources.T.Properties").map(\.description) == [
        "Resources.T.Properties.P: matches none of the 2 oneOf alternatives"
      ])
  }

  @Test func readOnlyPropertiesAreErrorsAndDeprecatedOnesWarnings() {
    let diagnostics = ResourceChecks.check(
      Resource(type: "AWS::S3::Bucket", properties: ["Arn": "arn:aws:s3:::images"]),
      logicalID: "Images")
    #expect(
      diagnostics.map(\.description) == [
        "Resources.Images.Properties: Arn is read-only: read it with Fn::GetAtt"
      ])
    #expect(diagnostics.map(\.severity) == [.error])
    // Nested read-only properties too (the bucket's metadata table destination is AWS's).
    #expect(
      check(
        "AWS::S3::Bucket",
        ["MetadataConfiguration": ["Destination": ["TableBucketType": "aws"]]]
      ).contains(
        "Resources.R.Properties.MetadataConfiguration: Destination is read-only: read it with Fn::GetAtt"
      ))
    #expect(
      ResourceFacts.for(type: "AWS::Athena::WorkGroup")?.deprecatedPaths == [
        "/properties/WorkGroupConfigurationUpdates"
      ])
    let warnings = ResourceChecks.check(
      Resource(
        type: "AWS::Athena::WorkGroup",
        properties: ["Name": "analytics", "WorkGroupConfigurationUpdates": [:]]),
      logicalID: "Work")
    #expect(
      warnings.map(\.description) == [
        "Resources.Work.Properties: WorkGroupConfigurationUpdates is deprecated"
      ])
    #expect(warnings.map(\.severity) == [.warning])
  }

  @Test func findingsBecomeTemplateDiagnosticsWithTheirSeverity() throws {
    let finding = try #require(
      ResourceChecks.check(S3Bucket(bucketName: "A").resource(), logicalID: "B").first)
    let diagnostic = finding.diagnostic(at: "stacks/FaceRecognition/Storage.swift:12")
    #expect(diagnostic.severity == .error)
    #expect(diagnostic.location == "stacks/FaceRecognition/Storage.swift:12")
    #expect(diagnostic.message == finding.description)
    let warning = SchemaDiagnostic(severity: .warning, path: "P", message: "m")
    #expect(warning.diagnostic(at: nil).severity == .warning)
  }

  @Test func intrinsicsAreNotChecked() {
    #expect(check("AWS::S3::Bucket", ["BucketName": .sub("${AWS::StackName}_Images")]).isEmpty)
    #expect(check("AWS::SQS::Queue", ["DelaySeconds": .ref("Delay")]).isEmpty)
    #expect(
      check(
        "AWS::EC2::VPC",
        ["CidrBlock": .intrinsic(.ifThen("Big", "10.0.0.0/8", .ref("AWS::NoValue")))]
      ).isEmpty)
  }

  @Test func everyFindingIsReportedNotJustTheFirst() {
    let messages = check(
      "AWS::S3::Bucket", ["BucketName": "Bad_Name", "Tags": [["Key": "a"]], "Bogus": 1], id: "B")
    #expect(
      messages == [
        #"Resources.B.Properties.BucketName: "Bad_Name" does not match ^([a-z0-9][a-z0-9.-]*[a-z0-9])?$"#,
        "Resources.B.Properties.Tags[0]: missing required property Value",
        "Resources.B.Properties: unknown property Bogus",
      ])
  }

  @Test func aTemplateIsCheckedResourceByResource() {
    var template = Template()
    template.resources["Images"] = S3Bucket(bucketName: "Images").resource()
    template.resources["Custom"] = Resource(type: "Custom::Thing", properties: ["Anything": 1])
    #expect(
      ResourceChecks.check(template).map(\.description) == [
        #"Resources.Images.Properties.BucketName: "Images" does not match ^([a-z0-9][a-z0-9.-]*[a-z0-9])?$"#
      ])
  }

  @Test func typedPropertiesOfEveryGeneratedTypePassTheirOwnChecksWhenEmpty() {
    // Each embedded schema parses; an empty resource reports only missing required properties.
    for name in ResourceFacts.typeNames {
      let messages = ResourceChecks.check(Resource(type: name), logicalID: "X").map(\.message)
      #expect(!messages.contains { $0.contains("does not parse") }, "\(name)")
    }
  }
}
