import AWSClient
import CloudFormation
import Constructs
import Deploy
import Foundation

/// Where an environment deploys: AWS (the environment's account and region, the AWS CLI's
/// credentials) or the local emulator. Owns the AWS client, the plan a deploy sends, and the
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
  /// Whether the target is the local emulator.
  public var local: Bool
  /// The emulator, when the target is local.
  public var emulatorState: EmulatorState?

  /// The target for `environment`; with `local`, the emulator is started when it does not run
  /// (its progress goes to `reporter`).
  public init(
    workspace: Workspace, environment name: String, local: Bool, reporter: DeployReporter
  ) async throws {
    self.workspace = workspace
    environment = try workspace.environment(name)
    self.local = local
    let options: AWSClientOptions
    if local {
      let emulator = LocalEmulator.of(workspace)
      let state = try await emulator.start(reporter: reporter)
      emulatorState = state
      options = AWSClientOptions(
        region: environment.region, endpointURL: state.endpoint,
        environment: AWSEnvironment(LocalEmulator.credentials()))
    } else {
      options = AWSClientOptions(region: environment.region)
    }
    do {
      aws = try AWSClient.live(options)
    } catch {
      throw FacestackError.from(error)
    }
  }

  /// The deployed stack's name.
  public var stackName: String { workspace.stackName(of: environment) }

  /// On real AWS, the credentials must be for the environment's account; the emulator and
  /// custom endpoints (`AWS_ENDPOINT_URL*`) have accounts of their own.
  public func checkAccount(_ deployer: Deployer) async throws {
    let customEndpoint = ProcessInfo.processInfo.environment.keys.contains {
      $0.hasPrefix("AWS_ENDPOINT_URL")
    }
    guard !local, !customEndpoint else { return }
    try await deployer.checkAccount(expected: environment.account, environment: environment.name)
  }

  /// The environment's synthesized stack, as deploy needs it; for the emulator, with the
  /// references it cannot resolve replaced by their values (``EmulatorTemplate``), and the notes
  /// saying where.
  public func plan() throws -> (plan: DeployPlan, emulatorNotes: [String]) {
    let synthesized = try workspace.synthesize(environment)
    let result = synthesized.result
    let assetsFolder = workspace.workFolder.appendingPathComponent("assets")
    var sent = result.template
    var notes: [String] = []
    if local {
      let adapted = EmulatorTemplate.adapt(result.template)
      sent = adapted.template
      notes = adapted.notes
    }
    let body: String
    do {
      body = try TemplateWriter.write(sent, as: .yaml)
    } catch {
      throw FacestackError.input("cannot render the \(environment.name) template: \(error)")
    }
    let plan = DeployPlan(
      environment: environment.name, namePrefix: environment.namePrefix,
      stackName: synthesized.stackName, templateBody: body, template: sent,
      assets: result.assets.map {
        AssetFile(key: $0.key, file: assetsFolder.appendingPathComponent("\($0.sha256).zip"))
      },
      tags: environment.tags, protectData: environment.protectData)
    return (plan, notes)
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
