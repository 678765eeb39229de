import CloudFormation
import Foundation

/// A template as committed at a git revision: `git show REF:PATH`.
///
/// ```swift
/// // The committed prod template on main, for `facestack diff --env prod --base main`.
/// let base = GitRevisionTemplateSource(environment: "prod", revision: "main")
/// let template = try base.load()
/// ```
public struct GitRevisionTemplateSource: TemplateSource {
  /// A branch, tag, commit or any revision git understands (`main`, `HEAD~1`, `v1.2`).
  public var revision: String
  /// The file's path from the repository's root.
  public var path: String
  /// A folder inside the repository's working tree.
  public var repository: String

  /// `path` at `revision` in the repository that contains `repository`.
  public init(revision: String, path: String, repository: String = ".") {
    self.revision = revision
    self.path = path
    self.repository = repository
  }

  /// An environment's committed template, `templates/<environment>/FaceRecognition.yaml`.
  public init(
    environment: String, revision: String, repository: String = ".",
    stack: String = "FaceRecognition"
  ) {
    self.init(
      revision: revision, path: "templates/\(environment)/\(stack).yaml", repository: repository)
  }

  public var label: String { "\(revision):\(path)" }

  public func load() throws -> Template {
    let inside = try git(["rev-parse", "--is-inside-work-tree"])
    guard inside.status == 0 else {
      throw TemplateSourceError("\(repository): not a git repository")
    }
    guard !revision.hasPrefix("-"),
      try git(["rev-parse", "--verify", "--quiet", "\(revision)^{commit}"]).status == 0
    else {
      throw TemplateSourceError("unknown git revision '\(revision)' in \(repository)")
    }
    let shown = try git(["show", "\(revision):\(path)"])
    guard shown.status == 0 else {
      throw TemplateSourceError("\(path) does not exist at git revision '\(revision)'")
    }
    return try TemplateSourceError.reading { try TemplateReader.read(shown.output, file: label) }
  }

  /// Runs git in `repository`; the exit status and standard output.
  private func git(_ arguments: [String]) throws -> (status: Int32, output: [UInt8]) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-C", repository] + arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw TemplateSourceError("cannot run git: \(error.localizedDescription)")
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    if process.terminationStatus == 127 {
      throw TemplateSourceError("cannot run git: not found on PATH")
    }
    return (process.terminationStatus, Array(data))
  }
}
