import Foundation
import Processes

/// One execution environment: a host Python process running the local Lambda bootstrap
/// (`local/facestack_lambda/bootstrap.py`) for one revision of one function, serving one
/// invocation at a time through the runtime's Lambda Runtime API, reused while warm, as Lambda
/// reuses its environments.
final class ExecutionEnvironment: @unchecked Sendable {
  /// A short random id (the log stream's suffix, the role session's name).
  let id: String
  /// The function revision it runs.
  let function: FunctionConfiguration
  /// When it was started.
  let started: Date
  /// Its output, line by line.
  let output: OutputLines
  private let process: Process

  private init(id: String, function: FunctionConfiguration, process: Process, output: OutputLines) {
    self.id = id
    self.function = function
    self.process = process
    self.output = output
    started = Date()
  }

  /// The process's id.
  var pid: Int32 { process.processIdentifier }

  /// Whether the process still runs.
  var isRunning: Bool { process.isRunning }

  /// Starts an environment: `python -s -P bootstrap.py` with Lambda's variables, the function's
  /// own, its role's credentials and the local endpoint.
  static func start(
    function: FunctionConfiguration, python: String, bootstrap: URL, pythonPath: [URL],
    taskRoot: URL, credentials: RoleCredentials.Session, local: LocalEndpoint,
    runtimeAPI: String, logStream: String, id: String,
    onExit: @escaping @Sendable (Int32) -> Void
  ) throws -> ExecutionEnvironment {
    var environment: [String: String] = [
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
      "LANG": "en_US.UTF-8", "TZ": ":UTC", "PYTHONDONTWRITEBYTECODE": "1",
    ]
    for (name, value) in function.environment { environment[name] = value }
    let reserved: [String: String] = [
      "_HANDLER": function.handler,
      "AWS_EXECUTION_ENV": "AWS_Lambda_\(function.runtime)",
      "AWS_LAMBDA_FUNCTION_NAME": function.name,
      "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
      "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": String(function.memorySize),
      "AWS_LAMBDA_LOG_GROUP_NAME": function.logGroup,
      "AWS_LAMBDA_LOG_STREAM_NAME": logStream,
      "AWS_LAMBDA_LOG_FORMAT": function.logFormat,
      "AWS_LAMBDA_RUNTIME_API": runtimeAPI,
      "AWS_REGION": local.region, "AWS_DEFAULT_REGION": local.region,
      "AWS_ACCESS_KEY_ID": credentials.accessKeyID,
      "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
      "AWS_SESSION_TOKEN": credentials.sessionToken,
      "LAMBDA_TASK_ROOT": taskRoot.path,
      "LAMBDA_RUNTIME_DIR": bootstrap.deletingLastPathComponent().path,
      "PYTHONPATH": pythonPath.map(\.path).joined(separator: ":"),
      // The local cloud: every AWS call goes through the IAM gateway, over TLS.
      "AWS_ENDPOINT_URL": local.endpoint, "AWS_CA_BUNDLE": local.caBundle,
      "FACESTACK_LAMBDA_ENVIRONMENT": id,
    ]
    for (name, value) in reserved { environment[name] = value }
    let output = OutputLines()
    let pipe = Pipe()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [python, "-s", "-P", bootstrap.path]
    process.currentDirectoryURL = taskRoot
    process.environment = environment
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = pipe
    process.standardError = pipe
    process.terminationHandler = { process in onExit(process.terminationStatus) }
    do {
      try ChildSignals.withEmptyMask { try process.run() }
    } catch {
      throw LambdaServiceError.runner("cannot start \(python) for \(function.name): \(error)")
    }
    // A thread of its own reads the output with blocking reads until the end of the file: a
    // readability handler (a dispatch source) on a pipe whose process is killed can crash
    // libdispatch's event loop when the descriptor closes under it.
    let reading = pipe.fileHandleForReading
    let reader = Thread {
      // read(2) returns what is there (FileHandle's read(upToCount:) waits for the count).
      var buffer = [UInt8](repeating: 0, count: 65_536)
      while true {
        let count = buffer.withUnsafeMutableBytes {
          Glibc.read(reading.fileDescriptor, $0.baseAddress, $0.count)
        }
        if count > 0 {
          output.append(Data(buffer[0..<count]))
        } else if count == 0 || errno != EINTR {
          break
        }
      }
      try? reading.close()
      output.close()
    }
    reader.name = "lambda-output-\(id)"
    reader.start()
    return ExecutionEnvironment(id: id, function: function, process: process, output: output)
  }

