import ArgumentParser
import FacestackCLI
import FacestackCloud
import FacestackCore
import Foundation

/// `facestack events --env NAME [--since 1h] [--follow]`: the stack's events, newest last.
struct EventsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "events",
    abstract: "Show a deployed stack's events, newest last; --follow prints new ones.",
    discussion: """
      DescribeStackEvents, page by page back to --since (every event without it), printed \
      oldest first: time, status, type, logical id and reason; a failed resource's reason is \
      highlighted. --follow then polls every 2 seconds and prints each new event once (Ctrl-C \
      ends). --format json prints one JSON object per event per line (README, "Operating"). \
      Read-only: --local never starts the local cloud.
      """)

  @OptionGroup var target: DeployTargetOptions

  @Option(help: "How far back: 30s, 10m, 1h, 2d (default: every event).")
  var since: String?

  @Flag(help: "Keep printing new events (Ctrl-C ends).")
  var follow = false

  @Option(help: "text or json (JSON Lines).")
  var format: OperateFormat = .text

  func run() async throws {
    let start = try since.map { try SinceDuration.start($0) }
    let deployed = try await target.deployedStack()
    let log = StackEventLog(
      client: deployed.target.aws.cloudFormation, stackID: deployed.stack.stackID)
    let text = OperateText(color: stdoutWantsColor)
    let format = format
    do {
      try await log.stream(since: start, follow: follow) { event in
        Console.out(format == .json ? OperateJSON.eventLine(event) : text.eventLine(event))
      }
    } catch {
      throw FacestackError.from(cloud: error)
    }
  }
}
