import AWSClient
import ArgumentParser
import CloudFormation
import Constructs
import Deploy
import Foundation
import StackDiff

/// `--env NAME [--local]`: the environment and where it goes, shared by the deploy commands.
struct DeployTargetOptions: ParsableArguments {
  @Option(help: "The environment (stacks/environments/<NAME>.yaml).")
  var env: String

  @Flag(
    help: """
      Target the local emulator (moto's server on 127.0.0.1) with test credentials, starting it \
      if needed.
      """)
  var local = false
}

/// `facestack deploy`: synth, upload assets, change set, approval, execute, progress, outputs.
struct DeployCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "deploy",
    abstract: "Deploy an environment through a CloudFormation change set.",
    discussion: """
      Synthesizes the environment, uploads Lambda packages missing from the bootstrap stack's \
      assets bucket, passes the template through S3, creates a change set and shows it. The \
      deploy stops for approval when IAM may broaden or a stateful resource (bucket, table, face \
      collection, ...) would be replaced or deleted (--require-approval); without a terminal and \
      without --yes it refuses (exit 1). Then it executes the change set, shows live progress, \
      and writes the outputs to .facestack/outputs/<env>.json. An empty change set is \
      "no changes" (exit 0). Run 'facestack bootstrap --env NAME' once per account and region \
      first (--local bootstraps by itself).
      """
  )

  @OptionGroup var target: DeployTargetOptions

  @Option(help: "When to stop for approval: never, broadening (default) or any.")
  var requireApproval: ApprovalPolicy = .broadening

  @Flag(help: "Approve without asking.")
  var yes = false

  @Option(help: "Progress: auto (live on a terminal, plain otherwise) or plain.")
  var progress: ProgressOption = .auto

  @Flag(help: "Create the change set, show it, delete it; change nothing.")
  var dryRun = false

  func run() throws {
    let session = try DeploySession(target: target, progress: progress)
    let plan = try session.plan()
    let deployer = session.deployer(policy: requireApproval, yes: yes)
    try session.checkAccount(deployer)
    let outcome = try session.perform {
      try await deployer.deployEnvironment(
        plan, dryRun: dryRun, autoBootstrap: target.local, checkCoverage: target.local)
    }
    switch outcome.result {
    case .dryRun:
      Console.out("dry run: the change set was deleted; nothing changed")
      return
    case .noChanges:
      Console.out("no changes: \(plan.stackName) is up to date")
    case .deployed(let stack, _):
      Console.out("deployed \(plan.stackName): \(stack.status)")
    }
    if !outcome.missing.isEmpty {
      session.warn(
        "the emulator did not create \(outcome.missing.count) of \(plan.template.resources.count) "
          + "resources (types it does not implement); they exist only on AWS:")
      for line in EmulatorCoverage.summary(outcome.missing) { session.warn("  " + line) }
    }
    guard !outcome.outputs.isEmpty else { return }
    Console.out("outputs:")
    let width = outcome.outputs.map(\.key.count).max() ?? 0
    for output in outcome.outputs.sorted(by: { $0.key < $1.key }) {
      Console.out(
        "  \(output.key.padding(toLength: width, withPad: " ", startingAt: 0))  \(output.value)")
    }
    let file = try OutputsFile.write(
      outcome.outputs, stackName: plan.stackName, environment: plan.environment,
      workFolder: session.workFolder)
    Console.out(
      "saved to \(file.path.replacingOccurrences(of: session.workspace.root.path + "/", with: ""))")
  }
}

extension ApprovalPolicy: ExpressibleByArgument {}

/// `--progress auto|plain`.
enum ProgressOption: String, ExpressibleByArgument, CaseIterable {
  case auto, plain
}

/// What the deploy commands share: the workspace, the environment, the AWS client (real, or the
/// local emulator's), and the terminal (progress, prompts).
struct DeploySession {
  var workspace: Workspace
  var environment: Environment
  var aws: AWSClient
  var reporter: DeployReporter
  /// Whether the target is the local emulator.
  var local: Bool
  private var renderer: LockedRenderer

  var workFolder: URL { workspace.root.appendingPathComponent(".facestack") }

