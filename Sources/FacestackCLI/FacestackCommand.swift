import ArgumentParser
import Foundation

/// The `facestack` command: synthesize, diff, review and deploy the face-recognition stack.
///
/// Exit codes: 0 success; 1 changes found with `--fail`, findings at or above `--fail-on`, files
/// that `--check` would change, or a refused deploy; 2 usage or input error; 3 an AWS or
/// emulator error.
public struct FacestackCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "facestack",
    abstract: "Describe, review and deploy the face-recognition pipeline as typed code.",
    discussion: """
      Exit codes: 0 success, 1 changes or findings reported (with --check, --fail, --fail-on) or \
      a refused deploy, 2 usage or input error, 3 AWS or emulator error.
      """,
    version: "0.1.0",
    subcommands: [
      SynthCommand.self, DiffCommand.self, IAMCommand.self, GraphCommand.self, FmtCommand.self,
      BootstrapCommand.self, DeployCommand.self, DestroyCommand.self, LocalCommand.self,
    ]
  )

  public init() {}

  /// Parses `arguments`, runs the command and returns the process's exit code, writing
  /// diagnostics to standard error as one line each.
  public static func run(arguments: [String]) -> Int32 {
    do {
      var command = try parseAsRoot(arguments)
      try command.run()
      return 0
    } catch let error as FacestackError {
      Console.error(error.message)
      return error.exitCode
    } catch {
      let code = exitCode(for: error)
      if code == .success {
        let message = fullMessage(for: error)
        if !message.isEmpty { Console.out(message) }
        return 0
      }
      // argument-parser reports usage errors as EX_USAGE (64) with the whole usage text;
      // facestack's contract is one line and exit 2.
      if code == .validationFailure {
        let message = self.message(for: error).split(separator: "\n").first.map(String.init) ?? ""
        Console.error(message.lowercasedFirst + " (see 'facestack help')")
        return 2
      }
      let message = self.message(for: error)
      if !message.isEmpty { Console.error(message) }
      return code.rawValue
    }
  }
}

/// An error the CLI reports as one line, with the exit code DESIGN.md assigns to its kind.
public struct FacestackError: Error, CustomStringConvertible {
  /// The one-line message, without the `error: ` prefix.
  public var message: String
  /// The process exit code.
  public var exitCode: Int32

  /// A usage or input error (exit 2).
  public static func input(_ message: String) -> FacestackError {
    FacestackError(message: message, exitCode: 2)
  }
  /// An AWS or emulator error (exit 3).
  public static func aws(_ message: String) -> FacestackError {
    FacestackError(message: message, exitCode: 3)
  }
  /// A reported outcome that fails the run (exit 1): changes with `--check`, findings, a refusal.
  public static func failed(_ message: String) -> FacestackError {
    FacestackError(message: message, exitCode: 1)
  }

  public var description: String { message }
}

/// The CLI's only way to the terminal: human output on stdout, diagnostics on stderr.
enum Console {
  static func out(_ text: String, terminator: String = "\n") {
    FileHandle.standardOutput.write(Data((text + terminator).utf8))
  }

  static func error(_ text: String) {
    FileHandle.standardError.write(Data(("error: " + text + "\n").utf8))
  }

  static func diagnostic(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }
}

extension String {
  /// This text with a lowercase first letter, for argument-parser's capitalized messages.
  var lowercasedFirst: String {
    guard let first else { return self }
    return first.lowercased() + dropFirst()
  }
}
