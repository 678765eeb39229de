import AWSClient
import CloudFormation
import Foundation

/// One environment's synthesized stack, ready to deploy: what the CLI's synth produced.
public struct DeployPlan: Sendable {
  /// The environment's name (`dev`).
  public var environment: String
  /// The name prefix (`facestack-dev`); the bootstrap stack is `<prefix>-bootstrap`.
  public var namePrefix: String
  /// The application stack's name.
  public var stackName: String
  /// The template, as text (what CloudFormation receives).
  public var templateBody: String
  /// The template model.
  public var template: Template
  /// The Lambda packages.
  public var assets: [AssetFile]
  /// Stack tags.
  public var tags: [String: String]
  /// `protectData`: termination protection on.
  public var protectData: Bool

  /// A plan.
  public init(
    environment: String, namePrefix: String, stackName: String, templateBody: String,
    template: Template, assets: [AssetFile], tags: [String: String], protectData: Bool
  ) {
    self.environment = environment
    self.namePrefix = namePrefix
    self.stackName = stackName
    self.templateBody = templateBody
    self.template = template
    self.assets = assets
    self.tags = tags
    self.protectData = protectData
  }

  var stackTags: [Tag] { tags.keys.sorted().map { Tag(key: $0, value: tags[$0] ?? "") } }
}

/// What `deploy` did.
public struct EnvironmentDeployResult: Sendable {
  /// The change-set outcome.
  public var result: DeploymentResult
  /// The stack's outputs (empty for a dry run of a new stack).
  public var outputs: [StackOutput]
  /// Template resources the deployed stack does not hold (the emulator's skipped types).
  public var missing: [(logicalID: String, type: String)]
}

extension Deployer {
  /// Deploys the bootstrap stack for `plan`'s prefix and returns the assets bucket's name.
  public func bootstrap(namePrefix: String, environment: String, tags: [String: String])
    async throws -> (bucket: String, result: DeploymentResult)
  {
    let template = BootstrapTemplate.template(namePrefix: namePrefix, tags: tags)
    let body = try TemplateWriter.write(template, as: .yaml)
    let result = try await deploy(
      StackDeployment(
        stackName: BootstrapTemplate.stackName(namePrefix: namePrefix), environment: environment,
        template: template, source: .body(body),
        tags: tags.keys.sorted().map { Tag(key: $0, value: tags[$0] ?? "") }))
    guard let bucket = try await assetsBucket(namePrefix: namePrefix) else {
      throw DeployError.aws("the bootstrap stack has no \(BootstrapTemplate.bucketOutput) output")
    }
    return (bucket, result)
  }

  /// The assets bucket from the bootstrap stack's output, nil when there is no bootstrap stack.
  public func assetsBucket(namePrefix: String) async throws -> String? {
    let name = BootstrapTemplate.stackName(namePrefix: namePrefix)
    guard let stack = try await aws.cloudFormation.describeStack(named: name),
      stack.status != .reviewInProgress
    else { return nil }
    if let bucket = stack.outputValues[BootstrapTemplate.bucketOutput] { return bucket }
    // moto reports no outputs for stacks created by change sets; the bucket's physical id is
    // its name, on AWS too.
    return try await aws.cloudFormation.allStackResources(stackName: stack.stackID).first {
      $0.logicalResourceID == BootstrapTemplate.bucketLogicalID
    }?.physicalResourceID
  }

  /// Synth output → assets → template (through S3 when large) → change set → outputs.
  /// With `autoBootstrap` a missing bootstrap stack is deployed first (the local emulator);
  /// otherwise it is an input error naming the command to run.
  public func deployEnvironment(
    _ plan: DeployPlan, dryRun: Bool, autoBootstrap: Bool, checkCoverage: Bool
  ) async throws -> EnvironmentDeployResult {
    var bucket = try await assetsBucket(namePrefix: plan.namePrefix)
    if bucket == nil {
      guard autoBootstrap else {
        throw DeployError.input(
          "no bootstrap stack \(BootstrapTemplate.stackName(namePrefix: plan.namePrefix)) in "
            + "\(aws.region): run 'facestack bootstrap --env \(plan.environment)' first")
      }
      reporter.step("bootstrapping \(plan.namePrefix): the assets bucket")
      bucket = try await bootstrap(
        namePrefix: plan.namePrefix, environment: plan.environment, tags: plan.tags
      ).bucket
    }
    guard let bucket else { throw DeployError.aws("no assets bucket") }
    let uploader = AssetUploader(s3: aws.s3, bucket: bucket)
    let uploaded = try await uploader.upload(plan.assets)
    reporter.step(
      "assets in s3://\(bucket): \(uploaded.uploaded.count) uploaded, "
        + "\(uploaded.skipped.count) already there")
    let source = try await uploader.templateSource(plan.templateBody, stackName: plan.stackName)
    if case .url(let url) = source {
      reporter.step("template (\(plan.templateBody.utf8.count) bytes) passed through \(url)")
    }
    let result = try await deploy(
      StackDeployment(
        stackName: plan.stackName, environment: plan.environment, template: plan.template,
        source: source, parameters: [StackParameter(key: "AssetsBucket", value: bucket)],
        tags: plan.stackTags, terminationProtection: plan.protectData, dryRun: dryRun))
    let stack: Stack?
    switch result {
    case .noChanges(let existing): stack = existing
    case .deployed(let deployed, _): stack = deployed
    case .dryRun: stack = nil
    }
    var missing: [(logicalID: String, type: String)] = []
    var outputs = stack?.outputs ?? []
    if let stack, checkCoverage || outputs.count < plan.template.outputs.count {
      let resources = try await aws.cloudFormation.allStackResources(stackName: stack.stackID)
      if checkCoverage {
        missing = EmulatorCoverage.missing(template: plan.template, deployed: resources)
        if case .deployed(_, let report) = result {
          let ignored = EmulatorCoverage.ignoredUpdates(report)
          if !ignored.isEmpty {
            reporter.warning(
              "the emulator does not apply updates of DynamoDB tables and log groups; these "
                + "keep their old settings there: \(ignored.joined(separator: ", "))")
          }
        }
      }
      if outputs.count < plan.template.outputs.count {
        outputs = EmulatorOutputs.complete(
          outputs, template: plan.template, resources: resources, parameters: stack.parameters)
        reporter.warning(
          "the stack reported \(stack.outputs.count) of \(plan.template.outputs.count) outputs "
            + "(moto computes none for stacks made by change sets); the others were resolved "
            + "from its resources")
      }
    }
    return EnvironmentDeployResult(result: result, outputs: outputs, missing: missing)
  }
}
