import AWSClient
import CloudFormation
import Foundation
import Testing

@testable import Deploy

@Suite("change-set state machine")
struct ChangeSetStateMachineTests {
  static let template = Template(
    resources: [
      "Images": Resource(type: "AWS::S3::Bucket", deletionPolicy: .retain),
      "Detect": Resource(type: "AWS::Lambda::Function"),
    ])

  func deployer(
    _ fake: FakeCloudFormation, log: MessageLog = MessageLog(), policy: ApprovalPolicy = .never,
    approve: Bool = true
  ) -> Deployer {
    var aws = AWSClient.unimplemented
    aws.cloudFormation = fake.client
    var deployer = Deployer(aws: aws, policy: policy, reporter: log.reporter) { _ in approve }
    deployer.sleep = { _ in }
    deployer.pollInterval = 0
    return deployer
  }

  func deployment(protectData: Bool = false, dryRun: Bool = false) -> StackDeployment {
    StackDeployment(
      stackName: "facestack-test", environment: "test", template: Self.template,
      source: .url("https://s3.us-east-1.amazonaws.com/b/t.yaml"),
      parameters: [StackParameter(key: "AssetsBucket", value: "assets")],
      tags: [Tag(key: "Project", value: "facestack")], terminationProtection: protectData,
      dryRun: dryRun)
  }

  static let add = ResourceChange(
    action: "Add", logicalResourceID: "Detect", resourceType: "AWS::Lambda::Function")

  @Test func newStackIsCreatedThroughACreateChangeSetAndProtected() async throws {
    let fake = FakeCloudFormation()
    await fake.set { fake in
      fake.changes = [Self.add]
      fake.executionEvents = [
        ("Detect", "CREATE_IN_PROGRESS", nil), ("Detect", "CREATE_COMPLETE", nil),
      ]
    }
    let log = MessageLog()
    let result = try await deployer(fake, log: log).deploy(deployment(protectData: true))
    guard case .deployed(let stack, let report) = result else {
      Issue.record("expected deployed, got \(result)")
      return
    }
    #expect(stack.status == .createComplete)
    #expect(report.rows.map(\.logicalID) == ["Detect"])
    let input = try #require(await fake.createdInputs.first)
    #expect(input.changeSetType == .create)
    #expect(input.capabilities.contains(.namedIAM))
    #expect(input.parameters == [StackParameter(key: "AssetsBucket", value: "assets")])
    #expect(input.tags == [Tag(key: "Project", value: "facestack")])
    let calls = await fake.calls
    #expect(calls.filter { $0 == "DescribeChangeSet" }.count == 2)
    #expect(calls.contains("ExecuteChangeSet"))
    #expect(calls.contains("UpdateTerminationProtection true"))
    let policy = try #require(await fake.stackPolicy)
    #expect(policy.contains("\"LogicalResourceId/Images\""))
    #expect(!policy.contains("LogicalResourceId/Detect"))
    // Only this execution's events, each once, oldest first (REVIEW_IN_PROGRESS came before).
    #expect(log.eventIDs == ["e2", "e3", "e4", "e5"])
  }

  @Test func existingStackGetsAnUpdateChangeSet() async throws {
    let fake = FakeCloudFormation(
      stack: Stack(stackID: "arn:stack", stackName: "facestack-test", status: .updateComplete))
    await fake.set { fake in
      fake.changes = [Self.add]
      fake.executionStatus = .updateComplete
    }
    _ = try await deployer(fake).deploy(deployment())
    #expect(await fake.createdInputs.first?.changeSetType == .update)
    #expect(!(await fake.calls).contains { $0.hasPrefix("UpdateTerminationProtection") })
  }

  @Test func emptyChangeSetIsNoChangesAndDeleted() async throws {
    let fake = FakeCloudFormation(
      stack: Stack(stackID: "arn:stack", stackName: "facestack-test", status: .updateComplete))
    await fake.set { fake in
      fake.changeSetStatuses = [.createPending, .failed]
      fake.changeSetReason =
        "The submitted information didn't contain changes. Submit different information to create a change set."
    }
    let result = try await deployer(fake).deploy(deployment())
    guard case .noChanges = result else {
      Issue.record("expected no changes, got \(result)")
      return
    }
    let calls = await fake.calls
    #expect(calls.contains("DeleteChangeSet"))
    #expect(!calls.contains("ExecuteChangeSet"))
  }

