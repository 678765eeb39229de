import AWSClient
import CloudFormation
import Foundation
import Testing

@testable import Deploy

@Suite("environment deploy: bootstrap lookup, assets, template through S3")
struct EnvironmentDeployTests {
  func plan(assets: [AssetFile], body: String) -> DeployPlan {
    DeployPlan(
      environment: "dev", namePrefix: "facestack-dev", stackName: "facestack-test",
      templateBody: body,
      template: Template(resources: ["Detect": Resource(type: "AWS::Lambda::Function")]),
      assets: assets, tags: ["Project": "facestack"], protectData: false)
  }

  @Test func withoutABootstrapStackRealAWSIsAnInputErrorNamingTheCommand() async throws {
    let fake = FakeCloudFormation()
    var aws = AWSClient.unimplemented
    aws.cloudFormation = fake.client
    let deployer = Deployer(aws: aws, policy: .never, reporter: .silent) { _ in true }
    do {
      _ = try await deployer.deployEnvironment(
        plan(assets: [], body: "{}"), dryRun: false, autoBootstrap: false, checkCoverage: false)
      Issue.record("expected an input error")
    } catch let error as DeployError {
      #expect(error.exitCode == 2)
      #expect(error.description.contains("run 'facestack bootstrap --env dev' first"))
    }
    #expect(!(await fake.calls).contains { $0.hasPrefix("CreateChangeSet") })
  }

  @Test func uploadsMissingAssetsAndPassesALargeTemplateByURL() async throws {
    let fake = FakeCloudFormation()
    await fake.set { fake in
      fake.otherStacks["facestack-dev-bootstrap"] = Stack(
        stackID: "arn:bootstrap", stackName: "facestack-dev-bootstrap", status: .createComplete,
        outputs: [StackOutput(key: "AssetsBucketName", value: "assets-bucket")])
      fake.changes = [
        ResourceChange(
          action: "Add", logicalResourceID: "Detect", resourceType: "AWS::Lambda::Function")
      ]
    }
    let s3 = S3Client.inMemory()
    try await s3.createBucket("assets-bucket")
    _ = try await s3.putObject(
      PutObjectInput(bucket: "assets-bucket", key: "assets/old.zip", body: Data("old".utf8)))
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "environment-deploy-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data("new".utf8).write(to: folder.appendingPathComponent("new.zip"))
    let assets = [
      AssetFile(key: "assets/old.zip", file: folder.appendingPathComponent("missing-is-fine.zip")),
      AssetFile(key: "assets/new.zip", file: folder.appendingPathComponent("new.zip")),
    ]
    var aws = AWSClient.unimplemented
    aws.cloudFormation = fake.client
    aws.s3 = s3
    var deployer = Deployer(aws: aws, policy: .never, reporter: .silent) { _ in true }
    deployer.sleep = { _ in }
    let large = "# " + String(repeating: "x", count: 60_000) + "\nResources: {}\n"
    let result = try await deployer.deployEnvironment(
      plan(assets: assets, body: large), dryRun: false, autoBootstrap: false,
      checkCoverage: false)
    guard case .deployed = result.result else {
      Issue.record("expected a deploy, got \(result.result)")
      return
    }
    #expect(try await s3.getObject("assets-bucket", "assets/new.zip").body == Data("new".utf8))
    let input = try #require(await fake.createdInputs.first)
    #expect(input.parameters == [StackParameter(key: "AssetsBucket", value: "assets-bucket")])
    guard case .url(let url) = input.template else {
      Issue.record("a template over 51,200 bytes must go through S3")
      return
    }
    #expect(url.hasPrefix("https://assets-bucket.s3.amazonaws.com/templates/facestack-test/"))
  }
}
