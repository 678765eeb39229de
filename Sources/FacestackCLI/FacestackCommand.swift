import ArgumentParser
import FacestackCore
import Foundation

/// The `facestack` command: synthesize, diff, review and deploy the face-recognition stack.
///
/// Exit codes: 0 success; 1 changes found with `--fail`, findings at or above `--fail-on`, files
/// that `--check` would change, or a refused deploy; 2 usage or input error; 3 an AWS or
/// emulator error; 4 a local tool (python3, pip, git) missing or failing.
///
/// Thin: each command parses its arguments, calls `FacestackCore`, and renders.
public struct FacestackCommand: AsyncParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "facestack",
    abstract: "Describe, review and deploy the face-recognition pipeline as typed code.",
    discussion: """
      Exit codes: 0 success, 1 changes or findings reported (with --check, --fail, --fail-on) or \
      a refused deploy, 2 usage or input error, 3 AWS or emulator error, 4 a local tool \
      (python3, pip, git) missing or failing.
      """,
    version: "0.1.0",
    subcommands: [
      SynthCommand.self, DiffCommand.self, IAMCommand.self, GraphCommand.self, FmtCommand.self,
      BootstrapCommand.self, DeployCommand.self, DestroyCommand.self, StatusCommand.self,
      OutputsCommand.self, EventsCommand.self, LogsCommand.self, DriftCommand.self,
      LocalCommand.self,
    ]
  )

  public init() {}

  /// Parses `arguments`, runs the command and returns the process's exit code, writing
  /// diagnostics to standard error as one line each.
  public static func run(arguments: [String]) async -> Int32 {
    var command: any ParsableCommand
    do {
      command = try parseAsRoot(arguments)
    } catch {
      return report(parsingError: error)
    }
    do {
      if var asyncCommand = command as? any AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
      return 0
    } catch let error as ExitCode {
      return error.rawValue
    } catch  where exitCode(for: error) == .success {
      // `facestack help ...` runs a help command that "throws" the help text.
      return report(parsingError: error)
    } catch {
      let mapped = FacestackError.from(error)
      Console.error(mapped.message)
      return mapped.exitCode
    }
  }

  /// What argument-parser's errors become: help and version on stdout (exit 0), a usage error
  /// as one line (exit 2).
  static func report(parsingError error: any Error) -> Int32 {
    let code = exitCode(for: error)
    if code == .success {
      let message = fullMessage(for: error)
      if !message.isEmpty { Console.out(message) }
      return 0
    }
    // argument-parser reports usage errors as EX_USAGE (64) with the whole usage text;
    // facestack's contract is one line and exit 2.
    let message = self.message(for: error).split(separator: "\n").first.map(String.init) ?? ""
    Console.error(message.lowercasedFirst + " (see 'facestack help')")
    return 2
  }
}

/// The CLI's only way to the terminal: human output on stdout, diagnostics on stderr.
enum Console {
  static func out(_ text: String, terminator: String = "\n") {
    if !write(text + terminator, to: STDOUT_FILENO) {
      // The reader went away (`facestack events | head`): stop quietly, as `cat` does.
      exit(0)
    }
  }

  static func error(_ text: String) {
    _ = write("error: " + text + "\n", to: STDERR_FILENO)
  }

  static func diagnostic(_ text: String) {
    _ = write(text + "\n", to: STDERR_FILENO)
  }

  /// Writes all of `text` to `descriptor`; false when the descriptor refuses it. The string's
  /// own bytes go to `write(2)`: `FileHandle.write(Data(text.utf8))` copied them into `Data`,
  /// whose generic initializer casts them to `ContiguousBytes`, a scan of every protocol
  /// conformance in the process the first time.
  static func write(_ text: String, to descriptor: Int32) -> Bool {
    var text = text
    return text.withUTF8 { bytes in
      guard var next = bytes.baseAddress else { return true }
      var left = bytes.count
      while left > 0 {
        let written = Foundation.write(descriptor, next, left)
        if written < 0 {
          if errno == EINTR { continue }
          return false
        }
        next += written
        left -= written
      }
      return true
    }
  }
}

extension String {
  /// This text with a lowercase first letter, for argument-parser's capitalized messages.
  var lowercasedFirst: String {
    guard let first else { return self }
    return first.lowercased() + dropFirst()
  }
}
