import Foundation

/// Runs short helper processes (python, pip) and reports their exit status and output.
enum ProcessRunner {
  /// Runs `arguments` (the first is looked up in `PATH`), returns status and combined output.
  /// With `streamTo`, output goes there as it comes instead (pip's progress).
  static func run(_ arguments: [String], streamTo handle: FileHandle? = nil) throws -> (
    status: Int32, output: String
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.standardInput = FileHandle.nullDevice
    let pipe = Pipe()
    if let handle {
      process.standardOutput = handle
      process.standardError = handle
    } else {
      process.standardOutput = pipe
      process.standardError = pipe
    }
    do {
      try process.run()
    } catch {
      throw DeployError.aws("cannot run \(arguments.joined(separator: " ")): \(error)")
    }
    let data = handle == nil ? pipe.fileHandleForReading.readDataToEndOfFile() : Data()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }
}
