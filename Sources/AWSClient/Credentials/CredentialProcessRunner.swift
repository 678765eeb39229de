import Foundation
import Processes

/// Runs a program and collects what it printed, as a value, so the chain's `credential_process`
/// can be given another runner in tests.
///
/// ```swift
/// let output = try await CredentialProcessRunner.live.run(["/opt/bin/creds", "--json"], [:])
/// if output.status != 0 { /* report output.standardError */ }
/// ```
public struct CredentialProcessRunner: Sendable {
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

  /// The program itself through ``Processes/ProcessRunner`` (no shell in between, as botocore
  /// runs `credential_process`), off the caller's task.
  public static let live = CredentialProcessRunner { arguments, environment in
    guard let program = arguments.first else {
      throw AWSClientError.invalidConfiguration("credential_process is empty")
    }
    let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let executable = try locate(program, path: variables["PATH"])
    let command = [executable.path] + arguments.dropFirst()
    return try await runBlocking {
      do {
        let result = try Processes.ProcessRunner.run(command, environment: variables)
        return ProcessOutput(
          status: result.status, standardOutput: Data(result.standardOutput),
          standardError: Data(result.standardError))
      } catch {
        throw AWSClientError.credentialSource(
          "cannot run credential_process \(executable.path): \(error)")
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
