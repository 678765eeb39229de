import CloudFormation

/// Reads path text into segments; every error names the offset it stopped at.
struct JSONPathParser {
  let text: String
  private let characters: [Character]
  private var index = 0

  init(text: String) {
    self.text = text
    self.characters = Array(text)
  }

  mutating func parse() throws(JSONPathError) -> (root: JSONPath.Root, segments: [JSONPathSegment])
  {
    guard current == "$" else { throw error("a path starts with '$'") }
    index += 1
    var root = JSONPath.Root.document
    if current == "$" {
      root = .context
      index += 1
    }
    let segments = try parseSegments(inFilter: false)
    guard index == characters.count else {
      throw error("unexpected '\(characters[index])'")
    }
    return (root, segments)
  }

  // MARK: - Segments

  private var current: Character? { index < characters.count ? characters[index] : nil }

  private func peek(_ offset: Int) -> Character? {
    index + offset < characters.count ? characters[index + offset] : nil
  }

  private func error(_ reason: String) -> JSONPathError {
    .syntax(path: text, position: index, reason: reason)
  }

  private mutating func parseSegments(inFilter: Bool) throws(JSONPathError) -> [JSONPathSegment] {
    var segments: [JSONPathSegment] = []
    while let character = current {
      if character == ".", peek(1) == "." {
        index += 2
        if current == "[" {
          segments.append(.descendant(try parseBracket()))
        } else {
          segments.append(.descendant(try parseDotSelector(inFilter: inFilter)))
        }
      } else if character == "." {
        index += 1
        segments.append(.child(try parseDotSelector(inFilter: inFilter)))
      } else if character == "[" {
        segments.append(.child(try parseBracket()))
      } else {
        break
      }
    }
    return segments
  }

  private mutating func parseDotSelector(inFilter: Bool) throws(JSONPathError) -> JSONPathSelector {
    if current == "*" {
      index += 1
      return .wildcard
    }
    let start = index
    while let character = current, character != ".", character != "[" {
      if inFilter, character.isWhitespace || "=!<>&|)".contains(character) { break }
      index += 1
    }
    guard index > start else { throw error("expected a member name") }
    let name = String(characters[start..<index])
    if name.hasSuffix("()") {
      throw error("path functions such as '\(name)' are not supported")
    }
    return .name(name)
  }

  private mutating func parseBracket() throws(JSONPathError) -> JSONPathSelector {
    index += 1  // [
    skipSpaces()
    let selector: JSONPathSelector
    if current == "*" {
      index += 1
      selector = .wildcard
    } else if current == "?" {
      index += 1
      skipSpaces()
      guard current == "(" else { throw error("expected '(' after '?'") }
      index += 1
      let filter = try parseOr()
      skipSpaces()
      guard current == ")" else { throw error("expected ')' to close the filter") }
      index += 1
      selector = .filter(filter)
    } else if current == "'" || current == "\"" {
      var names: [JSONPathSelector] = [.name(try parseQuoted())]
      skipSpaces()
      while current == "," {
        index += 1
        skipSpaces()
        guard current == "'" || current == "\"" else { throw error("expected a quoted name") }
        names.append(.name(try parseQuoted()))
        skipSpaces()
      }
      selector = names.count == 1 ? names[0] : .union(names)
    } else {
      selector = try parseIndexes()
    }
    skipSpaces()
    guard current == "]" else { throw error("expected ']'") }
    index += 1
    return selector
  }

  private mutating func parseIndexes() throws(JSONPathError) -> JSONPathSelector {
    var items: [JSONPathSelector] = []
    repeat {
      if !items.isEmpty { index += 1 }  // ,
      skipSpaces()
      let first = parseInteger()
      skipSpaces()
      if current == ":" {
        index += 1
        skipSpaces()
        let end = parseInteger()
        skipSpaces()
        var step: Int?
        if current == ":" {
          index += 1
          skipSpaces()
          step = parseInteger()
          if step == 0 { throw error("a slice step cannot be 0") }
        }
        items.append(.slice(start: first, end: end, step: step))
      } else if let first {
        items.append(.index(first))
      } else {
        throw error("expected an index, a slice, '*', a quoted name or a filter")
      }
      skipSpaces()
    } while current == ","
    return items.count == 1 ? items[0] : .union(items)
  }

