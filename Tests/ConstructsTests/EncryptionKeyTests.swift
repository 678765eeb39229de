import CloudFormation
import FaceRecognitionStack
import IAM
import Testing

@testable import Constructs

/// The customer-managed key: what it encrypts, its least-privileged policy, and the grants the
/// constructs add to each role.
@Suite struct EncryptionKeyTests {
  let template: Template
  let roles: [String: PolicyDocument]

  init() throws {
    var environment = testEnvironment()
    environment.customerManagedKey = true
    let result = try Synthesizer(packager: FakePackager()).synthesize(
      FaceRecognitionStack.build(environment: environment))
    template = result.template
    roles = Dictionary(uniqueKeysWithValues: result.roles.map { ($0.logicalID, $0.policy) })
  }

  var keyARN: Value { .getAtt("DataKey", "Arn") }

  @Test func theKeyRotatesIsRetainedAndHasAnAlias() throws {
    let key = try #require(template.resources["DataKey"])
    #expect(key.type == "AWS::KMS::Key")
    #expect(key.properties["EnableKeyRotation"] == true)
    #expect(key.properties["PendingWindowInDays"] == 30)
    #expect(key.deletionPolicy == .retain)
    #expect(template.resources["DataKeyAlias"]?.properties["AliasName"] == "alias/facestack-test")
  }

  @Test func everyDataStoreAndLogUsesTheKey() {
    for id in ["Detect", "Store", "Enroll"] {
      #expect(template.resources[id]?.properties["KmsKeyArn"] == keyARN, "\(id)")
    }
    for id in ["DetectLogs", "StoreLogs", "EnrollLogs", "WorkflowLogs"] {
      #expect(template.resources[id]?.properties["KmsKeyId"] == keyARN, "\(id)")
    }
    for id in ["DeadLetters", "FleetWorkQueue", "FleetWorkDeadLetters"] {
      #expect(template.resources[id]?.properties["KmsMasterKeyId"] == keyARN, "\(id)")
      #expect(template.resources[id]?.properties["SqsManagedSseEnabled"] == nil, "\(id)")
    }
    #expect(
      template.resources["Results"]?.properties["SSESpecification"]
        == ["KMSMasterKeyId": keyARN, "SSEEnabled": true, "SSEType": "KMS"])
    #expect(template.resources["MonitoringTopic"]?.properties["KmsMasterKeyId"] == keyARN)
  }

  @Test func theKeyPolicyNamesEachServiceAndNoRole() throws {
    let policy = try #require(template.resources["DataKey"]?.properties["KeyPolicy"])
    let statements = try #require(policy["Statement"]?.listValue)
    let sids = statements.compactMap { $0["Sid"]?.stringValue }
    #expect(
      Set(sids) == [
        "AccountAdministersKey", "AccountGrantsUseThroughIAM", "AWSServicesCreateGrants",
        "CloudWatchLogsEncryptsLogGroups", "EventBridgeSendsToQueues", "CloudWatchAlarmsPublish",
      ])
    let admin = try #require(statements.first { $0["Sid"] == "AccountAdministersKey" })
    let adminActions = admin["Action"]?.listValue?.compactMap(\.stringValue) ?? []
    #expect(!adminActions.contains("kms:Decrypt") && !adminActions.contains("kms:*"))
    let logs = try #require(statements.first { $0["Sid"] == "CloudWatchLogsEncryptsLogGroups" })
    let groups = logs["Condition"]?["ArnEquals"]?["kms:EncryptionContext:aws:logs:arn"]?.listValue
    #expect(groups?.count == 4)
    #expect(
      groups?.contains(
        .sub(
          "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/facestack-test-detect"
        )) == true)
    let events = try #require(statements.first { $0["Sid"] == "EventBridgeSendsToQueues" })
    #expect(events["Principal"] == ["Service": "events.amazonaws.com"])
    #expect(events["Condition"] == nil)
    let alarms = try #require(statements.first { $0["Sid"] == "CloudWatchAlarmsPublish" })
    #expect(alarms["Condition"]?["StringEquals"]?["aws:SourceAccount"] == .ref(.accountId))
    // No statement opens the key to everyone.
    #expect(!statements.contains { $0["Principal"] == "*" || $0["Principal"]?["AWS"] == "*" })
  }

  @Test func eachRoleGetsOnlyTheKeyUseItsResourcesNeed() throws {
    func kmsActions(_ role: String) -> Set<String> {
      Set(
        (roles[role]?.statements ?? []).filter { $0.resources?.values.contains(keyARN) == true }
          .flatMap(\.actions.patterns))
    }
    #expect(kmsActions("DetectRole") == ["kms:Decrypt"])
    // Enroll: its environment, the table through DynamoDB, its on-failure destination.
    #expect(
      kmsActions("EnrollRole") == [
        "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey",
      ])
    #expect(
      kmsActions("FleetProfileRole") == [
        "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey",
      ])
    #expect(kmsActions("WorkflowRole").isEmpty)
    let throughDynamoDB = roles["StoreRole"]?.statements.first {
      $0.resources?.values == [keyARN] && $0.hasCondition(key: "kms:ViaService")
    }
    #expect(throughDynamoDB?.actions.patterns.contains("kms:Encrypt") == true)
  }

  @Test func withoutTheOptionNothingUsesAKey() throws {
    let result = try Synthesizer(packager: FakePackager()).synthesize(
      FaceRecognitionStack.build(environment: testEnvironment()))
    #expect(!result.template.resources.values.contains { $0.type == "AWS::KMS::Key" })
    #expect(result.template.resources["DeadLetters"]?.properties["SqsManagedSseEnabled"] == true)
    #expect(result.template.resources["Detect"]?.properties["KmsKeyArn"] == nil)
  }

  @Test func theImagesBucketLogsAccessToALockedDownBucket() throws {
    #expect(
      template.resources["Images"]?.properties["LoggingConfiguration"]
        == ["DestinationBucketName": .ref("AccessLogs"), "LogFilePrefix": "images/"])
    let logs = try #require(template.resources["AccessLogs"])
    #expect(logs.properties["NotificationConfiguration"] == nil)
    #expect(logs.properties["PublicAccessBlockConfiguration"]?["BlockPublicPolicy"] == true)
    let statements =
      template.resources["AccessLogsPolicy"]?.properties["PolicyDocument"]?["Statement"]?
      .listValue ?? []
    let delivery = try #require(statements.first { $0["Sid"] == "S3ServerAccessLogsImages" })
    #expect(delivery["Principal"] == ["Service": "logging.s3.amazonaws.com"])
    #expect(delivery["Resource"] == .sub("${AccessLogs.Arn}/images/*"))
    #expect(delivery["Condition"]?["ArnLike"]?["aws:SourceArn"] == .getAtt("Images", "Arn"))
    #expect(statements.contains { $0["Sid"] == "DenyInsecureTransport" })
  }
}
