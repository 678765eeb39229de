import Testing

@testable import StackDiff

/// Line diffs in the form of `diff -u`.
@Suite struct TextDiffTests {
  /// The hunks as `diff -u` prints them.
  func unified(_ diff: TextDiff) -> String {
    diff.hunks.map { hunk in
      ([hunk.header]
        + hunk.lines.map { line in
          let mark = line.kind == .context ? " " : line.kind == .removed ? "-" : "+"
          return mark + line.text + (line.missingNewline ? "\n\\ no newline at end" : "")
        }).joined(separator: "\n")
    }.joined(separator: "\n")
  }

  func numbered(_ range: ClosedRange<Int>) -> String {
    range.map { "line \($0)\n" }.joined()
  }

  @Test func oneChangedLineHasThreeLinesOfContext() {
    let old = numbered(1...10)
    let new = old.replacingOccurrences(of: "line 5\n", with: "line five\n")
    let diff = TextDiff(old: old, new: new)
    #expect(
      unified(diff)
        == "@@ -2,7 +2,7 @@\n line 2\n line 3\n line 4\n-line 5\n+line five\n line 6\n line 7\n line 8"
    )
    #expect(diff.changes == [.init(old: .init(start: 5, count: 1), new: .init(start: 5, count: 1))])
    #expect(diff.oldLineCount == 10 && diff.newLineCount == 10)
    #expect(diff.summary == "text changed (-1 +1 lines)")
  }

  @Test func distantChangesAreSeparateHunksAndCloseOnesMerge() {
    let old = numbered(1...30)
    let far = old.replacingOccurrences(of: "line 3\n", with: "x\n")
      .replacingOccurrences(of: "line 20\n", with: "y\n")
    #expect(
      TextDiff(old: old, new: far).hunks.map(\.header) == ["@@ -1,6 +1,6 @@", "@@ -17,7 +17,7 @@"])
    let near = old.replacingOccurrences(of: "line 3\n", with: "x\n")
      .replacingOccurrences(of: "line 9\n", with: "y\n")
    #expect(TextDiff(old: old, new: near).hunks.map(\.header) == ["@@ -1,12 +1,12 @@"])
  }

  @Test func insertionsAndDeletionsUseTheLineBeforeForEmptyRanges() {
    let inserted = TextDiff(old: "a\nb\n", new: "new\na\nb\n")
    #expect(
      inserted.changes == [.init(old: .init(start: 0, count: 0), new: .init(start: 1, count: 1))])
    #expect(inserted.hunks.map(\.header) == ["@@ -1,2 +1,3 @@"])
    let deleted = TextDiff(old: "a\nb\nc\n", new: "a\nb\n")
    #expect(
      deleted.changes == [.init(old: .init(start: 3, count: 1), new: .init(start: 2, count: 0))])
    #expect(unified(deleted) == "@@ -1,3 +1,2 @@\n a\n b\n-c")
    let fromNothing = TextDiff(old: "", new: "a\nb")
    #expect(fromNothing.hunks.map(\.header) == ["@@ -0,0 +1,2 @@"])
  }

  @Test func aMissingFinalLineBreakIsShownOnlyWhenTheSidesDisagree() {
    #expect(unified(TextDiff(old: "a\nb", new: "a\nc")) == "@@ -1,2 +1,2 @@\n a\n-b\n+c")
    #expect(
      unified(TextDiff(old: "a\nb", new: "a\nb\n"))
        == "@@ -1,2 +1,2 @@\n a\n-b\n\\ no newline at end\n+b")
  }

  @Test func onlyStringsThatAreTextsGetALineDiff() {
    let short = PropertyChange(path: PropertyPath(), old: "a", new: "b")
    #expect(TextDiff.of(short) == nil)
    let multiLine = PropertyChange(path: PropertyPath(), old: "a\nb", new: "a\nc")
    #expect(TextDiff.of(multiLine) != nil)
    let long = PropertyChange(
      path: PropertyPath(), old: .string(String(repeating: "x", count: 121)), new: "y")
    #expect(TextDiff.of(long) != nil)
    let notStrings = PropertyChange(path: PropertyPath(), old: "a\nb", new: 1)
    #expect(TextDiff.of(notStrings) == nil)
  }

  @Test func theShortestEditScriptKeepsAsManyLinesAsTheLongestCommonSubsequence() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<300 {
      let old = (0..<Int.random(in: 0...12, using: &generator)).map { _ in
        ["a", "b", "c", "d"].randomElement(using: &generator) ?? "a"
      }
      let new = (0..<Int.random(in: 0...12, using: &generator)).map { _ in
        ["a", "b", "c", "d"].randomElement(using: &generator) ?? "a"
      }
      let pairs = ShortestEditScript.pairs(old, new, maxEdits: 100) ?? []
      #expect(pairs.count == LongestCommonSubsequence.pairs(old, new).count, "\(old) \(new)")
      #expect(pairs.allSatisfy { old[$0.0] == new[$0.1] }, "\(old) \(new)")
      #expect(zip(pairs, pairs.dropFirst()).allSatisfy { $0.0 < $1.0 && $0.1 < $1.1 })
    }
    #expect(ShortestEditScript.pairs(["a", "b"], ["c", "d"], maxEdits: 3) == nil)
  }

  @Test func aLargeTextWithAFewChangesIsQuick() {
    let old = numbered(1...50_000)
    let new = old.replacingOccurrences(of: "line 25000\n", with: "changed\n") + "tail\n"
    let diff = TextDiff(old: old, new: new)
    #expect(diff.changes.count == 2)
    #expect(diff.changes[0].old == .init(start: 25_000, count: 1))
    #expect(diff.changes[1].new == .init(start: 50_001, count: 1))
  }
}
