import Foundation

/// The executables built and installed together with facestack: `facestack-cloud` (the commands
/// that talk to AWS and the local cloud) and `facestack-local` (the local cloud's servers).
public enum SiblingExecutable {
  /// The path of `name` beside the running executable (the build folder, or wherever the two
  /// were installed; symbolic links followed); with `searchingPath`, else `name` itself when it
  /// is on `PATH`; nil when not found.
  ///
  /// `facestack-cloud` is never looked up on `PATH`: another installed version would run with
  /// a different stack compiled in.
  public static func path(_ name: String, searchingPath: Bool = false) -> String? {
    var candidates: [URL] = []
    if let running = Bundle.main.executableURL { candidates.append(running) }
    // argv[0] only as a path: a bare name was found on PATH, and resolving it against the
    // working directory would pick whatever file of that name is there.
    if CommandLine.arguments[0].contains("/") {
      candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]))
    }
    for running in candidates {
      let beside = running.resolvingSymlinksInPath().deletingLastPathComponent()
        .appendingPathComponent(name).path
      if FileManager.default.isExecutableFile(atPath: beside) { return beside }
    }
    return searchingPath && ProcessRunner.isAvailable(name) ? name : nil
  }

  /// Whether `sibling` was written more than `slack` seconds before the running executable:
  /// built by an earlier build than this one (`swift run facestack` builds only `facestack`),
  /// so it may hold older code. False when either cannot be read.
  public static func isOlder(_ sibling: String, slack: TimeInterval = 120) -> Bool {
    guard let running = Bundle.main.executableURL?.path,
      let own = modified(running), let theirs = modified(sibling)
    else { return false }
    return theirs < own - slack
  }

  private static func modified(_ path: String) -> TimeInterval? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return TimeInterval(info.st_mtim.tv_sec) + TimeInterval(info.st_mtim.tv_nsec) / 1e9
  }

  /// Replaces this process with `program` (a path `path(_:)` found) run with `arguments` (its
  /// `argv[0]` is `program`), keeping the process's id, environment, working directory and open
  /// descriptors, as `git` runs `git-<command>`. Returns only when that cannot happen, with a
  /// one-line reason.
  public static func exec(_ program: String, arguments: [String]) -> String {
    let argv = ([program] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    execv(program, argv)
    return "cannot run \(program): \(String(cString: strerror(errno)))"
  }
}
