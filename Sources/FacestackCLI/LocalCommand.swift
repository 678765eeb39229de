import ArgumentParser
import Deploy
import FacestackCore
import Foundation

/// `facestack local start|stop|status`: the local AWS emulator.
struct LocalCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "local",
    abstract: "Run the local AWS emulator (moto's server on 127.0.0.1).",
    discussion: """
      moto[server]==\(LocalEmulator.motoVersion) is installed on first use into \
      .facestack/emulator/venv (unless the system python3 already has that version); the server \
      runs on a free port, recorded in .facestack/emulator/state.json, logging to \
      .facestack/emulator/moto.log. deploy, destroy, bootstrap and diff take --local to use it.
      """,
    subcommands: [Start.self, Stop.self, Status.self]
  )

  struct Start: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start the emulator (or show it).")

    @Flag(help: "Install moto into .facestack/emulator/venv even if the system python3 has it.")
    var venv = false

    func run() async throws {
      let emulator = LocalEmulator.of(try Workspace.locate())
      let wasRunning = emulator.status() != nil
      let reporter = DeployReporter { message in
        if case .step(let text) = message { Console.diagnostic(text) }
      }
      let state = try await emulator.start(reporter: reporter, forceVirtualEnvironment: venv)
      Console.out(
        "\(wasRunning ? "already running" : "started"): moto \(state.version) at "
          + "\(state.endpoint.absoluteString) (pid \(state.pid))")
    }
  }

  struct Stop: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Stop the emulator.")

    func run() throws {
      Console.out(LocalEmulator.of(try Workspace.locate()).stop() ? "stopped" : "not running")
    }
  }

  struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Say whether the emulator runs, and where.")

    func run() throws {
      guard let state = LocalEmulator.of(try Workspace.locate()).status() else {
        Console.out("not running")
        return
      }
      Console.out(
        "running: moto \(state.version) at \(state.endpoint.absoluteString) (pid \(state.pid), "
          + "since \(state.startedAt))")
    }
  }
}
