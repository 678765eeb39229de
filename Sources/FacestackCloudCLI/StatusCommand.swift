import ArgumentParser
import FacestackCLI
import FacestackCloud
import FacestackCore
import Foundation

/// `facestack status --env NAME`: the deployed stack at a glance.
struct StatusCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "Show a deployed stack's status, last change, protection, drift and outputs.",
    discussion: """
      Reads the stack (DescribeStacks, its newest event, ListStackResources): status and \
      reason, the last change, termination protection, the last drift detection's result when \
      one ran ('facestack drift' runs one), the resource count and the outputs; with --local \
      also the local cloud's processes. Read-only: --local never starts the local cloud. \
      --format json prints the documented shape (README, "Operating").
      """)

  @OptionGroup var target: DeployTargetOptions

  @Option(help: "text or json.")
  var format: OperateFormat = .text

  func run() async throws {
    let report = try await StackStatusReport.load(try await target.deployedStack())
    switch format {
    case .text: Console.out(OperateText(color: stdoutWantsColor).status(report), terminator: "")
    case .json: Console.out(OperateJSON.status(report), terminator: "")
    }
  }
}
