import AWSClient
import CloudFormation
import Foundation
import StackDiff
import Testing

@testable import Deploy

/// An approved replacement of a protected resource runs under a temporary stack policy that
/// allows exactly it, and the policy is restored afterwards, also when the execution fails. The
/// fake CloudFormation enforces stack policies as AWS does (moto stores them but does not).
@Suite("stack policy override")
struct StackPolicyOverrideTests {
  /// The deployed stack: a retained bucket, a table without a custom name, a function.
  static let deployed = """
    Resources:
      Images:
        Type: AWS::S3::Bucket
        DeletionPolicy: Retain
      Results:
        Type: AWS::DynamoDB::Table
        DeletionPolicy: Retain
        UpdateReplacePolicy: Retain
        Properties:
          KeySchema: [{AttributeName: id, KeyType: HASH}]
      Detect:
        Type: AWS::Lambda::Function
    """

  static func template(key: String, tableName: String? = nil) throws -> Template {
    var template = try TemplateReader.read(deployed, file: "new")
    template.resources["Results"]?.properties["KeySchema"] = [
      ["AttributeName": .string(key), "KeyType": "HASH"]
    ]
    if let tableName {
      template.resources["Results"]?.properties["TableName"] = .string(tableName)
    }
    return template
  }

  static let replaceResults = ResourceChange(
    action: "Modify", logicalResourceID: "Results", resourceType: "AWS::DynamoDB::Table",
    replacement: "True")

  final class Approvals: @unchecked Sendable {
    var reasons: [String] = []
  }

  func run(
    _ fake: FakeCloudFormation, template: Template, policy: ApprovalPolicy = .broadening,
    approvals: Approvals = Approvals(), log: MessageLog = MessageLog()
  ) async throws -> DeploymentResult {
    var aws = AWSClient.unimplemented
    aws.cloudFormation = fake.client
    var deployer = Deployer(aws: aws, policy: policy, reporter: log.reporter) { reasons in
      approvals.reasons = reasons
      return true
    }
    deployer.sleep = { _ in }
    deployer.pollInterval = 0
    return try await deployer.deploy(
      StackDeployment(
        stackName: "facestack-test", environment: "test", template: template,
        source: .url("https://s3.us-east-1.amazonaws.com/b/t.yaml")))
  }

  func protectedStack(template: String = deployed) async throws -> (FakeCloudFormation, String) {
    let fake = FakeCloudFormation(
      stack: Stack(stackID: "arn:stack", stackName: "facestack-test", status: .updateComplete))
    let policy = StackPolicy.body(for: try TemplateReader.read(template, file: "deployed"))
    await fake.set { fake in
      fake.deployedTemplate = template
      fake.stackPolicy = policy
      fake.changes = [Self.replaceResults]
      fake.executionStatus = .updateComplete
    }
    return (fake, policy)
  }

  @Test func theFakeEnforcesTheStackPolicyAsAWSDoes() throws {
    let policy = StackPolicy.body(for: try TemplateReader.read(Self.deployed, file: "deployed"))
    #expect(!FakeCloudFormation.allows(policy, "Update:Replace", "Results"))
    #expect(!FakeCloudFormation.allows(policy, "Update:Delete", "Images"))
    #expect(FakeCloudFormation.allows(policy, "Update:Modify", "Results"))
    #expect(FakeCloudFormation.allows(policy, "Update:Replace", "Detect"))
  }

