/// Attaches each comment of a YAML source to a node, by path.
///
/// - A comment after something on its line trails the first node that starts on that line (the
///   outer one when two start at one place: `- Key: a  # note` trails the list item).
/// - A comment on its own line goes above the next node that starts after it; one at the end of
///   the document is a footer.
/// - Comments before the first node that a blank line separates from it are the document's
///   header (a licence, say), which stays first whatever the order of the sections.
/// - A trailing comment on a line where no node starts (`] # end`, `- # note`) goes above the
///   next node, as if it were on its own line.
struct CommentAttacher {
  let starts: [NodeStarts.Start]
  let text: SourceText

  func attach(_ comments: [SourceComment]) -> [AttachedComment] {
    let firstLine = starts.first?.mark.line
    return comments.map { comment in
      let placement: AttachedComment.Placement
      if !comment.isFullLine, let start = firstStart(onLineOf: comment.mark) {
        placement = .trailing(start.path)
      } else if let start = nextStart(after: comment.mark) {
        let isHeader =
          start.mark.line == firstLine
          && (comment.mark.line..<start.mark.line).contains { text.isBlank(line: $0) }
        placement = isHeader ? .header : .above(start.path)
      } else {
        placement = starts.isEmpty ? .header : .footer
      }
      return AttachedComment(
        text: comment.text, placement: placement, blankLineBefore: comment.blankLineBefore)
    }
  }

  /// The first node starting on the comment's line, before it.
  private func firstStart(onLineOf mark: SourceMark) -> NodeStarts.Start? {
    starts.first { $0.mark.line == mark.line && $0.mark.column < mark.column }
  }

  /// The first node starting after the comment.
  private func nextStart(after mark: SourceMark) -> NodeStarts.Start? {
    var low = 0
    var high = starts.count
    while low < high {
      let middle = (low + high) / 2
      let start = starts[middle].mark
      if (start.line, start.column) > (mark.line, mark.column) {
        high = middle
      } else {
        low = middle + 1
      }
    }
    return low < starts.count ? starts[low] : nil
  }
}
