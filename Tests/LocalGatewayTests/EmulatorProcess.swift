import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The local cloud's emulator (`python3 -m facestack_local.emulator`, moto 5.2.1 extended by
/// facestack, with its `/_facestack/credentials/` route) on a free loopback port, for the
/// end-to-end tests; stopped with SIGTERM at the end.
final class EmulatorProcess: @unchecked Sendable {
  let port: Int
  let process: Process
  let stateDirectory: URL
  let logURL: URL

  /// Whether python3 can run the emulator here (moto importable, `local/` present).
  static let available: Bool = {
    let local = packageRoot.appendingPathComponent("local/facestack_local/emulator/server.py")
    guard FileManager.default.fileExists(atPath: local.path) else { return false }
    return (try? runPython(["-c", "import moto.server, boto3"], input: nil)) != nil
  }()

  /// An emulator started off the concurrency pool. Its start polls, seconds under load, until
  /// moto is up; on one of the pool's threads (two on this machine) that stalled every async
  /// test of the parallel run: a full run's gateway tests timed out talking to loopback servers.
  static func start() async throws -> EmulatorProcess {
    try await offPool { try EmulatorProcess() }
  }

  private init() throws {
    port = try Self.freePort()
    stateDirectory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "facestack-gateway-emulator-\(port)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true)
    logURL = stateDirectory.appendingPathComponent("emulator.log")
    _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
    process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", "-m", "facestack_local.emulator", "--host", "127.0.0.1", "--port", String(port),
      "--state-dir", stateDirectory.path, "--log-level", "WARNING",
    ]
    var environment = ProcessInfo.processInfo.environment
    environment["PYTHONPATH"] = packageRoot.appendingPathComponent("local").path
    process.environment = environment
    let log = try FileHandle(forWritingTo: logURL)
    process.standardOutput = log
    process.standardError = log
    try process.run()
    let ready = stateDirectory.appendingPathComponent("emulator.json")
    let deadline = Date().addingTimeInterval(120)
    while !FileManager.default.fileExists(atPath: ready.path) {
      guard process.isRunning, Date() < deadline else {
        stop()
        let output = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        throw ScriptError(message: "the emulator did not start: \(output.suffix(800))")
      }
      usleep(200_000)
    }
  }

  /// `http://127.0.0.1:PORT`.
  var endpoint: String { "http://127.0.0.1:\(port)" }

  func stop() {
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
    }
    try? FileManager.default.removeItem(at: stateDirectory)
  }

  /// A port nothing listens on now.
  static func freePort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw ScriptError(message: "socket() failed") }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0 else { throw ScriptError(message: "bind() failed") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let named = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        getsockname(descriptor, $0, &length)
      }
    }
    guard named == 0 else { throw ScriptError(message: "getsockname() failed") }
    return Int(UInt16(bigEndian: address.sin_port))
  }
}

/// `body`, which blocks (on a process, on a poll), run off the cooperative thread pool: the
/// gateway and the stand-in servers under test answer on it.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
  try await withCheckedThrowingContinuation { continuation in
    DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
  }
}

/// `runPython` off the cooperative thread pool.
func runPythonDetached(
  _ arguments: [String], input: Data? = nil, environment: [String: String] = [:]
) async throws -> Data {
  try await offPool { try runPython(arguments, input: input, environment: environment) }
}
