import Foundation

/// The git commands facestack needs, on one repository: whether a revision exists, a file at a
/// revision, the files of a folder at a revision.
///
/// ```swift
/// let git = Git(repository: root)
/// let bytes = try git.file("templates/dev/FaceRecognition.yaml", at: "main")  // nil: not there
/// ```
public struct Git: Sendable {
  /// A folder inside the repository's working tree.
  public var repository: URL

  /// Git on the repository containing `repository`.
  public init(repository: URL) { self.repository = repository }

  /// Whether the folder is inside a git working tree.
  public func isRepository() throws -> Bool {
    try run(["rev-parse", "--is-inside-work-tree"]).succeeded
  }

  /// Whether `revision` names a commit (`main`, `HEAD~1`, a tag, a hash).
  public func hasRevision(_ revision: String) throws -> Bool {
    guard !revision.hasPrefix("-") else { return false }
    return try run(["rev-parse", "--verify", "--quiet", "\(revision)^{commit}"]).succeeded
  }

  /// The bytes of `path` (from the repository's root) at `revision`; `nil` when it did not
  /// exist then. Throws ``GitError/unknownRevision(_:)`` for a revision that does not exist.
  public func file(_ path: String, at revision: String) throws -> [UInt8]? {
    guard try hasRevision(revision) else { throw GitError.unknownRevision(revision) }
    let shown = try run(["show", "\(revision):./\(path)"], relativeToRoot: true)
    return shown.succeeded ? shown.standardOutput : nil
  }

  /// The names of the files directly in `folder` (from the repository's root) at `revision`;
  /// empty when the folder did not exist then.
  public func files(in folder: String, at revision: String) throws -> [String] {
    guard try hasRevision(revision) else { throw GitError.unknownRevision(revision) }
    let listing = try run(
      ["ls-tree", "--name-only", "\(revision):./\(folder)"], relativeToRoot: true)
    guard listing.succeeded else { return [] }
    return listing.output.split(separator: "\n").map(String.init)
  }

  private func run(_ arguments: [String], relativeToRoot: Bool = false) throws -> ProcessResult {
    var directory = repository
    if relativeToRoot {
      let top = try ProcessRunner.run([
        "git", "-C", repository.path, "rev-parse", "--show-toplevel",
      ])
      guard top.succeeded else { throw GitError.notARepository(repository.path) }
      directory = URL(fileURLWithPath: top.output.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    return try ProcessRunner.run(["git", "-C", directory.path] + arguments)
  }
}

/// A git question that cannot be answered.
public enum GitError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The revision names no commit.
  case unknownRevision(String)
  /// The folder is not inside a git working tree.
  case notARepository(String)

  public var description: String {
    switch self {
    case .unknownRevision(let revision): return "unknown git revision '\(revision)'"
    case .notARepository(let folder): return "\(folder): not a git repository"
    }
  }
}
