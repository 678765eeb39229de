import CloudFormation

/// One value that differs: its path, the old and the new value (nil when absent), and what the
/// change does to the resource.
///
/// ```swift
/// // Properties.TableName: "results-dev" → "results-prod" (requires replacement)
/// PropertyChange(path: PropertyPath([.key("Properties"), .key("TableName")]),
///                old: "results-dev", new: "results-prod", replacement: .always)
/// ```
public struct PropertyChange: Hashable, Sendable {
  /// Where the value is.
  public var path: PropertyPath
  /// The value before, or nil when it was added.
  public var old: Value?
  /// The value after, or nil when it was removed.
  public var new: Value?
  /// What the change does to the resource (`.never` outside resources' properties).
  public var replacement: ReplacementRule

  /// A change at `path`.
  public init(path: PropertyPath, old: Value?, new: Value?, replacement: ReplacementRule = .never) {
    self.path = path
    self.old = old
    self.new = new
    self.replacement = replacement
  }

  /// Whether the value was added, removed or changed.
  public var kind: ChangeKind {
    switch (old, new) {
    case (nil, _): return .added
    case (_, nil): return .removed
    default: return .changed
    }
  }

  /// The same change seen from the other side.
  public var mirrored: PropertyChange {
    PropertyChange(path: path, old: new, new: old, replacement: replacement)
  }
}

/// Whether something was added, removed or changed.
public enum ChangeKind: String, Codable, Hashable, Sendable {
  case added
  case removed
  case changed
}

/// A parameter, mapping, condition, output or top-level template entry that differs.
public struct EntryChange: Hashable, Sendable {
  /// The entry's name (`Parameters` → the parameter's logical name; `Description`, ...).
  public var name: String
  /// Added, removed or changed.
  public var kind: ChangeKind
  /// The values that differ, with paths relative to the entry.
  public var changes: [PropertyChange]

  /// An entry change.
  public init(name: String, kind: ChangeKind, changes: [PropertyChange]) {
    self.name = name
    self.kind = kind
    self.changes = changes
  }
}
