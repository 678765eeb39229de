import Foundation

/// Runs other programs (git, python3, pip) for every module: one place that starts processes,
/// reads their standard output and standard error at the same time (so a child filling one pipe
/// never deadlocks on the other), and reports failures as ``ProcessError``.
///
/// ```swift
/// let result = try ProcessRunner.run(["git", "rev-parse", "HEAD"], in: root)
/// guard result.status == 0 else { throw ... result.lastErrorLine ... }
/// ```
public enum ProcessRunner {
  /// Runs `arguments` to completion (the first is looked up in `PATH`) and returns its status
  /// and both outputs. `input` is written to its standard input (nothing when `nil`).
  public static func run(
    _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil,
    input: [UInt8]? = nil
  ) throws -> ProcessResult {
    let process = try makeProcess(arguments, in: directory, environment: environment)
    let output = Pipe()
    let errors = Pipe()
    let stdin = input.map { _ in Pipe() }
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = stdin ?? FileHandle.nullDevice
    try start(process, arguments)
    let reader = ConcurrentReader(output.fileHandleForReading, errors.fileHandleForReading)
    if let stdin, let input {
      try? stdin.fileHandleForWriting.write(contentsOf: Data(input))
      try? stdin.fileHandleForWriting.close()
    }
    let (out, err) = reader.wait()
    process.waitUntilExit()
    return ProcessResult(
      arguments: arguments, status: process.terminationStatus, standardOutput: out,
      standardError: err)
  }

  /// Runs `arguments` to completion with standard output and standard error going to `handle`
  /// as they come (pip's progress); returns the exit status.
  public static func run(
    _ arguments: [String], streamingTo handle: FileHandle, in directory: URL? = nil,
    environment: [String: String]? = nil
  ) throws -> Int32 {
    let process = try makeProcess(arguments, in: directory, environment: environment)
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = handle
    process.standardError = handle
    try start(process, arguments)
    process.waitUntilExit()
    return process.terminationStatus
  }

  /// Starts `arguments` in the background with both outputs appended to `log`, in a process
  /// group of its own (a Ctrl-C in the terminal that started it does not stop it); returns the
  /// running process.
  public static func spawn(
    _ arguments: [String], log: URL, in directory: URL? = nil,
    environment: [String: String]? = nil
  ) throws -> Process {
    let process = try makeProcess(arguments, in: directory, environment: environment)
    if !FileManager.default.fileExists(atPath: log.path) {
      _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    }
    guard let handle = FileHandle(forWritingAtPath: log.path) else {
      throw ProcessError.cannotStart(
        program: arguments.first ?? "", reason: "cannot write \(log.path)")
    }
    handle.seekToEndOfFile()
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = handle
    process.standardError = handle
    try start(process, arguments)
    return process
  }

  /// Whether `program` is found on `PATH` (or is an executable path).
  public static func isAvailable(_ program: String) -> Bool {
    if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").contains {
      FileManager.default.isExecutableFile(atPath: "\($0)/\(program)")
    }
  }

  static func makeProcess(
    _ arguments: [String], in directory: URL?, environment: [String: String]?
  ) throws -> Process {
    guard let program = arguments.first else {
      throw ProcessError.cannotStart(program: "", reason: "no program given")
    }
    guard isAvailable(program) else { throw ProcessError.notFound(program: program) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    if let environment { process.environment = environment }
    return process
  }

  static func start(_ process: Process, _ arguments: [String]) throws {
    do {
      try process.run()
    } catch {
      throw ProcessError.cannotStart(
        program: arguments.first ?? "", reason: error.localizedDescription)
    }
  }
}

/// What a finished process left: its status and both outputs.
public struct ProcessResult: Sendable {
  /// The command line.
  public var arguments: [String]
  /// The exit status (128 + the signal number when a signal ended it).
  public var status: Int32
  /// Everything it wrote to standard output.
  public var standardOutput: [UInt8]
  /// Everything it wrote to standard error.
  public var standardError: [UInt8]

  /// Standard output as UTF-8 text.
  public var output: String { String(decoding: standardOutput, as: UTF8.self) }
  /// Standard error as UTF-8 text.
  public var errorOutput: String { String(decoding: standardError, as: UTF8.self) }

  /// The last non-empty line of standard error (or of standard output when standard error is
  /// empty), for one-line messages.
  public var lastErrorLine: String {
    let lines = (errorOutput.isEmpty ? output : errorOutput).split(whereSeparator: \.isNewline)
    return lines.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(String.init) ?? ""
  }

  /// Whether it exited with status 0.
  public var succeeded: Bool { status == 0 }
}

/// A program could not be run at all.
public enum ProcessError: Error, Sendable, Equatable, CustomStringConvertible {
  /// `program` is not on `PATH`.
  case notFound(program: String)
  /// Starting `program` failed.
  case cannotStart(program: String, reason: String)

  public var description: String {
    switch self {
    case .notFound(let program): return "cannot run \(program): not found on PATH"
    case .cannotStart(let program, let reason): return "cannot run \(program): \(reason)"
    }
  }
}

/// Reads two pipes to their ends at once, each on a thread of its own (``Background``): both
/// must drain, or a process that fills one while facestack waits on the other never ends.
private struct ConcurrentReader {
  private let first: Background<[UInt8]>
  private let second: Background<[UInt8]>

  init(_ a: FileHandle, _ b: FileHandle) {
    first = Background { Array(a.readDataToEndOfFile()) }
    second = Background { Array(b.readDataToEndOfFile()) }
  }

  func wait() -> ([UInt8], [UInt8]) {
    // Reading a pipe to its end does not throw.
    ((try? first.value()) ?? [], (try? second.value()) ?? [])
  }
}
