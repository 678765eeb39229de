import ArgumentParser
import Constructs
import Deploy
import FaceRecognitionStack
import Foundation

/// `facestack local start|stop|status`: the local AWS emulator.
struct LocalCommand: ParsableCommand {
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

  static func emulator() throws -> LocalEmulator {
    emulator(for: try Workspace.locate())
  }

  /// The workspace's emulator: `.facestack/emulator`, or `FACESTACK_EMULATOR_DIR` (an
  /// emulator of its own, as the end-to-end test runs one with signature verification).
  static func emulator(for workspace: Workspace) -> LocalEmulator {
    let environment = ProcessInfo.processInfo.environment
    if let folder = environment["FACESTACK_EMULATOR_DIR"], !folder.isEmpty {
      return LocalEmulator(folder: URL(fileURLWithPath: folder))
    }
    return LocalEmulator(workFolder: workspace.root.appendingPathComponent(".facestack"))
  }

  /// `test`/`test`, or `FACESTACK_LOCAL_ACCESS_KEY_ID` and `FACESTACK_LOCAL_SECRET_ACCESS_KEY`
  /// for an emulator that verifies signatures (moto with `INITIAL_NO_AUTH_ACTION_COUNT`).
  static func credentials() -> [String: String] {
    let environment = ProcessInfo.processInfo.environment
    guard let key = environment["FACESTACK_LOCAL_ACCESS_KEY_ID"], !key.isEmpty,
      let secret = environment["FACESTACK_LOCAL_SECRET_ACCESS_KEY"], !secret.isEmpty
    else { return LocalEmulator.testCredentials }
    return ["AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret]
  }

  struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start the emulator (or show it).")

    @Flag(help: "Install moto into .facestack/emulator/venv even if the system python3 has it.")
    var venv = false

    func run() throws {
      let emulator = try LocalCommand.emulator()
      let venv = venv
      let wasRunning = emulator.status() != nil
      let reporter = DeployReporter { message in
        if case .step(let text) = message { Console.diagnostic(text) }
      }
      let state = try DeploySession.perform {
        try await emulator.start(reporter: reporter, forceVirtualEnvironment: venv)
      }
      Console.out(
        "\(wasRunning ? "already running" : "started"): moto \(state.version) at "
          + "\(state.endpoint.absoluteString) (pid \(state.pid))")
    }
  }

  struct Stop: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Stop the emulator.")

    func run() throws {
      Console.out(try LocalCommand.emulator().stop() ? "stopped" : "not running")
    }
  }

  struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Say whether the emulator runs, and where.")

    func run() throws {
      guard let state = try LocalCommand.emulator().status() else {
        Console.out("not running")
        return
      }
      Console.out(
        "running: moto \(state.version) at \(state.endpoint.absoluteString) (pid \(state.pid), "
          + "since \(state.startedAt))")
    }
  }
}

/// The application stack's name for an environment.
enum FaceRecognitionStackName {
  static func of(_ environment: Environment) -> String {
    FaceRecognitionStack.build(environment: environment).stackName
  }
}
