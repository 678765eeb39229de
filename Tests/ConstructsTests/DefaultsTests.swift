import CloudFormation
import Testing

@testable import Constructs

@Test func aBucketIsSecureByDefault() throws {
  let stack = Stack(name: "S", environment: testEnvironment())
  stack.add(aspect: Tagging(tags: ["Project": "facestack"]))
  _ = Bucket(stack, "Images", options: .init(name: "images"))
  let template = try Synthesizer(packager: FakePackager()).synthesize(stack).template
  let bucket = try #require(template.resources["Images"])
  #expect(bucket.deletionPolicy == .retain && bucket.updateReplacePolicy == .retain)
  #expect(bucket.properties["BucketName"] == "images")
  #expect(
    bucket.properties["PublicAccessBlockConfiguration"] == [
      "BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true,
      "RestrictPublicBuckets": true,
    ])
  #expect(bucket.properties["VersioningConfiguration"] == ["Status": "Enabled"])
  #expect(
    bucket.properties["OwnershipControls"] == [
      "Rules": [["ObjectOwnership": "BucketOwnerEnforced"]]
    ])
  #expect(
    bucket.properties["NotificationConfiguration"] == [
      "EventBridgeConfiguration": ["EventBridgeEnabled": true]
    ])
  #expect(
    bucket.properties["BucketEncryption"]?["ServerSideEncryptionConfiguration"]?.listValue?.first?[
      "ServerSideEncryptionByDefault"] == ["SSEAlgorithm": "AES256"])
  let policy = try #require(
    template.resources["ImagesPolicy"]?.properties["PolicyDocument"]?["Statement"]?.listValue?.first
  )
  #expect(
    policy["Effect"] == "Deny" && policy["Condition"] == ["Bool": ["aws:SecureTransport": "false"]])
  #expect(bucket.properties["Tags"] == [["Key": "Project", "Value": "facestack"]])
}

@Test func turningOffADefaultIsReportedAsAWarning() throws {
  let stack = Stack(name: "S", environment: testEnvironment())
  stack.add(aspect: SecureDefaults())
  var options = Bucket.Options()
  options.versioned = false
  options.enforceTLS = false
  _ = Bucket(stack, "Open", options: options, file: "Stack.swift", line: 7)
  let result = try Synthesizer(packager: FakePackager()).synthesize(stack)
  #expect(result.template.resources["Open"]?.properties["VersioningConfiguration"] == nil)
  #expect(result.template.resources["OpenPolicy"] == nil)
  #expect(
    result.diagnostics.map(\.description) == [
      "Stack.swift:7: warning: Open (AWS::S3::Bucket) has no versioning",
      "Stack.swift:7: warning: Open (AWS::S3::Bucket) has no TLS-only bucket policy",
    ])
}

@Test func aTableIsOnDemandRecoverableEncryptedAndRetained() throws {
  let stack = Stack(name: "S", environment: testEnvironment())
  var options = Table.Options(
    name: "results", partitionKey: .init("image_id", .string), sortKey: .init("record_id", .string))
  options.deletionProtection = true
  options.timeToLiveAttribute = "expires_at"
  let table = Table(stack, "Results", options: options)
  table.addIndex(
    "by-person", partitionKey: .init("person_id", .string), sortKey: .init("timestamp", .string))
  let template = try Synthesizer(packager: FakePackager()).synthesize(stack).template
  let resource = try #require(template.resources["Results"])
  #expect(resource.deletionPolicy == .retain && resource.updateReplacePolicy == .retain)
  #expect(resource.properties["BillingMode"] == "PAY_PER_REQUEST")
  #expect(resource.properties["DeletionProtectionEnabled"] == true)
  #expect(
    resource.properties["PointInTimeRecoverySpecification"] == ["PointInTimeRecoveryEnabled": true])
  #expect(resource.properties["SSESpecification"] == ["SSEEnabled": true])
  #expect(
    resource.properties["TimeToLiveSpecification"] == [
      "AttributeName": "expires_at", "Enabled": true,
    ])
  #expect(
    resource.properties["AttributeDefinitions"] == [
      ["AttributeName": "image_id", "AttributeType": "S"],
      ["AttributeName": "person_id", "AttributeType": "S"],
      ["AttributeName": "record_id", "AttributeType": "S"],
      ["AttributeName": "timestamp", "AttributeType": "S"],
    ])
  #expect(
    resource.properties["GlobalSecondaryIndexes"] == [
      [
        "IndexName": "by-person",
        "KeySchema": [
          ["AttributeName": "person_id", "KeyType": "HASH"],
          ["AttributeName": "timestamp", "KeyType": "RANGE"],
        ],
        "Projection": ["ProjectionType": "ALL"],
      ]
    ])
}

@Test func aFaceCollectionIsRetained() throws {
  let stack = Stack(name: "S", environment: testEnvironment())
  _ = FaceCollection(stack, "Faces", collectionId: "fs-faces")
  let resource = try #require(
    try Synthesizer(packager: FakePackager()).synthesize(stack).template.resources["Faces"])
  #expect(resource.deletionPolicy == .retain && resource.updateReplacePolicy == .retain)
  #expect(resource.properties["CollectionId"] == "fs-faces")
}

@Test func anInvalidStateMachineIsAnError() throws {
  let stack = Stack(name: "S", environment: testEnvironment())
  let function = Function(
    stack, "Work",
    options: .init(
      name: "w", asset: Asset(name: "w", sources: []),
      sizing: .init(memorySize: 128, timeout: 3, reservedConcurrency: nil),
      environment: [:], logRetentionDays: 1))
  _ = StateMachine(
    stack, "Flow", name: "flow",
    definition: StateMachineDefinition(
      startAt: "Start",
      states: [
        ("Start", .task(TaskState(resource: function.invokeTarget(), next: "Nowhere"))),
        ("Lost", .succeed()),
      ]),
    functions: [function], logRetentionDays: 1, file: "Stack.swift", line: 9)
  #expect(throws: SynthesisError.self) {
    try Synthesizer(packager: FakePackager()).synthesize(stack)
  }
  #expect(
    stack.diagnostics.map(\.description) == [
      "Stack.swift:9: error: state machine flow: state 'Start' goes to unknown state 'Nowhere'",
      "Stack.swift:9: error: state machine flow: state 'Lost' is unreachable",
    ])
}
