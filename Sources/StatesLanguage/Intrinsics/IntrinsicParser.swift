import JSONPaths

/// Why intrinsic function text could not be read.
struct IntrinsicSyntaxError: Error, Sendable {
  let reason: String
}

/// Reads intrinsic function calls, as Amazon States Language's grammar (Appendix B of the
/// specification) and the Step Functions developer guide ("Reserved characters in intrinsic
/// functions") define them.
struct IntrinsicParser {
  /// Step Functions allows up to 10 nested calls in a field.
  static let maximumNesting = 10

  private let characters: [Character]
  private var index = 0

  static func parse(_ text: String) throws(IntrinsicSyntaxError) -> IntrinsicCall {
    var parser = IntrinsicParser(characters: Array(text))
    let call = try parser.call(depth: 1)
    parser.skipSpaces()
    guard parser.index == parser.characters.count else {
      throw IntrinsicSyntaxError(reason: "unexpected text after the call")
    }
    return call
  }

  private init(characters: [Character]) { self.characters = characters }

  private var current: Character? { index < characters.count ? characters[index] : nil }

  private mutating func skipSpaces() {
    while let character = current, character == " " { index += 1 }
  }

  private mutating func call(depth: Int) throws(IntrinsicSyntaxError) -> IntrinsicCall {
    guard depth <= Self.maximumNesting else {
      throw IntrinsicSyntaxError(reason: "more than \(Self.maximumNesting) nested calls")
    }
    let start = index
    while let character = current, character.isLetter || character.isNumber || character == "." {
      index += 1
    }
    let name = String(characters[start..<index])
    guard let arity = IntrinsicCall.arities[name] else {
      throw IntrinsicSyntaxError(reason: "unknown intrinsic function '\(name)'")
    }
    skipSpaces()
    guard current == "(" else { throw IntrinsicSyntaxError(reason: "expected '(' after \(name)") }
    index += 1
    var arguments: [IntrinsicArgument] = []
    skipSpaces()
    if current == ")" {
      index += 1
    } else {
      while true {
        skipSpaces()
        arguments.append(try argument(depth: depth))
        skipSpaces()
        if current == "," {
          index += 1
        } else if current == ")" {
          index += 1
          break
        } else {
          throw IntrinsicSyntaxError(reason: "expected ',' or ')' in \(name)")
        }
      }
    }
    guard arity.contains(arguments.count) else {
      throw IntrinsicSyntaxError(reason: "\(name) takes \(arity) arguments, got \(arguments.count)")
    }
    return IntrinsicCall(name: name, arguments: arguments, text: String(characters[start..<index]))
  }

  private mutating func argument(depth: Int) throws(IntrinsicSyntaxError) -> IntrinsicArgument {
    guard let character = current else { throw IntrinsicSyntaxError(reason: "missing argument") }
    if character == "'" { return .string(raw: try stringLiteral()) }
    if character == "$" { return .path(try path()) }
    if character == "-" || character.isNumber { return .number(try number()) }
    for (word, value) in [
      ("true", IntrinsicArgument.bool(true)), ("false", .bool(false)), ("null", .null),
    ]
    where matches(word) {
      index += word.count
      return value
    }
    if matches("States.") { return .call(try call(depth: depth + 1)) }
    throw IntrinsicSyntaxError(reason: "unexpected '\(character)'")
  }

  private func matches(_ word: String) -> Bool {
    let letters = Array(word)
    return index + letters.count <= characters.count
      && Array(characters[index..<index + letters.count]) == letters
  }

  private mutating func stringLiteral() throws(IntrinsicSyntaxError) -> String {
    index += 1
    var raw = ""
    while let character = current, character != "'" {
      if character == "\\" {
        guard index + 1 < characters.count, "'{}\\".contains(characters[index + 1]) else {
          throw IntrinsicSyntaxError(reason: "an open escape backslash in a string literal")
        }
        raw.append(character)
        raw.append(characters[index + 1])
        index += 2
        continue
      }
      raw.append(character)
      index += 1
    }
    guard current == "'" else { throw IntrinsicSyntaxError(reason: "unterminated string literal") }
    index += 1
    return raw
  }

  private mutating func number() throws(IntrinsicSyntaxError) -> String {
    let start = index
    if current == "-" { index += 1 }
    while let character = current, character.isNumber || "+-.eE".contains(character) { index += 1 }
    let text = String(characters[start..<index])
    guard Double(text) != nil else {
      throw IntrinsicSyntaxError(reason: "invalid number '\(text)'")
    }
    return text
  }

  /// A path runs to the next `,` or `)` outside brackets and quotes.
  private mutating func path() throws(IntrinsicSyntaxError) -> JSONPath {
    let start = index
    var brackets = 0
    var quote: Character?
    while let character = current {
      if let open = quote {
        if character == open { quote = nil }
      } else if character == "'" || character == "\"" {
        quote = character
      } else if character == "[" {
        brackets += 1
      } else if character == "]" {
        brackets -= 1
      } else if brackets == 0, character == "," || character == ")" {
        break
      }
      index += 1
    }
    let text = String(characters[start..<index]).trimmingTrailingSpaces()
    do {
      return try JSONPath(text)
    } catch {
      throw IntrinsicSyntaxError(reason: error.description)
    }
  }
}

extension String {
  fileprivate func trimmingTrailingSpaces() -> String {
    var copy = self
    while copy.last == " " { copy.removeLast() }
    return copy
  }
}
