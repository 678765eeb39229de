/// A line diff of two texts (a script in `UserData`, an SQL query, a long string): the changed
/// line ranges, and hunks with context in the form of `diff -u`.
///
/// ```swift
/// let diff = TextDiff(old: "a\nb\nc\n", new: "a\nB\nc\n")
/// diff.changes     // [old 2 (1 line) → new 2 (1 line)]
/// diff.hunks[0].header   // "@@ -1,3 +1,3 @@"
/// TextDiff.of(change)    // nil unless both sides are strings and one is multi-line or long
/// ```
///
/// Lines are numbered from 1. As in `diff -u`, a range of no lines starts at the line before it
/// (0 at the top). When one text ends with a line break and the other does not, their last
/// lines differ and the one without is marked (`\ no newline at end`).
public struct TextDiff: Hashable, Sendable {
  /// One line of a hunk.
  public struct Line: Hashable, Sendable {
    /// Context, removed or added.
    public var kind: Kind
    /// The line's text, without its line break.
    public var text: String
    /// Whether the text ends here without a line break (`\ No newline at end`).
    public var missingNewline: Bool

    /// How a line takes part in the change.
    public enum Kind: String, Hashable, Sendable {
      case context
      case removed
      case added
    }
  }

  /// A run of lines on each side.
  public struct Range: Hashable, Sendable {
    /// The first line (1-based), or the line before an empty range.
    public var start: Int
    /// How many lines.
    public var count: Int
  }

  /// Consecutive changed lines: what was replaced, and by what.
  public struct Change: Hashable, Sendable {
    /// The lines removed from the old text.
    public var old: Range
    /// The lines added in the new text.
    public var new: Range
  }

  /// Changes with their context, as `diff -u` prints them.
  public struct Hunk: Hashable, Sendable {
    /// The old lines the hunk covers.
    public var old: Range
    /// The new lines the hunk covers.
    public var new: Range
    /// Context, removed and added lines in order.
    public var lines: [Line]

    /// `@@ -3,7 +3,8 @@` (a count of 1 is left out, as `diff -u` does).
    public var header: String {
      func range(_ range: Range) -> String {
        range.count == 1 ? "\(range.start)" : "\(range.start),\(range.count)"
      }
      return "@@ -\(range(old)) +\(range(new)) @@"
    }
  }

  /// How many lines the old text has.
  public var oldLineCount: Int
  /// How many lines the new text has.
  public var newLineCount: Int
  /// The changed line ranges, in order.
  public var changes: [Change]
  /// The changes with up to `context` unchanged lines around each, in order.
  public var hunks: [Hunk]

  /// `text changed (-1 +2 lines)`: how many lines were removed and added.
  public var summary: String {
    let removed = changes.reduce(0) { $0 + $1.old.count }
    let added = changes.reduce(0) { $0 + $1.new.count }
    return "text changed (-\(removed) +\(added) line\(removed + added == 1 ? "" : "s"))"
  }

  /// Strings longer than this (in characters) are texts even on one line.
  public static let inlineLimit = 120

  /// Whether `string` is shown as lines rather than inline: it has a line break or is longer
  /// than ``inlineLimit``.
  public static func isText(_ string: String) -> Bool {
    string.utf8.contains(UInt8(ascii: "\n")) || string.count > inlineLimit
  }

  /// The line diff of a change between two strings of which one is a text; nil otherwise.
  /// With `names`, lines that differ only by the environments' name prefixes are unchanged, as
  /// the report that normalizes names says.
  public static func of(_ change: PropertyChange, names: NamePrefixes? = nil) -> TextDiff? {
    guard case .string(let old)? = change.old, case .string(let new)? = change.new,
      isText(old) || isText(new)
    else { return nil }
    return TextDiff(old: old, new: new, names: names)
  }

  /// The diff of `old` → `new`, with `context` unchanged lines around each change; with
  /// `names`, lines equal once the name prefixes are folded are unchanged (shown as the new
  /// text has them).
  public init(old: String, new: String, context: Int = 3, names: NamePrefixes? = nil) {
    // The missing final line break only matters, and is only shown, when one side has it.
    let marksBreaks = old.hasSuffix("\n") != new.hasSuffix("\n")
    let before = Self.lines(old, marked: marksBreaks)
    let after = Self.lines(new, marked: marksBreaks)
    oldLineCount = before.count
    newLineCount = after.count
    func keys(_ lines: [TextLine], prefix: String?) -> [String] {
      guard let prefix else { return lines.map(\.key) }
      return lines.map { NameNormalizer.fold($0.key, prefix: prefix) }
    }
    let operations = Self.operations(
      keys(before, prefix: names?.from), keys(after, prefix: names?.to))
    changes = Self.changes(operations)
    hunks = Self.hunks(operations, before, after, context: context)
  }

}

extension TextDiff.Line {
  fileprivate init(_ kind: Kind, _ line: TextDiff.TextLine) {
    self.init(kind: kind, text: line.text, missingNewline: line.missingNewline)
  }
}

extension TextDiff {
  /// A line and the key it is compared by (its text, marked when no line break follows it).
  fileprivate struct TextLine {
    var text: String
    var missingNewline: Bool
    var key: String { missingNewline ? text + "\u{0}" : text }
  }

