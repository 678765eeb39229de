import ArgumentParser
import FacestackCLI
import FacestackCloud
import FacestackCore
import Foundation

extension LocalCommand {
  /// `facestack local live`: the live view's address on the local cloud.
  struct Live: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "live",
      abstract: "Print the live view's URL (the newest results, as they are stored).",
      discussion: """
        The recognition service that the local fleet runs (app.py, on the first instance of \
        the environment's Auto Scaling group, under its instance role) serves the live view at \
        GET /live and its API at GET /api/results. 'deploy --local' starts it; this prints \
        where. Images come through the IAM gateway over TLS: a browser must trust the local \
        certificate authority ('facestack local status' names it).
        """)

    @Option(help: "The environment.")
    var env = "dev"

    @Flag(help: "Open it with the desktop's browser (xdg-open).")
    var open = false

    @Option(help: "text or json.")
    var format: Format = .text

    func run() async throws {
      let cloud = try LocalCommand.cloud()
      let state = try cloud.running()
      let view = try await cloud.liveView(state, of: try await LocalCommand.deployed(env))
      switch format {
      case .text: Console.out(view.url)
      case .json:
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        Console.out(String(decoding: try encoder.encode(view), as: UTF8.self))
      }
      if open, try !view.open() {
        Console.diagnostic("warning: no xdg-open or sensible-browser here; open \(view.url)")
      }
    }
  }

  /// `local status`'s live view lines: one per running fleet group.
  static func liveViewStatus(_ cloud: LocalCloud, _ state: LocalCloudState) async -> [String] {
    guard let views = try? await cloud.liveViews(state) else {
      return ["live view      unknown (the runtime's fleet status is not readable)"]
    }
    if views.isEmpty {
      return ["live view      not running ('facestack deploy --env dev --local' starts the fleet)"]
    }
    return views.map {
      "live view      \($0.url) (\($0.group), \($0.running ? "pid \($0.pid)" : "restarting"))"
    }
  }
}
