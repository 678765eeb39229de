import Foundation

/// Runs a program and collects what it printed, as a value, so the chain's `credential_process`
/// can be given another runner in tests.
///
/// ```swift
/// let output = try await ProcessRunner.live.run(["/opt/bin/creds", "--json"], [:])
/// if output.status != 0 { /* report output.standardError */ }
/// ```
public struct ProcessRunner: Sendable {
  /// Runs `arguments` (the program first, looked up in `PATH` when it has no `/`) with
  /// `environment` added to this process's variables.
  public var run:
    @Sendable (_ arguments: [String], _ environment: [String: String]) async throws ->
      ProcessOutput

  /// Creates a runner from a closure.
  public init(
    run:
      @escaping @Sendable (_ arguments: [String], _ environment: [String: String]) async throws ->
      ProcessOutput
  ) {
    self.run = run
  }

  /// Foundation's `Process`, with no shell in between (as botocore runs `credential_process`).
  public static let live = ProcessRunner { arguments, environment in
    guard let program = arguments.first else {
      throw AWSClientError.invalidConfiguration("credential_process is empty")
    }
    let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let executable = try locate(program, path: variables["PATH"])
    return try await withCheckedThrowingContinuation { continuation in
      DispatchQueue.global().async {
        continuation.resume(
          with: Result {
            try runBlocking(executable, Array(arguments.dropFirst()), variables)
          })
      }
    }
  }

  /// The executable for `program`: itself when it names a path, else the first match in `path`.
  static func locate(_ program: String, path: String?) throws -> URL {
    if program.contains("/") { return URL(fileURLWithPath: program) }
    for folder in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
      let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(program)
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    throw AWSClientError.credentialSource(
      "cannot run credential_process \"\(program)\": not found in PATH")
  }

  private static func runBlocking(
    _ executable: URL, _ arguments: [String], _ environment: [String: String]
  ) throws -> ProcessOutput {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = environment
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw AWSClientError.credentialSource(
        "cannot run credential_process \(executable.path): \(error.localizedDescription)")
    }
    // Both pipes are drained at once, so a chatty process cannot block on a full pipe.
    let group = DispatchGroup()
    let collected = CollectedOutput()
    group.enter()
    DispatchQueue.global().async {
      collected.setError(errors.fileHandleForReading.readDataToEndOfFile())
      group.leave()
    }
    let standardOutput = output.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return ProcessOutput(
      status: process.terminationStatus, standardOutput: standardOutput,
      standardError: collected.error)
  }
}

/// What a process printed and how it ended.
public struct ProcessOutput: Sendable, Equatable {
  /// The exit status.
  public var status: Int32
  /// Everything written to standard output.
  public var standardOutput: Data
  /// Everything written to standard error.
  public var standardError: Data

  /// Creates an output.
  public init(status: Int32, standardOutput: Data, standardError: Data = Data()) {
    self.status = status
    self.standardOutput = standardOutput
    self.standardError = standardError
  }
}

/// Standard error, read on another queue.
private final class CollectedOutput: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()
  var error: Data { lock.withLock { data } }
  func setError(_ value: Data) { lock.withLock { data = value } }
}
