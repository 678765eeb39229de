import AWSClient
import CloudFormation
import Foundation
import Testing

@testable import Deploy

@Suite("destroy, account check and emulator state")
struct DestroyTests {
  static let deployedTemplate = """
    Resources:
      Images:
        Type: AWS::S3::Bucket
        DeletionPolicy: Retain
      Detect:
        Type: AWS::Lambda::Function
    """

  /// A stack that `DeleteStack` removes, answering `deleteError` when set (moto's way).
  func client(
    stack: Stack, deleteError: AWSServiceError? = nil, calls: Calls
  ) -> CloudFormationClient {
    var client = CloudFormationClient.unimplemented
    client.describeStacks = { _ in
      if await calls.deleted {
        throw AWSServiceError(
          service: "cloudformation", operation: "DescribeStacks", code: "ValidationError",
          message: "Stack with id facestack-test does not exist", requestID: nil, statusCode: 400)
      }
      return [stack]
    }
    client.getTemplate = { _, _, _ in Self.deployedTemplate }
    client.listStackResources = { _, _ in
      StackResourcesPage(resources: [
        StackResourceSummary(
          logicalResourceID: "Images", physicalResourceID: "dev-images",
          resourceType: "AWS::S3::Bucket", resourceStatus: "CREATE_COMPLETE"),
        StackResourceSummary(
          logicalResourceID: "Detect", physicalResourceID: "dev-detect",
          resourceType: "AWS::Lambda::Function", resourceStatus: "CREATE_COMPLETE"),
      ])
    }
    client.describeStackEvents = { _, _ in StackEventsPage(events: []) }
    client.deleteStack = { _, _ in
      await calls.delete()
      if let deleteError { throw deleteError }
    }
    return client
  }

  actor Calls {
    var deleted = false
    func delete() { deleted = true }
  }

  func deployer(_ cloudFormation: CloudFormationClient) -> Deployer {
    var aws = AWSClient.unimplemented
    aws.cloudFormation = cloudFormation
    var deployer = Deployer(aws: aws, policy: .never, reporter: .silent) { _ in true }
    deployer.sleep = { _ in }
    return deployer
  }

  static let stack = Stack(
    stackID: "arn:stack", stackName: "facestack-test", status: .updateComplete)

  @Test func deletesAfterConfirmationAndNamesWhatStays() async throws {
    let calls = Calls()
    let result = try await deployer(client(stack: Self.stack, calls: calls)).destroy(
      stackName: "facestack-test"
    ) { _, retained in
      retained == ["Images (AWS::S3::Bucket): dev-images"]
    }
    #expect(result.deleted)
    #expect(result.retained == ["Images (AWS::S3::Bucket): dev-images"])
    #expect(result.leftovers == nil)
    #expect(await calls.deleted)
  }

  @Test func notConfirmedIsRefusedAndNothingIsDeleted() async throws {
    let calls = Calls()
    await #expect(
      throws: DeployError.refused("destroy of facestack-test not confirmed; re-run with --yes")
    ) {
      try await deployer(client(stack: Self.stack, calls: calls)).destroy(
        stackName: "facestack-test"
      ) { _, _ in false }
    }
    #expect(!(await calls.deleted))
  }

  @Test func terminationProtectionIsRefused() async throws {
    var protected = Self.stack
    protected.terminationProtection = true
    let calls = Calls()
    do {
      _ = try await deployer(client(stack: protected, calls: calls)).destroy(
        stackName: "facestack-test"
      ) { _, _ in true }
      Issue.record("expected a refusal")
    } catch let error as DeployError {
      #expect(error.exitCode == 1)
      #expect(error.description.contains("--no-enable-termination-protection"))
    }
    #expect(!(await calls.deleted))
  }

  @Test func theEmulatorsFailedDeleteOfAGoneStackIsReportedNotThrown() async throws {
    let error = AWSServiceError(
      service: "cloudformation", operation: "DeleteStack", code: "DependencyViolation",
      message: "The vpc vpc-1 has dependencies and cannot be deleted.", requestID: nil,
      statusCode: 400)
    let result = try await deployer(client(stack: Self.stack, deleteError: error, calls: Calls()))
      .destroy(stackName: "facestack-test") { _, _ in true }
    #expect(result.deleted)
    #expect(result.leftovers == "The vpc vpc-1 has dependencies and cannot be deleted.")
  }

  @Test func anotherAccountsCredentialsAreRefused() async throws {
    var aws = AWSClient.unimplemented
    aws.sts.getCallerIdentity = {
      CallerIdentity(account: "999999999999", arn: "arn:aws:iam::999999999999:user/x", userID: "x")
    }
    let deployer = Deployer(aws: aws, policy: .never, reporter: .silent) { _ in true }
    await #expect(throws: DeployError.self) {
      try await deployer.checkAccount(expected: "111111111111", environment: "dev")
    }
    try await deployer.checkAccount(expected: "999999999999", environment: "dev")
  }

}
