import ArgumentParser
import FacestackCLI
import FacestackCloud
import FacestackCore

/// `facestack-cloud`: the root that holds every command, the ones that talk to AWS and the
/// local cloud included. `facestack` runs it in its own place for every command but the
/// offline ones (`FacestackCommand.runsHere`), so help, usage errors and exit codes are the
/// same whichever executable a user starts.
public struct FacestackCloudCommand: AsyncParsableCommand {
  public static let configuration = FacestackCommand.rootConfiguration(
    subcommands: FacestackCommand.offlineCommands + [
      BootstrapCommand.self, DeployCommand.self, DestroyCommand.self, StatusCommand.self,
      OutputsCommand.self, EventsCommand.self, LogsCommand.self, DriftCommand.self,
      LocalCommand.self,
    ])

  public init() {}

  /// Parses `arguments` with every command, runs the command and returns the exit code; AWS's
  /// and the deploy's errors are sorted by `FacestackError.from(cloud:)`.
  public static func run(arguments: [String]) async -> Int32 {
    _ = givesDiffTheDeployedStack
    return await FacestackCommand.run(
      FacestackCloudCommand.self, arguments: arguments, errors: FacestackError.from(cloud:))
  }

  /// `diff --deployed`'s source, set once per process (`static let` initializers run once,
  /// however many commands run concurrently, as the tests do).
  private static let givesDiffTheDeployedStack: Void = {
    DiffCommand.deployedSource = { command, workspace, environment in
      let terminal = TerminalUI.session(progress: .plain)
      let target = try await DeployTarget(
        workspace: workspace, environment: environment, local: command.local,
        overrides: command.aws.overrides, reporter: terminal.reporter)
      return DeployedTemplateSource(target: target)
    }
  }()
}
