import Foundation

/// The executables built and installed together with facestack: `facestack-cloud` (the commands
/// that talk to AWS and the local cloud) and `facestack-local` (the local cloud's servers).
public enum SiblingExecutable {
  /// The path of `name`: beside the running executable (the build folder, or wherever the two
  /// were installed; symbolic links followed), else found on `PATH` (the name itself); nil when
  /// neither has it.
  public static func path(_ name: String) -> String? {
    var candidates: [URL] = []
    if let running = Bundle.main.executableURL { candidates.append(running) }
    candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]))
    for running in candidates {
      let beside = running.resolvingSymlinksInPath().deletingLastPathComponent()
        .appendingPathComponent(name).path
      if FileManager.default.isExecutableFile(atPath: beside) { return beside }
    }
    return ProcessRunner.isAvailable(name) ? name : nil
  }

  /// Replaces this process with `name` run with `arguments` (its `argv[0]` is the path found),
  /// keeping the process's id, environment, working directory and open descriptors, as `git`
  /// runs `git-<command>`. Returns only when that cannot happen, with a one-line reason.
  public static func exec(_ name: String, arguments: [String]) -> String {
    guard let program = path(name) else {
      return "\(name) is not built: run 'swift build' (it is built with facestack)"
    }
    let argv = ([program] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    if program.contains("/") {
      execv(program, argv)
    } else {
      execvp(program, argv)
    }
    return "cannot run \(program): \(String(cString: strerror(errno)))"
  }
}
