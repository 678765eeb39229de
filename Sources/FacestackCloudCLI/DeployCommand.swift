import AWSClient
import ArgumentParser
import Deploy
import FacestackCLI
import FacestackCloud
import FacestackCore
import Foundation
import StackDiff

/// `--env NAME [--local]`: the environment and where it goes, shared by the deploy commands.
struct DeployTargetOptions: ParsableArguments {
  @Option(help: "The environment (stacks/environments/<NAME>.yaml).")
  var env: String

  @Flag(
    help: """
      Target the local cloud (its gateway on 127.0.0.1, as its administrator); deploy and \
      bootstrap start it when it is not running.
      """)
  var local = false

  @OptionGroup var aws: AWSOptions
}

extension AWSOptions {
  var overrides: AWSOverrides { AWSOverrides(profile: profile, region: region) }
}

/// `facestack deploy`: synth, upload assets, change set, approval, execute, progress, outputs.
struct DeployCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "deploy",
    abstract: "Deploy an environment through a CloudFormation change set.",
    discussion: """
      Synthesizes the environment, uploads Lambda packages missing from the bootstrap stack's \
      assets bucket, passes the template through S3, creates a change set and shows it. The \
      deploy stops for approval when IAM may broaden or a stateful resource (bucket, table, face \
      collection, ...) would be replaced or deleted (--require-approval); without a terminal and \
      without --yes it refuses (exit 1). A replacement that keeps a custom name (TableName, \
      BucketName, ...) cannot succeed and is refused. An approved replacement or deletion of a \
      resource the stack policy protects runs under a temporary stack policy that allows exactly \
      it, restored afterwards (--require-approval never refuses it). Then it executes the change \
      set, shows live progress, \
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

  func run() async throws {
    let session = try await DeploySession(
      target: target, progress: progress, startingLocalCloud: true)
    let plan = try session.target.plan()
    let deployer = session.deployer(policy: requireApproval, yes: yes)
    let local = target.local
    let dryRun = dryRun
    let outcome = try await session.perform {
      try await session.target.checkAccount(deployer)
      return try await deployer.deployEnvironment(
        plan, dryRun: dryRun, autoBootstrap: local, checkCoverage: local)
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
    let notices = session.target.localCloud.map {
      EmulatorNotices(
        folder: LocalCloud.of(session.target.workspace).folder, startedAt: $0.startedAt)
    }
    let gaps = EmulatorCoverage.summary(outcome.missing)
    // The local cloud's gaps are told once per local cloud, not on every deploy to it.
    if !outcome.missing.isEmpty, notices?.isNew(gaps, key: plan.stackName) ?? true {
      session.warn(
        "the emulator did not create \(outcome.missing.count) of \(plan.template.resources.count) "
          + "resources (types it does not implement); they exist only on AWS:")
      for line in gaps { session.warn("  " + line) }
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
      workFolder: session.target.workspace.workFolder)
    Console.out("saved to \(session.target.workspace.relative(file.path))")
    if let state = session.target.localCloud { try await runLocalFleet(state, session: session) }
  }

  /// On the local cloud, the deployed Auto Scaling groups' instances run (or are replaced when
  /// their launch template changed).
  private func runLocalFleet(_ state: LocalCloudState, session: DeploySession) async throws {
    let cloud = LocalCloud.of(session.target.workspace)
    let deployed = try await DeployedStack.load(session.target)
    for (group, status) in try await cloud.runFleet(state, of: deployed).sorted(by: {
      $0.key < $1.key
    }) {
      Console.out("local fleet \(group): \(status)")
    }
  }
}

extension ApprovalPolicy: ExpressibleByArgument {}

/// `--progress auto|plain`.
enum ProgressOption: String, ExpressibleByArgument, CaseIterable {
  case auto, plain
}

/// What the deploy commands share: the core's deploy target, and the terminal (progress,
/// prompts).
struct DeploySession: Sendable {
  var target: DeployTarget
  var reporter: DeployReporter
  private var renderer: LockedRenderer

  init(
    target options: DeployTargetOptions, progress: ProgressOption,
    startingLocalCloud: Bool = false
  ) async throws {
    let terminal = TerminalUI.session(progress: progress)
    renderer = terminal.renderer
    reporter = terminal.reporter
    target = try await DeployTarget(
      workspace: try Workspace.locate(), environment: options.env, local: options.local,
      overrides: options.aws.overrides, startingLocalCloud: startingLocalCloud,
      reporter: terminal.reporter)
    if let state = target.localCloud {
      Console.diagnostic("local cloud: \(state.gatewayEndpoint.absoluteString) (\(state.region))")
    }
  }

  /// A deployer asking on the terminal (or approving with `--yes`, or refusing without a TTY).
  func deployer(policy: ApprovalPolicy, yes: Bool) -> Deployer {
    let renderer = renderer
    return Deployer(aws: target.aws, policy: policy, reporter: reporter) { reasons in
      Console.out(renderer.finish(), terminator: "")
      Console.out(yes ? "approved with --yes:" : "approval needed:")
      for reason in reasons { Console.out("  - \(reason)") }
      return TerminalUI.ask("deploy these changes?", yes: yes)
    }
  }

  func warn(_ text: String) { Console.diagnostic("warning: " + text) }

  /// Runs deploy work, ending the progress line afterwards.
  func perform<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
    defer { Console.out(renderer.finish(), terminator: "") }
    return try await body()
  }
}

/// The terminal side of commands that show progress: a renderer (live on a terminal, plain
/// otherwise) and a reporter writing to it; and yes/no questions.
enum TerminalUI {
  static func session(progress: ProgressOption) -> (
    renderer: LockedRenderer, reporter: DeployReporter
  ) {
    let live = progress == .auto && isatty(STDOUT_FILENO) == 1
    let color = Terminal.wantsColor(
      isTTY: isatty(STDOUT_FILENO) == 1, environment: ProcessInfo.processInfo.environment)
    let renderer = LockedRenderer(ProgressRenderer(mode: live ? .live : .plain, color: color))
    let reporter = DeployReporter { message in
      // Warnings and failure recaps are diagnostics: standard error, below a cleared status line.
      if case .warning(let text) = message {
        Console.out(renderer.finish(), terminator: "")
        Console.diagnostic("warning: " + text)
      } else {
        Console.out(renderer.render(message), terminator: "")
      }
    }
    return (renderer, reporter)
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
