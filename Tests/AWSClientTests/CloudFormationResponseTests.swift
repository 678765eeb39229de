import Foundation
import Testing

@testable import AWSClient

@Suite struct CloudFormationResponseTests {
  @Test func describeStacksParsesOutputsTagsDatesAndProtection() async throws {
    let transport = RecordingTransport(responses: [xmlResponse(try fixture("describe-stacks.xml"))])
    let client = CloudFormationClient.live(makeSender(transport.transport))
    let stack = try #require(try await client.describeStack(named: "facestack-prod"))
    #expect(stack.stackName == "facestack-prod")
    #expect(stack.status == .updateComplete)
    #expect(stack.description == "face recognition pipeline & friends")
    #expect(stack.terminationProtection)
    #expect(stack.capabilities == [.namedIAM])
    #expect(stack.parameters == [StackParameter(key: "Environment", value: "prod")])
    #expect(stack.tags == [Tag(key: "facestack:env", value: "prod")])
    #expect(
      stack.outputs == [
        StackOutput(
          key: "BucketName", value: "facestack-prod-images-123456789012",
          description: "uploads go here", exportName: "facestack-prod-bucket"),
        StackOutput(key: "TableName", value: "FaceRecognitionResults"),
      ])
    #expect(stack.outputValues["TableName"] == "FaceRecognitionResults")
    let created = try #require(stack.creationTime)
    #expect(abs(created.timeIntervalSince1970 - 1_795_165_965.123) < 0.0005)
    #expect(stack.lastUpdatedTime == AWSTimestamp.parseISO8601("2026-11-28T17:03:10Z"))
    #expect(await transport.formParameters(0)["StackName"] == "facestack-prod")
  }

  @Test func missingStackIsNilNotAnError() async throws {
    let transport = RecordingTransport(responses: [
      xmlResponse(try fixture("error-validation.xml"), status: 400)
    ])
    let client = CloudFormationClient.live(makeSender(transport.transport))
    #expect(try await client.describeStack(named: "facestack-dev") == nil)
  }

  @Test func errorResponseBecomesTypedError() async throws {
    let transport = RecordingTransport(responses: [
      xmlResponse(try fixture("error-validation.xml"), status: 400)
    ])
    let client = CloudFormationClient.live(makeSender(transport.transport))
    do {
      _ = try await client.getTemplate("facestack-dev", nil, .original)
      Issue.record("expected an error")
    } catch let error as AWSServiceError {
      #expect(error.code == "ValidationError")
      #expect(error.message == "Stack with id facestack-dev does not exist")
      #expect(error.requestID == "a3b0c8e4-1d6f-4f1e-9e2a-0123456789ab")
      #expect(error.statusCode == 400)
      #expect(error.operation == "GetTemplate")
      #expect(
        error.description
          == "cloudformation GetTemplate failed: ValidationError: Stack with id facestack-dev does "
          + "not exist (http 400, request id a3b0c8e4-1d6f-4f1e-9e2a-0123456789ab)")
      #expect(!error.isRetryable)
      #expect(error.isStackNotFound)
      #expect(!error.isNoUpdates)
      #expect(!error.isAuthorizationFailure)
    }
  }

  @Test func changeSetPagesAreMergedWithReplacementDetails() async throws {
    let transport = RecordingTransport(responses: [
      xmlResponse(try fixture("describe-change-set-page1.xml")),
      xmlResponse(try fixture("describe-change-set-page2.xml")),
    ])
    let client = CloudFormationClient.live(makeSender(transport.transport))
    let changeSet = try await client.describeChangeSetAllPages(
      "facestack-43", stackName: "facestack-prod")
    #expect(changeSet.status == .createComplete)
    #expect(changeSet.executionStatus == .available)
    #expect(changeSet.changes.map(\.logicalResourceID) == ["ResultsTable", "EnrollFunction"])
    #expect(changeSet.nextToken == nil)
    #expect(!changeSet.isEmpty)
    let table = changeSet.changes[0]
    #expect(table.action == "Modify")
    #expect(table.replacement == "True")
    #expect(table.scope == ["Properties"])
    #expect(
      table.details == [
        ResourceChangeDetail(
          attribute: "Properties", name: "KeySchema", requiresRecreation: "Always",
          evaluation: "Static", changeSource: "DirectModification"),
        ResourceChangeDetail(
          attribute: "Properties", name: "StreamSpecification", requiresRecreation: "Never",
          evaluation: "Dynamic", changeSource: "ResourceAttribute",
          causingEntity: "StoreFunction.Arn"),
      ])
    #expect(changeSet.changes[1].replacement == nil)
    #expect(changeSet.changes[1].details.isEmpty)
    #expect(await transport.formParameters(0)["NextToken"] == nil)
    #expect(await transport.formParameters(1)["NextToken"] == "page-2-token")
  }

  @Test func emptyChangeSetIsRecognised() async throws {
    let transport = RecordingTransport(responses: [
      xmlResponse(try fixture("describe-change-set-empty.xml"))
    ])
    let client = CloudFormationClient.live(makeSender(transport.transport))
    let changeSet = try await client.describeChangeSet("facestack-44", "facestack-dev", nil)
    #expect(changeSet.status == .failed)
    #expect(changeSet.isEmpty)
    #expect(changeSet.changes.isEmpty)
  }

  @Test func stackEventsArePagedUntilTheLastSeenEvent() async throws {
    let transport = RecordingTransport(responses: [
      xmlResponse(try fixture("describe-stack-events-page1.xml")),
      xmlResponse(try fixture("describe-stack-events-page2.xml")),
      xmlResponse(try fixture("describe-stack-events-page1.xml")),
    ])
    let client = CloudFormationClient.live(makeSender(transport.transport))
    let all = try await client.stackEvents(stackName: "facestack-dev", since: nil)
    #expect(
      all.map(\.eventID) == [
        "e0", "e1", "DetectFunction-UPDATE_FAILED-2026-11-29T05:01:08.500Z", "e3",
      ])
    #expect(all[0].isStackEvent)
    #expect(
      all[2].resourceStatusReason
        == "Resource handler returned message: \"Memory size 20000 is invalid\"")
    #expect(all[2].clientRequestToken == "facestack-44")
    #expect(all[2].timestamp == AWSTimestamp.parseISO8601("2026-11-29T05:01:08.500Z"))
    // Polling again after the last event seen: only the first page is read, only newer events
    // come back.
    let newer = try await client.stackEvents(
      stackName: "facestack-dev", since: "DetectFunction-UPDATE_FAILED-2026-11-29T05:01:08.500Z")
    #expect(newer.map(\.eventID) == ["e3"])
    #expect(await transport.requests.count == 3)
    #expect(await transport.formParameters(1)["NextToken"] == "older")
  }

  @Test func getTemplateDecodesEntities() async throws {
    let transport = RecordingTransport(responses: [xmlResponse(try fixture("get-template.xml"))])
    let client = CloudFormationClient.live(makeSender(transport.transport))
    let body = try await client.getTemplate("facestack-dev", nil, .original)
    #expect(
      body
        == #"{"Resources":{"Bucket":{"Type":"AWS::S3::Bucket","Properties":{"Tags":[{"Key":"a<b","Value":"x"}]}}}}"#
    )
    #expect(await transport.formParameters(0)["TemplateStage"] == "Original")
  }

  @Test func smallCallsSendTheirParameters() async throws {
    let empty = xmlResponse("<R><ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></R>")
    let transport = RecordingTransport(responses: [empty, empty, empty, empty, empty])
    let client = CloudFormationClient.live(makeSender(transport.transport))
    try await client.executeChangeSet(
      ExecuteChangeSetInput(
        changeSetName: "cs-1", stackName: "facestack-dev", clientRequestToken: "tok-1"))
    try await client.deleteChangeSet("cs-1", "facestack-dev")
    try await client.updateTerminationProtection("facestack-prod", true)
    try await client.setStackPolicy("facestack-prod", #"{"Statement":[]}"#)
    try await client.deleteStack("facestack-dev", ["Bucket"])
    #expect(
      await transport.formParameters(0) == [
        "Action": "ExecuteChangeSet", "Version": "2010-05-15", "ChangeSetName": "cs-1",
        "StackName": "facestack-dev", "ClientRequestToken": "tok-1",
      ])
    #expect(await transport.formParameters(1)["Action"] == "DeleteChangeSet")
    #expect(await transport.formParameters(2)["EnableTerminationProtection"] == "true")
    #expect(await transport.formParameters(3)["StackPolicyBody"] == #"{"Statement":[]}"#)
    #expect(await transport.formParameters(4)["RetainResources.member.1"] == "Bucket")
  }
}