  @Test func failedChangeSetIsAnAWSErrorWithItsReason() async throws {
    let fake = FakeCloudFormation()
    await fake.set { fake in
      fake.changeSetStatuses = [.failed]
      fake.changeSetReason = "Template format error: Unresolved resource dependencies [X]"
    }
    await #expect(
      throws: DeployError.aws(
        "change set for facestack-test failed: Template format error: Unresolved resource dependencies [X]"
      )
    ) {
      try await deployer(fake).deploy(deployment())
    }
    // The change set and the empty REVIEW_IN_PROGRESS stack it created are both removed.
    #expect(await fake.calls.contains("DeleteChangeSet"))
    #expect(await fake.calls.contains("DeleteStack"))
  }

  @Test(arguments: [StackStatus.rollbackComplete, .updateRollbackFailed, .updateInProgress])
  func stacksThatCannotTakeAChangeSetAreRefusedWithTheWayOut(status: StackStatus) async throws {
    let fake = FakeCloudFormation(
      stack: Stack(stackID: "arn:stack", stackName: "facestack-test", status: status))
    do {
      _ = try await deployer(fake).deploy(deployment())
      Issue.record("expected a refusal")
    } catch let error as DeployError {
      #expect(error.exitCode == 1)
      switch status {
      case .rollbackComplete: #expect(error.description.contains("facestack destroy --env test"))
      case .updateRollbackFailed: #expect(error.description.contains("continue-update-rollback"))
      default: #expect(error.description.contains("another operation is running"))
      }
    }
    #expect(!(await fake.calls).contains { $0.hasPrefix("CreateChangeSet") })
  }

  @Test func refusedApprovalDeletesTheChangeSetAndTheEmptyStack() async throws {
    let fake = FakeCloudFormation()
    await fake.set { fake in
      fake.changes = [
        ResourceChange(
          action: "Add", logicalResourceID: "DetectRole", resourceType: "AWS::IAM::Role")
      ]
    }
    var withRole = deployment()
    withRole.template = Template(resources: ["DetectRole": DeployReviewTests.role])
    await #expect(throws: DeployError.self) {
      try await deployer(fake, policy: .broadening, approve: false).deploy(withRole)
    }
    let calls = await fake.calls
    #expect(calls.contains("DeleteChangeSet"))
    #expect(calls.contains("DeleteStack"))
    #expect(!calls.contains("ExecuteChangeSet"))
  }

  @Test func dryRunShowsAndDeletes() async throws {
    let fake = FakeCloudFormation(
      stack: Stack(stackID: "arn:stack", stackName: "facestack-test", status: .updateComplete))
    await fake.set { fake in fake.changes = [Self.add] }
    let result = try await deployer(fake).deploy(deployment(dryRun: true))
    guard case .dryRun(let report) = result else {
      Issue.record("expected a dry run")
      return
    }
    #expect(report.rows.count == 1)
    let calls = await fake.calls
    #expect(calls.contains("DeleteChangeSet"))
    #expect(!calls.contains("ExecuteChangeSet"))
    #expect(!calls.contains("DeleteStack"))
  }

  @Test func failedExecutionRecapsEachFailedResource() async throws {
    let fake = FakeCloudFormation(
      stack: Stack(stackID: "arn:stack", stackName: "facestack-test", status: .updateComplete))
    await fake.set { fake in
      fake.changes = [Self.add]
      fake.executionStatus = .updateRollbackComplete
      fake.executionEvents = [
        ("Detect", "UPDATE_IN_PROGRESS", nil),
        ("Detect", "UPDATE_FAILED", "Memory size 20000 is above the maximum"),
        ("Store", "UPDATE_FAILED", "Resource update cancelled"),
      ]
    }
    let log = MessageLog()
    do {
      _ = try await deployer(fake, log: log).deploy(deployment())
      Issue.record("expected a failure")
    } catch let error as DeployError {
      #expect(error.exitCode == 3)
      #expect(error.description.contains("UPDATE_ROLLBACK_COMPLETE"))
    }
    #expect(
      log.warnings == [
        "Detect (AWS::Lambda::Function) UPDATE_FAILED: Memory size 20000 is above the maximum"
      ])
    #expect(await fake.stackPolicy == nil)
  }
}
