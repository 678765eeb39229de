import ArgumentParser
import FacestackCLI
import FacestackCloud
import FacestackCore
import Foundation

/// `facestack logs --env NAME --function NAME`: a deployed function's log events.
struct LogsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "logs",
    abstract: "Show a deployed function's logs (CloudWatch Logs).",
    discussion: """
      Prints the function's log events (FilterLogEvents on /aws/lambda/<function>, every page) \
      since --since, oldest first; --follow keeps printing new ones, each once. NAME is the \
      function's logical name (detect) or its function name. On a terminal a JSON log line is \
      pretty-printed (time, level, message, then its fields); --format json prints one JSON \
      object per event per line. --local reads the local cloud's (it must be running: it is \
      never started), the same code as 'facestack local logs'.
      """)

  @OptionGroup var target: DeployTargetOptions
  @OptionGroup var options: FunctionLogOptions

  func run() async throws {
    try await options.print(target: try await target.readTarget())
  }
}

/// `--function NAME [--since 10m] [--follow] [--filter PATTERN] [--format text|json]`: shared by
/// `facestack logs` and `facestack local logs` (one code path).
struct FunctionLogOptions: ParsableArguments {
  @Option(help: "The function: its logical name (detect) or its function name.")
  var function: String

  @Option(help: "How far back: 30s, 10m, 1h, 2d.")
  var since = "10m"

  @Flag(help: "Keep printing new events (Ctrl-C ends).")
  var follow = false

  @Option(
    help: "A CloudWatch Logs filter pattern (ERROR, \"some words\", { $.level = \"ERROR\" }).")
  var filter: String?

  @Option(help: "text (JSON lines pretty-printed on a terminal) or json (JSON Lines).")
  var format: OperateFormat = .text

  func print(target: DeployTarget) async throws {
    let start = try SinceDuration.start(since)
    let deployed = try await DeployedStack.load(target)
    let group = try await deployed.logGroup(ofFunction: function)
    let logs = FunctionLogs(aws: target.aws, group: group, filterPattern: filter)
    let text = OperateText(color: stdoutWantsColor)
    let pretty = isatty(STDOUT_FILENO) == 1
    let format = format
    try await logs.stream(since: start, follow: follow) { event in
      Console.out(
        format == .json
          ? OperateJSON.logLine(event, group: group) : text.logEvent(event, pretty: pretty))
    }
  }
}
