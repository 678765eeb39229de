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
  /// own, its role's credentials and the local endpoint — in `spare` (a bootstrap already
  /// started, with the runtime's boto3 imported, which takes these as its own) when one is
  /// given, in a new process otherwise.
  static func start(
    function: FunctionConfiguration, python: String, bootstrap: URL, pythonPath: [URL],
    taskRoot: URL, credentials: RoleCredentials.Session, local: LocalEndpoint,
    runtimeAPI: String, logStream: String, id: String, spare: BootstrapProcess? = nil,
    onExit: @escaping @Sendable (Int32) -> Void
  ) throws -> ExecutionEnvironment {
    var environment = BootstrapProcess.baseEnvironment(runtimeAPI: runtimeAPI)
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
    if let spare, spare.assign(environment: environment, directory: taskRoot, onExit: onExit) {
      return ExecutionEnvironment(
        id: id, function: function, process: spare.process, output: spare.output)
    }
    let started = try BootstrapProcess.launch(
      python: python, bootstrap: bootstrap, environment: environment, directory: taskRoot,
      name: id, spare: false)
    started.onExit(onExit)
    return ExecutionEnvironment(
      id: id, function: function, process: started.process, output: started.output)
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

/// A bootstrap's process and its output: an execution environment's, or a spare's waiting for
/// one (`FACESTACK_LAMBDA_SPARE=1`: started with nothing of a function's, it imports the
/// runtime's boto3 and reads its environment as one JSON line from standard input, a socket
/// whose end the runtime keeps until it hands the spare to a cold start).
final class BootstrapProcess: @unchecked Sendable {
  let process: Process
  let output: OutputLines
  private let lock = NSLock()
  private var input: Int32?
  private var exitHandler: (@Sendable (Int32) -> Void)?
  private var exitStatus: Int32?

  private init(process: Process, output: OutputLines, input: Int32?) {
    self.process = process
    self.output = output
    self.input = input
  }

  /// What every bootstrap's environment has: a path, UTF-8, UTC, no bytecode files, the
  /// Runtime API's address.
  static func baseEnvironment(runtimeAPI: String) -> [String: String] {
    [
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
      "LANG": "en_US.UTF-8", "TZ": ":UTC", "PYTHONDONTWRITEBYTECODE": "1",
      "AWS_LAMBDA_RUNTIME_API": runtimeAPI,
    ]
  }

  /// Starts a spare: the runtime's SDK (`sdk`) on its path and nothing else of a function's.
  static func spare(python: String, bootstrap: URL, sdk: URL, runtimeAPI: String) throws
    -> BootstrapProcess
  {
    var environment = baseEnvironment(runtimeAPI: runtimeAPI)
    environment["PYTHONPATH"] = sdk.path
    environment["FACESTACK_LAMBDA_SPARE"] = "1"
    return try launch(
      python: python, bootstrap: bootstrap, environment: environment,
      directory: bootstrap.deletingLastPathComponent(), name: "spare", spare: true)
  }

  /// Starts `python -s -P bootstrap` with `environment` in `directory`, its output read line by
  /// line; a spare's standard input is a socket the runtime writes its assignment to.
  static func launch(
    python: String, bootstrap: URL, environment: [String: String], directory: URL, name: String,
    spare: Bool
  ) throws -> BootstrapProcess {
    let output = OutputLines()
    let pipe = Pipe()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [python, "-s", "-P", bootstrap.path]
    process.currentDirectoryURL = directory
    process.environment = environment
    process.standardOutput = pipe
    process.standardError = pipe
    var input: Int32?
    var childInput: FileHandle?
    if spare {
      // A socket, not a pipe: a write to a spare that died fails with EPIPE (MSG_NOSIGNAL)
      // instead of raising SIGPIPE in the runtime.
      var ends: [Int32] = [-1, -1]
      guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0 else {
        throw LambdaServiceError.runner("cannot make a socket for a spare: errno \(errno)")
      }
      input = ends[0]
      _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
      let handle = FileHandle(fileDescriptor: ends[1], closeOnDealloc: true)
      childInput = handle
      process.standardInput = handle
    } else {
      process.standardInput = FileHandle.nullDevice
    }
    let started = BootstrapProcess(process: process, output: output, input: input)
    process.terminationHandler = { process in started.exited(process.terminationStatus) }
    do {
      try ChildSignals.withEmptyMask { try process.run() }
    } catch {
      process.terminationHandler = nil
      if let input { close(input) }
      try? childInput?.close()
      try? pipe.fileHandleForReading.close()
      try? pipe.fileHandleForWriting.close()
      throw LambdaServiceError.runner("cannot start \(python) for \(name): \(error)")
    }
    try? childInput?.close()
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
    reader.name = "lambda-output-\(name)"
    reader.start()
    return started
  }

  /// Whether the process still runs.
  var isRunning: Bool { process.isRunning }

  /// Calls `handler` with the exit status when the process ends (at once if it has).
  func onExit(_ handler: @escaping @Sendable (Int32) -> Void) {
    lock.lock()
    let status = exitStatus
    if status == nil { exitHandler = handler }
    lock.unlock()
    if let status { handler(status) }
  }

  private func exited(_ status: Int32) {
    // The handler holds this object and the process holds the handler: the cycle that kept
    // both alive while the process ran ends here.
    process.terminationHandler = nil
    lock.lock()
    exitStatus = status
    let handler = exitHandler
    exitHandler = nil
    if let input {
      close(input)
      self.input = nil
    }
    lock.unlock()
    handler?(status)
  }

  /// Hands a spare its environment (once); false when it cannot take it (it has ended, or was
  /// handed one already), and the caller starts a new process instead.
  func assign(
    environment: [String: String], directory: URL, onExit: @escaping @Sendable (Int32) -> Void
  ) -> Bool {
    let document: [String: Any] = ["environment": environment, "cwd": directory.path]
    guard
      var line = try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
    else { return false }
    line.append(0x0A)
    lock.lock()
    guard let input, exitStatus == nil else {
      lock.unlock()
      return false
    }
    self.input = nil
    lock.unlock()
    let written = line.withUnsafeBytes { bytes -> Bool in
      guard let base = bytes.baseAddress else { return false }
      var offset = 0
      while offset < bytes.count {
        let count = send(input, base + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
        if count < 0, errno == EINTR { continue }
        if count <= 0 { return false }
        offset += count
      }
      return true
    }
    close(input)
    if !written {
      kill()
      return false
    }
    self.onExit(onExit)
    return true
  }

  /// Ends the process at once.
  func kill() {
    guard process.isRunning else { return }
    Foundation.kill(process.processIdentifier, SIGKILL)
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
