import Deploy
import Foundation
import Processes

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// The local AWS emulator: moto's server (pinned) on 127.0.0.1, on a free port, installed on
/// first use into `.facestack/emulator/venv` unless the system Python already has that version.
/// Its pid and port are recorded in `.facestack/emulator/state.json`, its log is
/// `.facestack/emulator/moto.log`.
///
/// ```swift
/// let emulator = LocalEmulator(workFolder: root.appendingPathComponent(".facestack"))
/// let state = try await emulator.start(reporter: reporter)   // or the running one
/// let client = try AWSClient.live(LocalEmulator.clientOptions(state: state, region: "us-east-1"))
/// ```
public struct LocalEmulator: Sendable {
  /// The pinned moto version.
  public static let motoVersion = "5.2.1"
  /// The credentials the emulator is called with.
  public static let testCredentials = [
    "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
  ]

  /// `.facestack/emulator`.
  public var folder: URL
  /// Where installer output goes (pip's progress); standard error by default.
  public var installOutput: FileHandle

  /// The emulator of the workspace whose `.facestack` folder is `workFolder`.
  public init(workFolder: URL, installOutput: FileHandle = .standardError) {
    self.init(folder: workFolder.appendingPathComponent("emulator"), installOutput: installOutput)
  }

  /// The emulator whose state, log and venv live in `folder`.
  public init(folder: URL, installOutput: FileHandle = .standardError) {
    self.folder = folder
    self.installOutput = installOutput
  }

  var stateURL: URL { folder.appendingPathComponent("state.json") }
  var logURL: URL { folder.appendingPathComponent("moto.log") }
  var venvPython: URL { folder.appendingPathComponent("venv/bin/python") }

  /// The recorded state when that process is alive and is moto's server; nil otherwise.
  public func status() -> EmulatorState? {
    guard let data = try? Data(contentsOf: stateURL),
      let state = try? JSONDecoder().decode(EmulatorState.self, from: data),
      Self.isMotoProcess(state.pid)
    else { return nil }
    return state
  }

  /// Starts the emulator, or returns the running one. `forceVirtualEnvironment` installs into
  /// the venv even when the system Python has moto; `environment` adds variables to the
  /// server's (`INITIAL_NO_AUTH_ACTION_COUNT` turns signature verification on).
  public func start(
    reporter: DeployReporter, forceVirtualEnvironment: Bool = false,
    environment: [String: String] = [:]
  ) async throws -> EmulatorState {
    if let running = status() { return running }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let python = try installedPython(reporter: reporter, force: forceVirtualEnvironment)
    let port = try Self.freePort(python: python)
    try? FileManager.default.removeItem(at: logURL)
    let process: Process
    do {
      // In a process group of its own, so a Ctrl-C in the terminal that started it does not
      // stop the server with the command.
      process = try ProcessRunner.spawn(
        [python, "-c", Self.serverLauncher, "-H", "127.0.0.1", "-p", String(port)], log: logURL,
        environment: ProcessInfo.processInfo.environment.merging(environment) { _, new in new })
    } catch let error as ProcessError {
      throw FacestackError.tool("cannot start moto's server: \(error)")
    }
    let state = EmulatorState(
      pid: process.processIdentifier, port: port, python: python, version: Self.motoVersion,
      startedAt: ISO8601DateFormatter().string(from: Date()))
    for _ in 0..<150 {
      if await Self.answers(state.endpoint) {
        try JSONEncoder().encode(state).write(to: stateURL, options: .atomic)
        return state
      }
      guard process.isRunning else { break }
      try await Task.sleep(nanoseconds: 100_000_000)
    }
    if process.isRunning { process.terminate() }
    throw FacestackError.aws(
      "moto's server did not start on 127.0.0.1:\(port); see \(logURL.path)")
  }

  /// Runs `python -m moto.server` with every signal unblocked: a child inherits the signal mask
  /// of the Swift thread that spawned it, where `SIGTERM` is blocked, and `stop` must be able to
  /// end the server gracefully.
  static let serverLauncher = """
    import runpy, signal, sys
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    sys.argv[0] = "moto.server"
    runpy.run_module("moto.server", run_name="__main__", alter_sys=True)
    """

