/// A `StringMatches` pattern: `*` matches any run of characters; `\*` is a star and `\\` a
/// backslash; no other character is special.
struct StringPattern {
  private enum Token: Equatable {
    case literal(Character)
    case star
  }

  private let tokens: [Token]

  init(_ pattern: String) {
    var tokens: [Token] = []
    var escaping = false
    for character in pattern {
      if escaping {
        tokens.append(.literal(character))
        escaping = false
      } else if character == "\\" {
        escaping = true
      } else {
        tokens.append(character == "*" ? .star : .literal(character))
      }
    }
    if escaping { tokens.append(.literal("\\")) }
    self.tokens = tokens
  }

  func matches(_ value: String) -> Bool {
    let characters = Array(value)
    // Classic wildcard matching with backtracking to the last star.
    var valueIndex = 0
    var tokenIndex = 0
    var starToken: Int?
    var starValue = 0
    while valueIndex < characters.count {
      if tokenIndex < tokens.count, case .literal(let expected) = tokens[tokenIndex],
        expected == characters[valueIndex]
      {
        valueIndex += 1
        tokenIndex += 1
      } else if tokenIndex < tokens.count, tokens[tokenIndex] == .star {
        starToken = tokenIndex
        starValue = valueIndex
        tokenIndex += 1
      } else if let star = starToken {
        tokenIndex = star + 1
        starValue += 1
        valueIndex = starValue
      } else {
        return false
      }
    }
    while tokenIndex < tokens.count, tokens[tokenIndex] == .star { tokenIndex += 1 }
    return tokenIndex == tokens.count
  }
}
