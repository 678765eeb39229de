/// A `wildcard` value: `*` matches any run of characters (none included); `\*` is a literal
/// star and `\\` a literal backslash. Two stars in a row and any other escape are invalid,
/// as EventBridge's compiler rules (positions in its messages count from 0).
public struct WildcardPattern: Sendable, Equatable {
  /// The pattern as written.
  public let text: String
  /// The literal runs between stars: `a*b*` is `["a", "b", ""]`.
  private let pieces: [[Unicode.Scalar]]

  /// Compiles `text`; throws the reason EventBridge gives for a bad pattern.
  public init(_ text: String) throws(EventPatternError) {
    var pieces: [[Unicode.Scalar]] = [[]]
    let scalars = Array(text.unicodeScalars)
    var index = 0
    var previousWasStar = false
    while index < scalars.count {
      let scalar = scalars[index]
      if scalar == "\\" {
        guard index + 1 < scalars.count, scalars[index + 1] == "*" || scalars[index + 1] == "\\"
        else { throw EventPatternError("Invalid escape character at pos \(index)") }
        pieces[pieces.count - 1].append(scalars[index + 1])
        index += 2
        previousWasStar = false
        continue
      }
      if scalar == "*" {
        if previousWasStar {
          throw EventPatternError("Consecutive wildcard characters at pos \(index)")
        }
        pieces.append([])
        previousWasStar = true
      } else {
        pieces[pieces.count - 1].append(scalar)
        previousWasStar = false
      }
      index += 1
    }
    self.text = text
    self.pieces = pieces
  }

  /// Whether `value` matches the whole pattern.
  public func matches(_ value: String) -> Bool {
    let scalars = Array(value.unicodeScalars)
    guard let first = pieces.first else { return scalars.isEmpty }
    guard pieces.count > 1 else { return scalars == first }
    guard scalars.count >= first.count, Array(scalars.prefix(first.count)) == first else {
      return false
    }
    guard let last = pieces.last, scalars.count - first.count >= last.count,
      Array(scalars.suffix(last.count)) == last
    else { return false }
    // Middle pieces, leftmost first: greedy placement is enough when every gap is a star.
    var position = first.count
    let end = scalars.count - last.count
    for piece in pieces.dropFirst().dropLast() {
      guard let found = Self.find(piece, in: scalars, from: position, before: end) else {
        return false
      }
      position = found + piece.count
    }
    return position <= end
  }

  private static func find(
    _ piece: [Unicode.Scalar], in scalars: [Unicode.Scalar], from start: Int, before end: Int
  ) -> Int? {
    guard !piece.isEmpty else { return start }
    var position = start
    while position + piece.count <= end {
      if Array(scalars[position..<position + piece.count]) == piece { return position }
      position += 1
    }
    return nil
  }
}
