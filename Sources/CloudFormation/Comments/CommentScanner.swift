import CLibYAML

/// Finds the comments of a YAML text. libyaml's parser reports none, but its scanner reports
/// every token with its extent: what lies between two tokens is only spaces, line breaks and
/// comments, so each `#` found there starts one. A block scalar's header (`| # note`) is the
/// one place inside a token where a comment can be.
enum CommentScanner {
  /// The comments of `bytes` in order; none when the text is not valid YAML (the parser reports
  /// that error).
  static func comments(in bytes: [UInt8]) -> [SourceComment] {
    let text = SourceText(bytes)
    guard text.scalars.contains("#") else { return [] }
    let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    defer { parser.deallocate() }
    guard yaml_parser_initialize(parser) == 1 else { return [] }
    defer { yaml_parser_delete(parser) }
    var comments: [SourceComment] = []
    bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      yaml_parser_set_input_string(parser, base, buffer.count)
      var previousEnd = 0
      while true {
        var token = yaml_token_t()
        guard yaml_parser_scan(parser, &token) == 1 else {
          comments = []
          return
        }
        defer { yaml_token_delete(&token) }
        let start = Int(token.start_mark.index)
        let end = Int(token.end_mark.index)
        comments += text.comments(in: previousEnd..<max(previousEnd, start))
        if token.type == YAML_SCALAR_TOKEN,
          token.data.scalar.style == YAML_LITERAL_SCALAR_STYLE
            || token.data.scalar.style == YAML_FOLDED_SCALAR_STYLE
        {
          comments += text.blockScalarHeaderComment(at: start)
        }
        previousEnd = max(previousEnd, end)
        if token.type == YAML_STREAM_END_TOKEN { break }
      }
      comments += text.comments(in: previousEnd..<text.scalars.count)
    }
    return comments
  }
}

/// The source as libyaml indexes it: Unicode scalars after any byte order mark, with the start of
/// each line.
struct SourceText {
  let scalars: [Unicode.Scalar]
  /// The index of the first scalar of each line.
  let lineStarts: [Int]

  init(_ bytes: [UInt8]) {
    var scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
    if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
    self.scalars = scalars
    var starts = [0]
    var index = 0
    while index < scalars.count {
      let scalar = scalars[index]
      index += 1
      if scalar == "\r", index < scalars.count, scalars[index] == "\n" { index += 1 }
      if SourceText.isBreak(scalar) { starts.append(index) }
    }
    lineStarts = starts
  }

  static func isBreak(_ scalar: Unicode.Scalar) -> Bool {
    ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains(scalar)
  }

  /// The 0-based line of an index.
  func line(of index: Int) -> Int {
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if lineStarts[middle] <= index { low = middle } else { high = middle - 1 }
    }
    return low
  }

  /// Whether a 0-based line holds only spaces and tabs.
  func isBlank(line: Int) -> Bool {
    guard line >= 0, line < lineStarts.count else { return false }
    var index = lineStarts[line]
    while index < scalars.count, !SourceText.isBreak(scalars[index]) {
      if scalars[index] != " " && scalars[index] != "\t" { return false }
      index += 1
    }
    return true
  }

  /// The comments in a stretch of text between tokens.
  func comments(in range: Range<Int>) -> [SourceComment] {
    var result: [SourceComment] = []
    var index = range.lowerBound
    while index < range.upperBound {
      if scalars[index] == "#" {
        let comment = comment(at: index)
        result.append(comment)
        index += comment.text.unicodeScalars.count
      } else {
        index += 1
      }
    }
    return result
  }

  /// The comment after a block scalar's indicators, `|-  # note`, if there is one.
  func blockScalarHeaderComment(at start: Int) -> [SourceComment] {
    var index = start + 1
    while index < scalars.count, "+-0123456789".unicodeScalars.contains(scalars[index]) {
      index += 1
    }
    while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
    guard index < scalars.count, scalars[index] == "#" else { return [] }
    return [comment(at: index)]
  }

  private func comment(at index: Int) -> SourceComment {
    var end = index
    while end < scalars.count, !SourceText.isBreak(scalars[end]) { end += 1 }
    var text = String(String.UnicodeScalarView(scalars[index..<end]))
    while let last = text.unicodeScalars.last, last == " " || last == "\t" {
      text.unicodeScalars.removeLast()
    }
    let line = line(of: index)
    let lineStart = lineStarts[line]
    let isFullLine = scalars[lineStart..<index].allSatisfy { $0 == " " || $0 == "\t" }
    return SourceComment(
      text: text, mark: SourceMark(line: line + 1, column: index - lineStart + 1),
      isFullLine: isFullLine, blankLineBefore: isFullLine && isBlank(line: line - 1))
  }
}
