import CloudFormation
import Testing

@testable import Constructs

@Test func bucketGrantsAreScopedToTheirPrefix() throws {
  let stack = Stack(name: "S", environment: testEnvironment())
  let bucket = Bucket(stack, "Images")
  let role = Role(stack, "Worker", assumedBy: "lambda.amazonaws.com", description: "worker")
  bucket.grant([.getObject, .listBucket], prefix: "input/", to: role)
  let template = try Synthesizer(packager: FakePackager()).synthesize(stack).template
  #expect(
    statements(of: "Worker", in: template) == [
      #"{"Effect":"Allow","Action":"s3:GetObject","Resource":{"Fn::Sub":"${Images.Arn}/input/*"}}"#,
      #"{"Effect":"Allow","Action":"s3:ListBucket","Resource":{"Fn::GetAtt":["Images","Arn"]},"Condition":{"StringLike":{"s3:prefix":"input/*"}}}"#,
    ])
}

@Test func tableAndCollectionGrantsNameTheirActionsAndARNs() throws {
  let stack = Stack(name: "S", environment: testEnvironment())
  let table = Table(stack, "Results", options: .init(partitionKey: .init("id", .string)))
  table.addIndex("by-person", partitionKey: .init("person", .string))
  let faces = FaceCollection(stack, "Faces", collectionId: "faces")
  let role = Role(stack, "Worker", assumedBy: "lambda.amazonaws.com", description: "worker")
  table.grant([.query], indexes: true, to: role)
  table.grant([.batchWriteItem], to: role)
  faces.grantSearch(to: role)
  let template = try Synthesizer(packager: FakePackager()).synthesize(stack).template
  #expect(
    statements(of: "Worker", in: template) == [
      #"{"Effect":"Allow","Action":"dynamodb:BatchWriteItem","Resource":{"Fn::GetAtt":["Results","Arn"]}}"#,
      #"{"Effect":"Allow","Action":"dynamodb:Query","Resource":[{"Fn::GetAtt":["Results","Arn"]},{"Fn::Sub":"${Results.Arn}/index/*"}]}"#,
      #"{"Effect":"Allow","Action":"rekognition:SearchFacesByImage","Resource":{"Fn::GetAtt":["Faces","Arn"]}}"#,
    ])
}

@Test func anIndexGrantNamesThatIndexOnly() throws {
  let stack = Stack(name: "S", environment: testEnvironment())
  let table = Table(stack, "Results", options: .init(partitionKey: .init("id", .string)))
  table.addIndex("by-time", partitionKey: .init("bucket", .string))
  let role = Role(stack, "Reader", assumedBy: "ec2.amazonaws.com", description: "reader")
  table.grant([.query], index: "by-time", to: role)
  let template = try Synthesizer(packager: FakePackager()).synthesize(stack).template
  #expect(
    statements(of: "Reader", in: template) == [
      #"{"Effect":"Allow","Action":"dynamodb:Query","Resource":{"Fn::Sub":"${Results.Arn}/index/by-time"}}"#
    ])
}

@Test func grantsRememberTheirSourceLine() {
  let stack = Stack(name: "S", environment: testEnvironment())
  let bucket = Bucket(stack, "Images")
  let role = Role(stack, "Worker", assumedBy: "lambda.amazonaws.com", description: "worker")
  bucket.grantWrite(prefix: "processed/", to: role, file: "Pipeline.swift", line: 42)
  #expect(role.grants.map(\.location.description) == ["Pipeline.swift:42"])
}

@Test func aFunctionRoleMayWriteOnlyItsOwnLogsAndTraces() throws {
  let stack = Stack(name: "S", environment: testEnvironment())
  _ = Function(
    stack, "Detect",
    options: .init(
      name: "fs-detect", asset: Asset(name: "detect", sources: []),
      sizing: .init(memorySize: 512, timeout: 10, reservedConcurrency: nil),
      environment: ["STAGE": "b"], logRetentionDays: 7))
  let template = try Synthesizer(packager: FakePackager()).synthesize(stack).template
  #expect(
    statements(of: "DetectRole", in: template) == [
      #"{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":{"Fn::Sub":"arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${DetectLogs}:log-stream:*"}}"#,
      #"{"Effect":"Allow","Action":["xray:PutTelemetryRecords","xray:PutTraceSegments"],"Resource":"*"}"#,
    ])
  let function = try #require(template.resources["Detect"])
  #expect(function.properties["Runtime"] == "python3.12")
  #expect(function.properties["Architectures"] == ["arm64"])
  #expect(function.properties["TracingConfig"] == ["Mode": "Active"])
  #expect(function.properties["Role"] == .getAtt("DetectRole", "Arn"))
  #expect(
    function.properties["Code"] == [
      "S3Bucket": .ref("AssetsBucket"),
      "S3Key": .string("assets/" + String(repeating: "ab", count: 32) + ".zip"),
    ])
  #expect(template.resources["DetectLogs"]?.properties["RetentionInDays"] == 7)
}
