import ArgumentParser
import FacestackCLI
import FacestackCloud
import FacestackCore
import Foundation

/// `facestack outputs --env NAME`: the deployed stack's outputs, for people and scripts.
struct OutputsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "outputs",
    abstract: "Print a deployed stack's outputs.",
    discussion: """
      text: one KEY  value row per output, sorted; json: the documented shape (README, \
      "Operating"); env: KEY=value lines, values quoted for the shell where needed, as in \
      eval "$(facestack outputs --env dev --format env)". Read-only: --local never starts the \
      local cloud.
      """)

  enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, env }

  @OptionGroup var target: DeployTargetOptions

  @Option(help: "text, json or env.")
  var format: Format = .text

  func run() async throws {
    let deployed = try await target.deployedStack()
    let outputs = deployed.stack.outputs
    switch format {
    case .text:
      if outputs.isEmpty { Console.diagnostic("\(deployed.stack.stackName) has no outputs") }
      Console.out(OperateText().outputs(outputs), terminator: "")
    case .json:
      Console.out(
        OperateJSON.outputs(deployed.stack, environment: target.env), terminator: "")
    case .env: Console.out(OperateText.environmentLines(outputs), terminator: "")
    }
  }
}
