import Foundation

/// How the files on disk differ from a fresh synth, and writing the difference.
enum OutputDiff {
  /// One file that would change.
  struct Change: CustomStringConvertible {
    enum Kind: String { case added = "new", changed = "changed", removed = "stale" }
    var kind: Kind
    var path: String
    var description: String { "\(kind.rawValue): \(path)" }
  }

  /// Files of `expected` that are missing or different under `root`, and files in the owned
  /// folders that synthesis no longer produces.
  static func compare(
    _ expected: [String: String], in root: URL, owning folders: [(folder: String, suffix: String)]
  ) -> [Change] {
    var changes: [Change] = []
    for (path, contents) in expected.sorted(by: { $0.key < $1.key }) {
      let url = root.appendingPathComponent(path)
      guard let existing = FileManager.default.contents(atPath: url.path) else {
        changes.append(Change(kind: .added, path: path))
        continue
      }
      if existing != Data(contents.utf8) { changes.append(Change(kind: .changed, path: path)) }
    }
    for (folder, suffix) in folders {
      let files =
        (try? FileManager.default.contentsOfDirectory(
          atPath: root.appendingPathComponent(folder).path)) ?? []
      for file in files.sorted() where !file.hasPrefix(".") && file.hasSuffix(suffix) {
        let path = "\(folder)/\(file)"
        if expected[path] == nil { changes.append(Change(kind: .removed, path: path)) }
      }
    }
    return changes
  }

  /// Writes new and changed files atomically and removes stale ones.
  static func apply(_ changes: [Change], files: [String: String], in root: URL) throws {
    for change in changes {
      let path = root.appendingPathComponent(change.path).path
      switch change.kind {
      case .added, .changed: try FileOutput.writeAtomically(files[change.path] ?? "", to: path)
      case .removed: try? FileManager.default.removeItem(atPath: path)
      }
    }
  }
}