  /// Stops the recorded emulator; false when none was running.
  @discardableResult
  public func stop() -> Bool {
    defer { try? FileManager.default.removeItem(at: stateURL) }
    guard let state = status() else { return false }
    kill(state.pid, SIGTERM)
    for _ in 0..<50 where Self.isMotoProcess(state.pid) {
      usleep(100_000)
    }
    if Self.isMotoProcess(state.pid) { kill(state.pid, SIGKILL) }
    return true
  }

  /// The Python that has the pinned moto: the venv's, the system's, or a new venv.
  func installedPython(reporter: DeployReporter, force: Bool) throws -> String {
    if Self.hasMoto(venvPython.path) { return venvPython.path }
    if !force, Self.hasMoto("python3") { return "python3" }
    reporter.emit(
      .step("installing moto[server]==\(Self.motoVersion) into \(folder.path)/venv (first use)"))
    let venv = folder.appendingPathComponent("venv").path
    let created = try ProcessRunner.run(
      ["python3", "-m", "venv", venv], streamingTo: installOutput)
    guard created == 0 else {
      throw FacestackError.tool("python3 -m venv \(venv) failed (exit \(created))")
    }
    let installed = try ProcessRunner.run(
      [
        venvPython.path, "-m", "pip", "install", "--disable-pip-version-check", "--progress-bar",
        "on", "moto[server]==\(Self.motoVersion)",
      ], streamingTo: installOutput)
    guard installed == 0, Self.hasMoto(venvPython.path) else {
      throw FacestackError.tool(
        "pip install moto[server]==\(Self.motoVersion) failed (exit \(installed))")
    }
    return venvPython.path
  }

  static func hasMoto(_ python: String) -> Bool {
    guard python == "python3" || FileManager.default.isExecutableFile(atPath: python),
      let result = try? ProcessRunner.run([
        python, "-c",
        "import moto, flask, sys; sys.exit(0 if moto.__version__ == '\(motoVersion)' else 1)",
      ])
    else { return false }
    return result.succeeded
  }

  static func freePort(python: String) throws -> Int {
    let result = try ProcessRunner.run([
      python, "-c",
      "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])",
    ])
    guard result.succeeded,
      let port = Int(result.output.trimmingCharacters(in: .whitespacesAndNewlines))
    else { throw FacestackError.tool("cannot find a free port: \(result.lastErrorLine)") }
    return port
  }

  static func isMotoProcess(_ pid: Int32) -> Bool {
    guard pid > 0, kill(pid, 0) == 0 else { return false }
    guard let cmdline = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")) else {
      return true  // no /proc (macOS): trust the recorded pid
    }
    return String(decoding: cmdline, as: UTF8.self).contains("moto.server")
  }

  static func answers(_ endpoint: URL) async -> Bool {
    var request = URLRequest(url: endpoint.appendingPathComponent("moto-api/"))
    request.timeoutInterval = 1
    guard let (_, response) = try? await URLSession.shared.data(for: request) else { return false }
    return (response as? HTTPURLResponse)?.statusCode == 200
  }
}

extension LocalEmulator {
  /// The workspace's emulator: `.facestack/emulator`, or `FACESTACK_EMULATOR_DIR` (an emulator
  /// of its own, as the end-to-end test runs one with signature verification).
  public static func of(_ workspace: Workspace) -> LocalEmulator {
    let environment = ProcessInfo.processInfo.environment
    if let folder = environment["FACESTACK_EMULATOR_DIR"], !folder.isEmpty {
      return LocalEmulator(folder: URL(fileURLWithPath: folder))
    }
    return LocalEmulator(workFolder: workspace.workFolder)
  }

  /// `test`/`test`, or `FACESTACK_LOCAL_ACCESS_KEY_ID` and `FACESTACK_LOCAL_SECRET_ACCESS_KEY`
  /// for an emulator that verifies signatures (moto with `INITIAL_NO_AUTH_ACTION_COUNT`).
  public static func credentials() -> [String: String] {
    let environment = ProcessInfo.processInfo.environment
    guard let key = environment["FACESTACK_LOCAL_ACCESS_KEY_ID"], !key.isEmpty,
      let secret = environment["FACESTACK_LOCAL_SECRET_ACCESS_KEY"], !secret.isEmpty
    else { return testCredentials }
    return ["AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret]
  }
}
