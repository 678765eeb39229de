import Foundation

/// How the files on disk differ from a fresh synth, and writing the difference.
public enum OutputDiff {
  /// One file that would change.
  public struct Change: Sendable, CustomStringConvertible {
    /// New, changed, or no longer produced.
    public enum Kind: String, Sendable {
      case added = "new", changed = "changed", removed = "stale"
    }
    /// How it changes.
    public var kind: Kind
    /// The path, relative to the output folder.
    public var path: String
    public var description: String { "\(kind.rawValue): \(path)" }
  }

  /// Files of `expected` that are missing or different under `root`, and files in the owned
  /// folders that synthesis no longer produces.
  public static func compare(
    _ expected: [String: String], in root: URL, owning folders: [WorkspaceSynthesis.OwnedFolder]
  ) -> [Change] {
    var changes: [Change] = []
    for (path, contents) in expected.sorted(by: { $0.key < $1.key }) {
      let url = root.appendingPathComponent(path)
      guard let existing = FileManager.default.contents(atPath: url.path) else {
        changes.append(Change(kind: .added, path: path))
        continue
      }
      if !same(existing, contents) {
        changes.append(Change(kind: .changed, path: path))
      }
    }
    for owned in folders {
      let files =
        (try? FileManager.default.contentsOfDirectory(
          atPath: root.appendingPathComponent(owned.folder).path)) ?? []
      for file in files.sorted() where !file.hasPrefix(".") && file.hasSuffix(owned.suffix) {
        let path = "\(owned.folder)/\(file)"
        if expected[path] == nil { changes.append(Change(kind: .removed, path: path)) }
      }
    }
    return changes
  }

  /// Whether a file's bytes are a text's UTF-8, compared with `memcmp`: `elementsEqual` walked
  /// `Data` through its generic iterator a byte at a time, 1 % of a synth (issue 20).
  static func same(_ data: Data, _ text: String) -> Bool {
    var text = text
    return text.withUTF8 { utf8 in
      data.withUnsafeBytes { bytes in
        guard bytes.count == utf8.count else { return false }
        guard let left = bytes.baseAddress, let right = utf8.baseAddress else { return true }
        return memcmp(left, right, utf8.count) == 0
      }
    }
  }

  /// Writes new and changed files atomically and removes stale ones.
  public static func apply(_ changes: [Change], files: [String: String], in root: URL) throws {
    for change in changes {
      let path = root.appendingPathComponent(change.path).path
      switch change.kind {
      case .added, .changed: try FileIO.writeAtomically(files[change.path] ?? "", to: path)
      case .removed:
        do {
          try FileManager.default.removeItem(atPath: path)
        } catch {
          throw FacestackError.input("\(path): cannot remove the stale file: \(error)")
        }
      }
    }
  }
}
