import Foundation
import Testing

@testable import AWSClient

/// Counts calls from `@Sendable` closures.
actor Counter {
  private(set) var value = 0
  func next() -> Int {
    value += 1
    return value
  }
}

/// How deploy logic is meant to be tested: start from `.unimplemented`, script what is called.
@Suite struct TestDoubleTests {
  @Test func unimplementedCallsFailLoudly() async throws {
    let aws = AWSClient.unimplemented
    await #expect(throws: AWSClientError.unimplemented("cloudformation CreateChangeSet")) {
      try await aws.cloudFormation.createChangeSet(
        CreateChangeSetInput(
          stackName: "s", changeSetName: "c", changeSetType: .create, template: .body("{}")))
    }
    await #expect(throws: AWSClientError.unimplemented("s3 PutObject")) {
      try await aws.s3.putObject(PutObjectInput(bucket: "b", key: "k", body: Data()))
    }
  }

  @Test func waitForChangeSetPollsUntilComputedWithoutSleepingForReal() async throws {
    let polls = Counter()
    let sleeps = SleepRecorder()
    var cloudFormation = CloudFormationClient.unimplemented
    cloudFormation.describeChangeSet = { name, stack, token in
      let count = await polls.next()
      #expect(token == nil)
      return ChangeSetDescription(
        changeSetID: "arn:\(name)", changeSetName: name, stackID: "arn:\(stack ?? "")",
        stackName: stack ?? "", status: count < 3 ? .createPending : .createComplete,
        changes: count < 3
          ? []
          : [
            ResourceChange(
              action: "Add", logicalResourceID: "Bucket", resourceType: "AWS::S3::Bucket")
          ])
    }
    let changeSet = try await cloudFormation.waitForChangeSet(
      "cs", stackName: "facestack-dev", pollInterval: 5, sleep: { await sleeps.record($0) })
    #expect(changeSet.status == .createComplete)
    #expect(changeSet.changes.map(\.logicalResourceID) == ["Bucket"])
    #expect(await polls.value == 3)
    #expect(await sleeps.delays == [5, 5])
  }

  @Test func waitForChangeSetTimesOut() async throws {
    var cloudFormation = CloudFormationClient.unimplemented
    cloudFormation.describeChangeSet = { name, _, _ in
      ChangeSetDescription(
        changeSetID: name, changeSetName: name, stackID: "", stackName: "",
        status: .createInProgress)
    }
    await #expect(
      throws: AWSClientError.timeout("change set cs is still CREATE_IN_PROGRESS after 10 seconds")
    ) {
      try await cloudFormation.waitForChangeSet(
        "cs", stackName: nil, pollInterval: 5, timeout: 10, sleep: { _ in })
    }
  }

  @Test func changeSetTypeFollowsTheStacksState() {
    func stack(_ status: StackStatus) -> Stack {
      Stack(stackID: "arn", stackName: "s", status: status)
    }
    #expect(ChangeSetType.forStack(nil) == .create)
    #expect(ChangeSetType.forStack(stack(.reviewInProgress)) == .create)
    #expect(ChangeSetType.forStack(stack(.createComplete)) == .update)
    #expect(ChangeSetType.forStack(stack(.updateRollbackComplete)) == .update)
  }

  @Test func statusHelpers() {
    #expect(StackStatus.updateCompleteCleanupInProgress.isInProgress)
    #expect(StackStatus.rollbackComplete.isFailure)
    #expect(!StackStatus.updateComplete.isFailure)
    #expect(StackStatus.updateRollbackFailed.isTerminal)
  }
}
