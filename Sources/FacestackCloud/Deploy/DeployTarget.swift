import AWSClient
import CloudFormation
import Constructs
import Deploy
import FacestackCore
import Foundation

/// Where an environment deploys: AWS (the environment's account and region, the AWS CLI's
/// credentials) or the local cloud (its gateway, as its administrator). Owns the AWS client, the plan a deploy sends, and the
/// account guard; the CLI adds the terminal (progress, prompts).
///
/// ```swift
/// let target = try await DeployTarget(workspace: workspace, environment: "dev", local: true,
///                                     reporter: reporter)
/// let plan = try target.plan()
/// ```
public struct DeployTarget: Sendable {
  /// The workspace.
  public var workspace: Workspace
  /// The environment.
  public var environment: Environment
  /// The client for the target.
  public var aws: AWSClient
  /// Whether the target is the local cloud.
  public var local: Bool
  /// The local cloud, when the target is local.
  public var localCloud: LocalCloudState?

  /// The target for `environment`. On AWS: the environment's region (`--region` may repeat
  /// it, not change it) and the AWS CLI's credentials (`--profile` chooses a profile). With
  /// `local`: the local cloud's region and administrator (`--profile` does not apply), and the
  /// local cloud started when it does not run and `startingLocalCloud` (its progress goes to
  /// `reporter`); without it, a local cloud that is not running is an input error (read-only
  /// commands never start one).
  public init(
    workspace: Workspace, environment name: String, local: Bool,
    overrides: AWSOverrides = AWSOverrides(), startingLocalCloud: Bool = false,
    reporter: DeployReporter
  ) async throws {
    self.workspace = workspace
    environment = try workspace.environment(name)
    self.local = local
    let options: AWSClientOptions
    if local, let profile = overrides.profile {
      throw FacestackError.input(
        "--profile \(profile) does not apply with --local: the local cloud has its own "
          + "administrator ('facestack local env' prints its keys)")
    }
    if local {
      let cloud = LocalCloud.of(workspace)
      let state =
        startingLocalCloud ? try await cloud.start(reporter: reporter) : try cloud.running()
      localCloud = state
      if let region = overrides.region, region != state.region {
        throw FacestackError.input(
          "--region \(region) does not apply with --local: the local cloud serves \(state.region)")
      }
      options = try cloud.clientOptions(state, region: state.region)
    } else {
      let file = "\(workspace.environmentsFolder)/\(name).yaml"
      do {
        options = AWSClientOptions(
          overrides,
          region: try overrides.region(
            forEnvironment: name, declaredRegion: environment.region, file: file))
      } catch {
        throw FacestackError.input(error.description)
      }
    }
    do {
      aws = try AWSClient.live(options)
    } catch {
      throw FacestackError.from(cloud: error)
    }
  }

  /// The deployed stack's name.
  public var stackName: String { workspace.stackName(of: environment) }

  /// On real AWS, the credentials must be for the environment's account; the deployer skips the
  /// check where CloudFormation's endpoint is not AWS's (the local cloud, `AWS_ENDPOINT_URL*`),
  /// whose accounts are their own.
  public func checkAccount(_ deployer: Deployer) async throws {
    try await deployer.checkAccount(expected: environment.account, environment: environment.name)
  }

  /// The environment's synthesized stack, as deploy sends it (the same template to AWS and to
  /// the local cloud).
  public func plan() throws -> DeployPlan {
    let synthesized = try workspace.synthesize(environment)
    let result = synthesized.result
    let assetsFolder = workspace.workFolder.appendingPathComponent("assets")
    let body: String
    do {
      body = try TemplateWriter.write(result.template, as: .yaml)
    } catch {
      throw FacestackError.input("cannot render the \(environment.name) template: \(error)")
    }
    return DeployPlan(
      environment: environment.name, namePrefix: environment.namePrefix,
      stackName: synthesized.stackName, templateBody: body, template: result.template,
      assets: result.assets.map {
        AssetFile(key: $0.key, file: assetsFolder.appendingPathComponent("\($0.sha256).zip"))
      },
      tags: environment.tags, protectData: environment.protectData)
  }

  /// The template of the environment's deployed stack (`GetTemplate`); `nil` when none is
  /// deployed.
  public func deployedTemplate() async throws -> Template? {
    guard let stack = try await aws.cloudFormation.describeStack(named: stackName),
      stack.status != .reviewInProgress
    else { return nil }
    let body = try await aws.cloudFormation.getTemplate(stack.stackID, nil, .original)
    do {
      return try TemplateReader.read(body, file: "deployed \(stackName)")
    } catch {
      throw TemplateSourceError("cannot read the template of deployed \(stackName): \(error)")
    }
  }
}