  init(target: DeployTargetOptions, progress: ProgressOption) throws {
    workspace = try Workspace.locate()
    environment = try workspace.environment(target.env)
    local = target.local
    let live = progress == .auto && isatty(STDOUT_FILENO) == 1
    let color = Terminal.wantsColor(
      isTTY: isatty(STDOUT_FILENO) == 1, environment: ProcessInfo.processInfo.environment)
    let renderer = LockedRenderer(ProgressRenderer(mode: live ? .live : .plain, color: color))
    self.renderer = renderer
    reporter = DeployReporter { message in
      // Warnings and failure recaps are diagnostics: standard error, below a cleared status line.
      if case .warning(let text) = message {
        Console.out(renderer.finish(), terminator: "")
        Console.diagnostic("warning: " + text)
      } else {
        Console.out(renderer.render(message), terminator: "")
      }
    }
    let options: AWSClientOptions
    if target.local {
      let emulator = LocalCommand.emulator(for: workspace)
      let reporter = reporter
      let state = try Self.perform { try await emulator.start(reporter: reporter) }
      options = AWSClientOptions(
        region: environment.region, endpointURL: state.endpoint,
        environment: AWSEnvironment(LocalCommand.credentials()))
      Console.diagnostic("local emulator: \(state.endpoint.absoluteString) (moto \(state.version))")
    } else {
      options = AWSClientOptions(region: environment.region)
    }
    do {
      aws = try AWSClient.live(options)
    } catch {
      throw Self.cliError(error)
    }
  }

  /// On real AWS, the credentials must be for the environment's account; the emulator and
  /// custom endpoints (`AWS_ENDPOINT_URL*`) have accounts of their own.
  func checkAccount(_ deployer: Deployer) throws {
    let customEndpoint = ProcessInfo.processInfo.environment.keys.contains {
      $0.hasPrefix("AWS_ENDPOINT_URL")
    }
    guard !local, !customEndpoint else { return }
    let environment = environment
    try perform {
      try await deployer.checkAccount(
        expected: environment.account, environment: environment.name)
    }
  }

  /// The environment's synthesized stack, as deploy needs it; for the emulator, with the
  /// references it cannot resolve replaced by their values (``EmulatorTemplate``).
  func plan() throws -> DeployPlan {
    let packager = AssetPackager(root: workspace.root)
    let (result, stack) = try workspace.synthesize(environment, packager: packager)
    let assetsFolder = workFolder.appendingPathComponent("assets")
    var sent = result.template
    if local {
      let adapted = EmulatorTemplate.adapt(result.template)
      sent = adapted.template
      if !adapted.notes.isEmpty {
        Console.diagnostic(
          "emulator template: Fn::GetAtt Arn of types moto skips and Fn::Cidr sent as the "
            + "values AWS would compute, Fn::Sub holding $$ sent in the string form, in "
            + adapted.notes.joined(separator: ", "))
      }
    }
    return DeployPlan(
      environment: environment.name, namePrefix: environment.namePrefix,
      stackName: stack.stackName, templateBody: try TemplateWriter.write(sent, as: .yaml),
      template: sent,
      assets: result.assets.map {
        AssetFile(key: $0.key, file: assetsFolder.appendingPathComponent("\($0.sha256).zip"))
      },
      tags: environment.tags, protectData: environment.protectData)
  }

  /// A deployer asking on the terminal (or approving with `--yes`, or refusing without a TTY).
  func deployer(policy: ApprovalPolicy, yes: Bool) -> Deployer {
    let renderer = renderer
    return Deployer(aws: aws, policy: policy, reporter: reporter) { reasons in
      Console.out(renderer.finish(), terminator: "")
      Console.out(yes ? "approved with --yes:" : "approval needed:")
      for reason in reasons { Console.out("  - \(reason)") }
      return Self.ask("deploy these changes?", yes: yes)
    }
  }

  /// Asks a yes/no question: true with `--yes`; false without a terminal on standard input.
  static func ask(_ question: String, yes: Bool) -> Bool {
    if yes { return true }
    guard isatty(STDIN_FILENO) == 1 else {
      Console.diagnostic("no terminal to ask on and no --yes: refusing")
      return false
    }
    Console.out("\(question) [y/N] ", terminator: "")
    let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
    return answer == "y" || answer == "yes"
  }

  func warn(_ text: String) { Console.diagnostic("warning: " + text) }

  /// Runs async deploy work, ending the progress line, with errors mapped to exit codes.
  func perform<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    defer { Console.out(renderer.finish(), terminator: "") }
    return try Self.perform(body)
  }

  static func perform<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    do {
      return try runBlocking(body)
    } catch {
      throw cliError(error)
    }
  }

  static func cliError(_ error: any Error) -> FacestackError {
    if let error = error as? FacestackError { return error }
    let mapped = DeployError.map(error)
    return FacestackError(message: mapped.description, exitCode: mapped.exitCode)
  }
}

/// The renderer behind a lock: the reporter is called from the deploy task.
final class LockedRenderer: @unchecked Sendable {
  private let lock = NSLock()
  private var renderer: ProgressRenderer

  init(_ renderer: ProgressRenderer) { self.renderer = renderer }

  func render(_ message: DeployMessage) -> String {
    lock.lock()
    defer { lock.unlock() }
    return renderer.render(message)
  }

  func finish() -> String {
    lock.lock()
    defer { lock.unlock() }
    return renderer.finish()
  }
}