  private static func lines(_ text: String, marked: Bool) -> [TextLine] {
    guard !text.isEmpty else { return [] }
    var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let endsWithBreak = text.hasSuffix("\n")
    if endsWithBreak { parts.removeLast() }
    return parts.enumerated().map { index, part in
      TextLine(text: part, missingNewline: marked && !endsWithBreak && index == parts.count - 1)
    }
  }

  /// One step of the edit script: keep a line of both, remove an old one, or add a new one.
  private enum Operation: Equatable {
    case keep(Int, Int)
    case remove(Int)
    case add(Int)
  }

  /// The edit script: common prefix and suffix first, then the shortest edit script of the
  /// middle (when it takes at most 2,000 edits; otherwise the whole middle is replaced, still
  /// shown in full). Within a gap, removals come before additions.
  private static func operations(_ old: [String], _ new: [String]) -> [Operation] {
    var prefix = 0
    while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < old.count - prefix, suffix < new.count - prefix,
      old[old.count - 1 - suffix] == new[new.count - 1 - suffix]
    {
      suffix += 1
    }
    let oldMiddle = Array(old[prefix..<(old.count - suffix)])
    let newMiddle = Array(new[prefix..<(new.count - suffix)])
    var anchors = (ShortestEditScript.pairs(oldMiddle, newMiddle, maxEdits: 2_000) ?? []).map {
      ($0.0 + prefix, $0.1 + prefix)
    }
    anchors.append((old.count - suffix, new.count - suffix))
    var result: [Operation] = (0..<prefix).map { .keep($0, $0) }
    var oldIndex = prefix
    var newIndex = prefix
    for (oldAnchor, newAnchor) in anchors {
      result += (oldIndex..<oldAnchor).map { .remove($0) }
      result += (newIndex..<newAnchor).map { .add($0) }
      if oldAnchor < old.count - suffix { result.append(.keep(oldAnchor, newAnchor)) }
      oldIndex = oldAnchor + 1
      newIndex = newAnchor + 1
    }
    let tail = old.count - suffix
    result += (0..<suffix).map { .keep(tail + $0, new.count - suffix + $0) }
    return result
  }

  /// The maximal runs of removals and additions, as line ranges.
  private static func changes(_ operations: [Operation]) -> [Change] {
    var result: [Change] = []
    var oldLine = 0
    var newLine = 0
    var current: Change?
    for operation in operations {
      switch operation {
      case .keep:
        if let change = current { result.append(change) }
        current = nil
        oldLine += 1
        newLine += 1
      case .remove:
        var change =
          current
          ?? Change(old: Range(start: oldLine, count: 0), new: Range(start: newLine, count: 0))
        if change.old.count == 0 { change.old.start = oldLine + 1 }
        change.old.count += 1
        current = change
        oldLine += 1
      case .add:
        var change =
          current
          ?? Change(old: Range(start: oldLine, count: 0), new: Range(start: newLine, count: 0))
        if change.new.count == 0 { change.new.start = newLine + 1 }
        change.new.count += 1
        current = change
        newLine += 1
      }
    }
    if let change = current { result.append(change) }
    return result
  }

  /// The operations grouped into hunks: each change with `context` kept lines around it, hunks
  /// whose context would touch merged into one.
  private static func hunks(
    _ operations: [Operation], _ old: [TextLine], _ new: [TextLine], context: Int
  ) -> [Hunk] {
    let changed = operations.indices.filter {
      if case .keep = operations[$0] { return false }
      return true
    }
    guard let first = changed.first else { return [] }
    var groups: [(Int, Int)] = []
    var start = first
    var end = first
    for index in changed.dropFirst() {
      if index - end > 2 * context {
        groups.append((start, end))
        start = index
      }
      end = index
    }
    groups.append((start, end))
    return groups.map { group in
      let from = max(0, group.0 - context)
      let to = min(operations.count - 1, group.1 + context)
      var lines: [Line] = []
      var oldRange: Range?
      var newRange: Range?
      var oldCount = 0
      var newCount = 0
      for operation in operations[from...to] {
        switch operation {
        case .keep(let oldIndex, let newIndex):
          lines.append(Line(.context, new[newIndex]))
          oldRange = oldRange ?? Range(start: oldIndex + 1, count: 0)
          newRange = newRange ?? Range(start: newIndex + 1, count: 0)
          oldCount += 1
          newCount += 1
        case .remove(let oldIndex):
          lines.append(Line(.removed, old[oldIndex]))
          oldRange = oldRange ?? Range(start: oldIndex + 1, count: 0)
          oldCount += 1
        case .add(let newIndex):
          lines.append(Line(.added, new[newIndex]))
          newRange = newRange ?? Range(start: newIndex + 1, count: 0)
          newCount += 1
        }
      }
      let oldStart =
        oldCount == 0 ? Self.lineBefore(operations, from, old: true) : (oldRange?.start ?? 0)
      let newStart =
        newCount == 0 ? Self.lineBefore(operations, from, old: false) : (newRange?.start ?? 0)
      return Hunk(
        old: Range(start: oldStart, count: oldCount), new: Range(start: newStart, count: newCount),
        lines: lines)
    }
  }

  /// The number of the last line of one side before operation `index` (0 at the top).
  private static func lineBefore(_ operations: [Operation], _ index: Int, old: Bool) -> Int {
    var line = 0
    for operation in operations[..<index] {
      switch operation {
      case .keep: line += 1
      case .remove: if old { line += 1 }
      case .add: if !old { line += 1 }
      }
    }
    return line
  }
}
