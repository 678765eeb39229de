import Foundation
import Testing

@testable import AWSClient

/// A home folder of its own under the temporary directory, with `.aws/` files written into it,
/// removed by ``remove()``.
struct TemporaryHome {
  let path: String

  init(files: [String: String] = [:]) throws {
    path =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("facestack-home-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    for (relative, text) in files { try write(relative, text) }
  }

  /// Writes `text` at `relative` below the home folder.
  func write(_ relative: String, _ text: String) throws {
    let url = URL(fileURLWithPath: path).appendingPathComponent(relative)
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: url, atomically: true, encoding: .utf8)
  }

  /// Reads `relative` below the home folder.
  func read(_ relative: String) -> String? {
    try? String(contentsOfFile: path + "/" + relative, encoding: .utf8)
  }

  func remove() {
    try? FileManager.default.removeItem(atPath: path)
  }
}

/// Options for a client whose every endpoint and file is a local stand-in: the real file
/// system and loopback network, the given variables only (no `AWS_*` of the machine running
/// the tests), no retries, no terminal.
func isolatedOptions(
  _ variables: [String: String], profile: String? = nil, region: String? = nil,
  now: @escaping @Sendable () -> Date = { Date() },
  mfaPrompt: MFAPrompt = .terminal(
    device: "/nonexistent/tty"),
  log: @escaping @Sendable (String) -> Void = { _ in }
) -> AWSClientOptions {
  var environment = variables
  environment["PATH"] = environment["PATH"] ?? ProcessInfo.processInfo.environment["PATH"]
  return AWSClientOptions(
    profile: profile, region: region, environment: AWSEnvironment(environment),
    fileSystem: .live, transport: liveTransport(timeout: 10),
    metadataTransport: liveTransport(timeout: 5),
    retry: RetryPolicy(maxAttempts: 1, sleep: { _ in }),
    now: now, log: log, mfaPrompt: mfaPrompt)
}

/// The stand-in scripts' folder, as a path.
func fixtureScript(_ name: String) throws -> String {
  try StandInServer.scriptsFolder().appendingPathComponent(name).path
}

/// A port nothing listens on.
func closedPort() throws -> Int {
  try MotoServer.freePort()
}

/// The message of the error `body` throws, or a recorded issue.
func errorMessage(_ body: () async throws -> Void) async -> String {
  do {
    try await body()
    Issue.record("expected an error")
    return ""
  } catch {
    return "\(error)"
  }
}

/// Runs `python3 script` with `input` on its standard input, off the concurrency pool.
func runPython(_ script: String, input: Data) throws -> ProcessOutput {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["python3", script]
  let standardInput = Pipe()
  let standardOutput = Pipe()
  let standardError = Pipe()
  process.standardInput = standardInput
  process.standardOutput = standardOutput
  process.standardError = standardError
  try process.run()
  DispatchQueue.global().async {
    standardInput.fileHandleForWriting.write(input)
    try? standardInput.fileHandleForWriting.close()
  }
  let errors = LockedData()
  let group = DispatchGroup()
  group.enter()
  DispatchQueue.global().async {
    errors.set(standardError.fileHandleForReading.readDataToEndOfFile())
    group.leave()
  }
  let output = standardOutput.fileHandleForReading.readDataToEndOfFile()
  group.wait()
  while process.isRunning { usleep(10_000) }
  return ProcessOutput(
    status: process.terminationStatus, standardOutput: output, standardError: errors.value)
}

/// Bytes set on one queue and read on another.
final class LockedData: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()
  var value: Data { lock.withLock { data } }
  func set(_ newValue: Data) { lock.withLock { data = newValue } }
}

/// Runs blocking work (starting a server, waiting for a process) on a dispatch queue, so the
/// concurrency pool's few threads stay free for the tests running alongside.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
  try await withCheckedThrowingContinuation { continuation in
    DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
  }
}

/// moto's server, started off the concurrency pool.
func startMoto(initialNoAuthActionCount: Int? = nil) async throws -> MotoServer {
  try await offPool { try MotoServer(initialNoAuthActionCount: initialNoAuthActionCount) }
}

/// ``runPython(_:input:)`` off the concurrency pool.
func runPythonOffPool(_ script: String, input: Data) async throws -> ProcessOutput {
  try await offPool { try runPython(script, input: input) }
}

/// The live transport (system trust roots, no proxy) for helpers that cannot throw; the system's
/// roots always load on the machines the tests run on.
func liveTransport(timeout: TimeInterval) -> HTTPTransport {
  do {
    return try .live(timeout: timeout, environment: AWSEnvironment())
  } catch {
    fatalError("the live transport cannot be made: \(error)")
  }
}