  private mutating func parseInteger() -> Int? {
    let start = index
    if current == "-" { index += 1 }
    while let character = current, character.isASCII, character.isNumber { index += 1 }
    guard index > start, let value = Int(String(characters[start..<index])) else {
      index = start
      return nil
    }
    return value
  }

  private mutating func parseQuoted() throws(JSONPathError) -> String {
    guard let quote = current else { throw error("expected a quote") }
    index += 1
    var value = ""
    while let character = current, character != quote {
      if character == "\\", let next = peek(1) {
        value.append(next)
        index += 2
      } else {
        value.append(character)
        index += 1
      }
    }
    guard current == quote else { throw error("unterminated quoted name") }
    index += 1
    return value
  }

  private mutating func skipSpaces() {
    while let character = current, character == " " { index += 1 }
  }

  // MARK: - Filters

  private mutating func parseOr() throws(JSONPathError) -> JSONPathFilter {
    var left = try parseAnd()
    skipSpaces()
    while current == "|", peek(1) == "|" {
      index += 2
      left = .or(left, try parseAnd())
      skipSpaces()
    }
    return left
  }

  private mutating func parseAnd() throws(JSONPathError) -> JSONPathFilter {
    var left = try parseUnary()
    skipSpaces()
    while current == "&", peek(1) == "&" {
      index += 2
      left = .and(left, try parseUnary())
      skipSpaces()
    }
    return left
  }

  private mutating func parseUnary() throws(JSONPathError) -> JSONPathFilter {
    skipSpaces()
    if current == "!", peek(1) != "=" {
      index += 1
      return .not(try parseUnary())
    }
    if current == "(" {
      index += 1
      let inner = try parseOr()
      skipSpaces()
      guard current == ")" else { throw error("expected ')'") }
      index += 1
      return inner
    }
    let left = try parseOperand()
    skipSpaces()
    guard let comparison = parseComparison() else {
      if case .literal = left { throw error("a literal alone is not a condition") }
      return .exists(left)
    }
    skipSpaces()
    return .compare(left, comparison, try parseOperand())
  }

  private mutating func parseComparison() -> JSONPathComparison? {
    for comparison in [
      JSONPathComparison.lessOrEqual, .greaterOrEqual, .equal, .notEqual, .less, .greater,
    ] {
      let symbol = Array(comparison.rawValue)
      if index + symbol.count <= characters.count,
        Array(characters[index..<index + symbol.count]) == symbol
      {
        index += symbol.count
        return comparison
      }
    }
    return nil
  }

  private mutating func parseOperand() throws(JSONPathError) -> JSONPathFilterOperand {
    switch current {
    case "@":
      index += 1
      return .current(try parseSegments(inFilter: true))
    case "$":
      index += 1
      return .root(try parseSegments(inFilter: true))
    case "'", "\"":
      return .literal(.string(try parseQuoted()))
    default:
      return .literal(try parseLiteral())
    }
  }

  private mutating func parseLiteral() throws(JSONPathError) -> JSONDocument {
    for (word, value) in [
      ("true", JSONDocument.bool(true)), ("false", .bool(false)), ("null", .null),
    ] {
      let letters = Array(word)
      if index + letters.count <= characters.count,
        Array(characters[index..<index + letters.count]) == letters
      {
        index += letters.count
        return value
      }
    }
    let start = index
    while let character = current, character.isASCII,
      character.isNumber || "-+.eE".contains(character)
    {
      index += 1
    }
    let number = String(characters[start..<index])
    guard !number.isEmpty, Double(number) != nil else { throw error("expected a value") }
    return .number(number)
  }
}