  /// Ends the process at once (a timeout, a retired revision, shutdown).
  func kill() {
    guard process.isRunning else { return }
    Foundation.kill(process.processIdentifier, SIGKILL)
  }

  /// The peak resident memory so far, MB (`VmHWM`), when `/proc` tells.
  var peakMemoryMB: Int? {
    guard
      let status = try? String(
        contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
    else { return nil }
    let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
    return kilobytes / 1024
  }
}

/// Where functions reach the local cloud: the gateway's endpoint, its CA bundle, the region.
public struct LocalEndpoint: Sendable {
  /// `https://127.0.0.1:PORT`.
  public var endpoint: String
  /// The CA certificate the gateway's certificate chains to.
  public var caBundle: String
  /// The region.
  public var region: String

  /// An endpoint.
  public init(endpoint: String, caBundle: String, region: String) {
    self.endpoint = endpoint
    self.caBundle = caBundle
    self.region = region
  }
}

/// A process's output as lines, with waiting for the marker line that ends an invocation.
final class OutputLines: @unchecked Sendable {
  private let lock = NSLock()
  private var partial = Data()
  private var lines: [String] = []
  private var closed = false
  private var waiters: [(marker: String, continuation: CheckedContinuation<[String], Never>)] = []

  /// The marker the bootstrap writes after each invocation's output.
  static let marker = "\u{1e}facestack-end "

  func append(_ data: Data) {
    lock.lock()
    partial.append(data)
    while let newline = partial.firstIndex(of: 0x0A) {
      let line = String(decoding: partial[partial.startIndex..<newline], as: UTF8.self)
      partial.removeSubrange(partial.startIndex...newline)
      lines.append(line)
    }
    let ready = takeReady()
    lock.unlock()
    for (continuation, result) in ready { continuation.resume(returning: result) }
  }

  func close() {
    lock.lock()
    if !partial.isEmpty {
      lines.append(String(decoding: partial, as: UTF8.self))
      partial.removeAll()
    }
    closed = true
    let pending = waiters
    waiters.removeAll()
    let rest = lines
    lines.removeAll()
    lock.unlock()
    for waiter in pending { waiter.continuation.resume(returning: rest) }
  }

  /// The lines before the marker for `requestID` (removed from the buffer), waiting for it; all
  /// remaining lines when the process ends first.
  func lines(until requestID: String) async -> [String] {
    await withCheckedContinuation { continuation in
      lock.lock()
      waiters.append((Self.marker + requestID, continuation))
      let ready = takeReady()
      let isClosed = closed
      var immediate: [(CheckedContinuation<[String], Never>, [String])] = ready
      if isClosed {
        for waiter in waiters { immediate.append((waiter.continuation, lines)) }
        waiters.removeAll()
        lines.removeAll()
      }
      lock.unlock()
      for (waiting, result) in immediate { waiting.resume(returning: result) }
    }
  }

  /// Every line so far (removed): what a process wrote before it died.
  func drain() -> [String] {
    lock.lock()
    defer { lock.unlock() }
    defer { lines.removeAll() }
    return lines
  }

  /// Must hold the lock.
  private func takeReady() -> [(CheckedContinuation<[String], Never>, [String])] {
    var ready: [(CheckedContinuation<[String], Never>, [String])] = []
    var index = 0
    while index < waiters.count {
      if let position = lines.firstIndex(of: waiters[index].marker) {
        ready.append((waiters[index].continuation, Array(lines[..<position])))
        lines.removeSubrange(...position)
        waiters.remove(at: index)
      } else {
        index += 1
      }
    }
    return ready
  }
}