  @Test func anApprovedReplacementRunsUnderATemporaryPolicyThenTheNewPolicyIsSet() async throws {
    let (fake, previous) = try await protectedStack()
    let approvals = Approvals()
    let log = MessageLog()
    let new = try Self.template(key: "image_id")
    let result = try await run(fake, template: new, approvals: approvals, log: log)
    guard case .deployed(let stack, _) = result else {
      Issue.record("expected deployed, got \(result)")
      return
    }
    #expect(stack.status == .updateComplete)
    #expect(
      approvals.reasons.contains(
        "stack policy: Results protected from replacement and deletion; approving sets a "
          + "temporary stack policy that allows exactly Results for this deploy"))
    // During the execution: Results allowed, Images still denied.
    let during = try #require(await fake.policyAtExecution)
    #expect(FakeCloudFormation.allows(during, "Update:Replace", "Results"))
    #expect(!FakeCloudFormation.allows(during, "Update:Replace", "Images"))
    #expect(!FakeCloudFormation.allows(during, "Update:Delete", "Images"))
    #expect(
      during
        == #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"Update:*","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":["Update:Replace","Update:Delete"],"Resource":["LogicalResourceId/Images"]},{"Effect":"Allow","Principal":"*","Action":"Update:*","Resource":["LogicalResourceId/Results"]}]}"#
    )
    // Afterwards: the policy of the new template, which protects Results again.
    #expect(await fake.stackPolicy == StackPolicy.body(for: new))
    #expect(await fake.stackPolicy == previous)
    let calls = await fake.calls.filter { $0.hasSuffix("StackPolicy") || $0 == "ExecuteChangeSet" }
    #expect(calls == ["GetStackPolicy", "SetStackPolicy", "ExecuteChangeSet", "SetStackPolicy"])
  }

  @Test func aFailedExecutionRestoresThePreviousPolicy() async throws {
    let (fake, previous) = try await protectedStack()
    await fake.set { fake in
      fake.executionStatus = .updateRollbackComplete
      fake.executionEvents = [("Results", "UPDATE_FAILED", "Table already exists")]
    }
    let log = MessageLog()
    await #expect(throws: DeployError.self) {
      try await run(fake, template: try Self.template(key: "image_id"), log: log)
    }
    #expect(await fake.stackPolicy == previous)
    #expect(await fake.calls.filter { $0 == "SetStackPolicy" }.count == 2)
  }

  @Test func withoutTheOverrideAWSWouldRefuseTheReplacement() async throws {
    // The same execution under the previous policy fails, as it does on AWS.
    let (fake, _) = try await protectedStack()
    await fake.execute()
    #expect(await fake.stack?.status == .updateRollbackComplete)
  }

  @Test func aFailedRestoreSaysTheTemporaryPolicyIsStillInPlace() async throws {
    let (fake, _) = try await protectedStack()
    await fake.set { fake in
      fake.policySetsLeft = 1
      fake.executionStatus = .updateRollbackComplete
    }
    do {
      _ = try await run(fake, template: try Self.template(key: "image_id"))
      Issue.record("expected a failure")
    } catch let error as DeployError {
      #expect(
        error.description.contains("the temporary stack policy allowing Results is still in place"))
      #expect(error.description.contains("Rate exceeded"))
      #expect(error.description.contains("UPDATE_ROLLBACK_COMPLETE"))
    }
  }

  @Test func neverAskingRefusesAProtectedReplacementBeforeExecuting() async throws {
    let (fake, previous) = try await protectedStack()
    do {
      _ = try await run(fake, template: try Self.template(key: "image_id"), policy: .never)
      Issue.record("expected a refusal")
    } catch let error as DeployError {
      #expect(error.exitCode == 1)
      #expect(error.description.contains("its stack policy protects Results"))
    }
    #expect(!(await fake.calls).contains("ExecuteChangeSet"))
    #expect(await fake.stackPolicy == previous)
  }

  @Test func aReplacementThatKeepsACustomNameIsRefusedBeforeExecuting() async throws {
    let named = Self.deployed.replacingOccurrences(
      of: "      KeySchema:", with: "      TableName: results\n      KeySchema:")
    #expect(named != Self.deployed)
    let (fake, _) = try await protectedStack(template: named)
    do {
      _ = try await run(fake, template: try Self.template(key: "image_id", tableName: "results"))
      Issue.record("expected a refusal")
    } catch let error as DeployError {
      #expect(error.exitCode == 1)
      #expect(
        error.description
          == "deploy of facestack-test refused: Results (AWS::DynamoDB::Table) cannot be replaced "
          + "while it has a custom name: change Properties.TableName (or remove it to let "
          + "CloudFormation name the replacement)")
    }
    #expect(!(await fake.calls).contains("ExecuteChangeSet"))
    #expect(await fake.calls.contains("DeleteChangeSet"))
  }

  @Test func theOverrideLiftsExactEntriesAndRefusesWildcards() throws {
    let previous =
      #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"Update:*","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":["Update:Replace","Update:Delete"],"Resource":["LogicalResourceId/Results"]}]}"#
    let override = try StackPolicyOverride(previous: previous, allowing: ["Results"])
    #expect(
      override.body
        == #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"Update:*","Resource":"*"},{"Effect":"Allow","Principal":"*","Action":"Update:*","Resource":["LogicalResourceId/Results"]}]}"#
    )
    #expect(try StackPolicyOverride.protected(["Results", "Detect"], by: previous) == ["Results"])
    let wildcard =
      #"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"Update:*","Resource":"LogicalResourceId/Res*"}]}"#
    #expect(try StackPolicyOverride.protected(["Results"], by: wildcard) == ["Results"])
    #expect(throws: DeployError.self) {
      try StackPolicyOverride(previous: wildcard, allowing: ["Results"])
    }
    #expect(StackPolicyOverride.matches("LogicalResourceId/*", "LogicalResourceId/Images"))
    #expect(!StackPolicyOverride.matches("LogicalResourceId/Im?", "LogicalResourceId/Images"))
  }
}
