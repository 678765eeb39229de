/// Puts attached comments into YAML that the writer emitted: each above or at the end of the
/// line where its node starts in the new text.
///
/// A comment whose node the new text no longer has (the items of `Fn::GetAtt: [A, B]`, now
/// written `!GetAtt A.B`) goes above the nearest node that remains; a second trailing comment for
/// one line goes above it, since a line holds one.
struct CommentWriter {
  let starts: NodeStarts

  func insert(_ comments: [AttachedComment], into text: String) -> String {
    guard !comments.isEmpty else { return text }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    let marks = starts.firstMarks
    var header: [String] = []
    var footer: [String] = []
    var above: [Int: [String]] = [:]
    var trailing: [Int: String] = [:]
    for comment in comments {
      let target: (line: Int, exact: Bool)?
      switch comment.placement {
      case .header:
        header.append(comment.text)
        continue
      case .footer:
        target = nil
      case .above(let path), .trailing(let path):
        target = Self.resolve(path, in: marks).map { ($0.mark.line - 1, $0.exact) }
      }
      guard let target, target.line < lines.count else {
        if comment.blankLineBefore, !footer.isEmpty || !lines.isEmpty { footer.append("") }
        footer.append(comment.text)
        continue
      }
      if case .trailing = comment.placement, target.exact, trailing[target.line] == nil {
        trailing[target.line] = comment.text
        continue
      }
      var block = above[target.line] ?? []
      if comment.blankLineBefore, target.line > 0, block.last != "" { block.append("") }
      block.append(Self.indentation(of: lines[target.line]) + comment.text)
      above[target.line] = block
    }
    var output: [String] = []
    if !header.isEmpty { output += header + [""] }
    for (index, line) in lines.enumerated() {
      if let block = above[index] {
        if block.first == "", output.last == "" || output.isEmpty {
          output += block.dropFirst()
        } else {
          output += block
        }
      }
      output.append(trailing[index].map { line + " " + $0 } ?? line)
    }
    output += footer
    return output.joined(separator: "\n") + "\n"
  }

  /// The first position of `path` in the new text, or of its nearest ancestor that has one.
  static func resolve(_ path: NodePath, in marks: [NodePath: SourceMark]) -> (
    mark: SourceMark, exact: Bool
  )? {
    var current: NodePath? = path
    while let candidate = current {
      if let mark = marks[candidate] { return (mark, candidate == path) }
      current = candidate.parent
    }
    return nil
  }

  private static func indentation(of line: String) -> String {
    String(line.prefix { $0 == " " })
  }
}
