import ArgumentParser
import FacestackCore
import Foundation

/// `facestack logs --env NAME --function NAME`: a deployed function's log events.
struct LogsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "logs",
    abstract: "Show a deployed function's logs (CloudWatch Logs).",
    discussion: """
      Prints the function's log events since --since, oldest first, one per line; --follow \
      keeps printing new ones. --local reads the local cloud's (it must be running).
      """)

  @OptionGroup var target: DeployTargetOptions
  @OptionGroup var options: FunctionLogOptions

  func run() async throws {
    let terminal = TerminalUI.session(progress: .plain)
    try await options.print(
      target: try await DeployTarget(
        workspace: try Workspace.locate(), environment: target.env, local: target.local,
        overrides: target.aws.overrides, reporter: terminal.reporter))
  }
}
