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
///
/// This root holds the offline commands (synth, diff, iam, graph, fmt), and the `facestack`
/// executable links only them. Every other command talks to AWS or the local cloud and lives in
/// `facestack-cloud` (FacestackCloudCLI's `FacestackCloudCommand`, whose root holds every
/// command), which `facestack` runs in its place: see `runsHere(_:)` and Processes'
/// `SiblingExecutable`.
public struct FacestackCommand: AsyncParsableCommand {
  public static let configuration = rootConfiguration(subcommands: offlineCommands)

  /// The commands this executable runs itself; they link nothing that talks to AWS.
  package static let offlineCommands: [any ParsableCommand.Type] = [
    SynthCommand.self, DiffCommand.self, IAMCommand.self, GraphCommand.self, FmtCommand.self,
  ]

  /// The root's configuration, with `subcommands`: the same name, text and version for both
  /// executables.
  package static func rootConfiguration(
    subcommands: [any ParsableCommand.Type]
  ) -> CommandConfiguration {
    CommandConfiguration(
      commandName: "facestack",
      abstract: "Describe, review and deploy the face-recognition pipeline as typed code.",
      discussion: """
        Exit codes: 0 success, 1 changes or findings reported (with --check, --fail, --fail-on) or \
        a refused deploy, 2 usage or input error, 3 AWS or emulator error, 4 a local tool \
        (python3, pip, git) missing or failing.
        """,
      version: "0.1.0",
      subcommands: subcommands
    )
  }

  public init() {}

  /// Whether this executable runs `arguments` itself: an offline command (but not `diff
  /// --deployed`, which reads a deployed stack) or `--version`. Everything else, help and
  /// usage errors included, is `facestack-cloud`'s, whose root knows every command.
  public static func runsHere(_ arguments: [String]) -> Bool {
    guard let first = arguments.first else { return false }
    if first == "--version" { return arguments.count == 1 }
    guard offlineCommands.contains(where: { $0._commandName == first }) else { return false }
    let options = arguments.prefix { $0 != "--" }
    return !(first == DiffCommand._commandName && options.contains("--deployed"))
  }

  /// Parses `arguments` with this root, runs the command and returns the process's exit code,
  /// writing diagnostics to standard error as one line each.
  public static func run(arguments: [String]) async -> Int32 {
    await run(FacestackCommand.self, arguments: arguments, errors: FacestackError.from)
  }

  /// Parses `arguments` with `root`, runs the command and returns the exit code; `errors` sorts
  /// what the command throws into one line and an exit code.
  package static func run<Root: ParsableCommand>(
    _ root: Root.Type, arguments: [String],
    errors: (any Error) -> FacestackError
  ) async -> Int32 {
    var command: any ParsableCommand
    do {
      command = try root.parseAsRoot(arguments)
    } catch {
      return report(root, parsingError: error)
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
    } catch  where root.exitCode(for: error) == .success {
      // `facestack help ...` runs a help command that "throws" the help text.
      return report(root, parsingError: error)
    } catch {
      let mapped = errors(error)
      Console.error(mapped.message)
      return mapped.exitCode
    }
  }

  /// What argument-parser's errors become: help and version on stdout (exit 0), a usage error
  /// as one line (exit 2). `root` renders them: help for a command without its own `run` (the
  /// root, `local`) names the command by its place in `root`'s tree, and a completion script
  /// lists `root`'s commands.
  static func report<Root: ParsableCommand>(_ root: Root.Type, parsingError error: any Error)
    -> Int32
  {
    let code = root.exitCode(for: error)
    if code == .success {
      let message = root.fullMessage(for: error)
      if !message.isEmpty { Console.out(message) }
      return 0
    }
    // argument-parser reports usage errors as EX_USAGE (64) with the whole usage text;
    // facestack's contract is one line and exit 2.
    let message = root.message(for: error).split(separator: "\n").first.map(String.init) ?? ""
    Console.error(message.lowercasedFirst + " (see 'facestack help')")
    return 2
  }
}

/// The CLI's only way to the terminal: human output on stdout, diagnostics on stderr.
package enum Console {
  package static func out(_ text: String, terminator: String = "\n") {
    if !write(text + terminator, to: STDOUT_FILENO) {
      // The reader went away (`facestack events | head`): stop quietly, as `cat` does.
      exit(0)
    }
  }

  package static func error(_ text: String) {
    _ = write("error: " + text + "\n", to: STDERR_FILENO)
  }

  package static func diagnostic(_ text: String) {
    _ = write(text + "\n", to: STDERR_FILENO)
  }

  /// Writes all of `text` to `descriptor`; false when the descriptor refuses it. The string's
  /// own bytes go to `write(2)`: `FileHandle.write(Data(text.utf8))` copied them into `Data`,
  /// whose generic initializer casts them to `ContiguousBytes`, a scan of every protocol
  /// conformance in the process the first time.
  package static func write(_ text: String, to descriptor: Int32) -> Bool {
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
  package var lowercasedFirst: String {
    guard let first else { return self }
    return first.lowercased() + dropFirst()
  }
}
