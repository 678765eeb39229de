/// Reads JSON text into nodes, keeping key order, numbers as written and positions for errors.
///
/// Foundation's `JSONSerialization` loses both the key order and the text of numbers, which a
/// template round trip must keep; JSON's grammar is small enough to read here exactly.
struct JSONParser {
  let file: String
  private var bytes: [UInt8] = []
  private var index = 0
  private var line = 1
  private var lineStart = 0
  /// UTF-8 continuation bytes read since the line started: columns count characters, as
  /// libyaml's do, not bytes.
  private var continuationBytes = 0

  init(file: String) { self.file = file }

  mutating func parse(_ input: [UInt8]) throws -> Node {
    bytes = input
    index = 0
    line = 1
    lineStart = 0
    continuationBytes = 0
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
      index = 3
      lineStart = 3
    }
    skipWhitespace()
    let root = try value(depth: 0)
    skipWhitespace()
    guard index == bytes.count else {
      throw error("expected the end of the document after the JSON value")
    }
    return root
  }

  private var mark: SourceMark {
    SourceMark(line: line, column: index - lineStart - continuationBytes + 1)
  }

  private func error(_ message: String, at mark: SourceMark? = nil) -> TemplateError {
    TemplateError(file: file, mark: mark ?? self.mark, message: "invalid JSON: \(message)")
  }

  private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

  private mutating func skipWhitespace() {
    while let byte = current {
      switch byte {
      case 0x20, 0x09, 0x0D: index += 1
      case 0x0A:
        index += 1
        line += 1
        lineStart = index
        continuationBytes = 0
      default: return
      }
    }
  }

  private mutating func value(depth: Int) throws -> Node {
    guard depth < YAMLParser.maximumDepth else {
      throw error("nesting deeper than \(YAMLParser.maximumDepth) levels")
    }
    let start = mark
    guard let byte = current else { throw error("unexpected end of input, expected a value") }
    switch byte {
    case UInt8(ascii: "{"): return try object(depth: depth, start: start)
    case UInt8(ascii: "["): return try array(depth: depth, start: start)
    case UInt8(ascii: "\""): return Node(.scalar(try string(), plain: false), mark: start)
    case UInt8(ascii: "t"): return try literal("true", start: start)
    case UInt8(ascii: "f"): return try literal("false", start: start)
    case UInt8(ascii: "n"): return try literal("null", start: start)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number(start: start)
    default:
      throw error("unexpected character '\(Self.printable(byte))', expected a value")
    }
  }

  private mutating func object(depth: Int, start: SourceMark) throws -> Node {
    index += 1
    var pairs: [(key: Node, value: Node)] = []
    skipWhitespace()
    if current == UInt8(ascii: "}") {
      index += 1
      return Node(.mapping(pairs), mark: start)
    }
    while true {
      skipWhitespace()
      let keyMark = mark
      guard current == UInt8(ascii: "\"") else { throw error("expected a string key in an object") }
      let key = try string()
      skipWhitespace()
      guard current == UInt8(ascii: ":") else {
        throw error("expected ':' after the key \"\(key)\"")
      }
      index += 1
      skipWhitespace()
      let element = try value(depth: depth + 1)
      pairs.append((Node(.scalar(key, plain: false), mark: keyMark), element))
      skipWhitespace()
      switch current {
      case UInt8(ascii: ","): index += 1
      case UInt8(ascii: "}"):
        index += 1
        return Node(.mapping(pairs), mark: start)
      case nil: throw error("unexpected end of input, expected ',' or '}'")
      default: throw error("expected ',' or '}' after an object member")
      }
    }
  }

  private mutating func array(depth: Int, start: SourceMark) throws -> Node {
    index += 1
    var items: [Node] = []
    skipWhitespace()
    if current == UInt8(ascii: "]") {
      index += 1
      return Node(.sequence(items), mark: start)
    }
    while true {
      skipWhitespace()
      items.append(try value(depth: depth + 1))
      skipWhitespace()
      switch current {
      case UInt8(ascii: ","): index += 1
      case UInt8(ascii: "]"):
        index += 1
        return Node(.sequence(items), mark: start)
      case nil: throw error("unexpected end of input, expected ',' or ']'")
      default: throw error("expected ',' or ']' after an array element")
      }
    }
  }

  private mutating func literal(_ word: String, start: SourceMark) throws -> Node {
    let expected = Array(word.utf8)
    guard index + expected.count <= bytes.count,
      Array(bytes[index..<index + expected.count]) == expected
    else { throw error("unexpected characters, expected '\(word)'") }
    index += expected.count
    return Node(.scalar(word, plain: true), mark: start)
  }

  private mutating func number(start: SourceMark) throws -> Node {
    let begin = index
    while let byte = current,
      byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
        || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
        || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    {
      index += 1
    }
    let text = String(decoding: bytes[begin..<index], as: UTF8.self)
    guard Number.isJSONNumber(text) else { throw error("malformed number '\(text)'", at: start) }
    return Node(.scalar(text, plain: true), mark: start, isJSON: true)
  }

  private mutating func string() throws -> String {
    let start = mark
    index += 1
    var scalars: [UInt8] = []
    while true {
      guard let byte = current else { throw error("unterminated string", at: start) }
      index += 1
      switch byte {
      case UInt8(ascii: "\""):
        return String(decoding: scalars, as: UTF8.self)
      case UInt8(ascii: "\\"):
        guard let escape = current else { throw error("unterminated string", at: start) }
        index += 1
        if let simple = Self.simpleEscape(escape) {
          scalars.append(simple)
          continue
        }
        switch escape {
        case UInt8(ascii: "u"):
          var code = try hex4()
          if (0xD800..<0xDC00).contains(code) {
            guard current == UInt8(ascii: "\\"), index + 1 < bytes.count,
              bytes[index + 1] == UInt8(ascii: "u")
            else { throw error("unpaired surrogate in \\u escape") }
            index += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw error("invalid surrogate pair") }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
          }
          guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
          scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
          throw error("invalid escape '\\\(Self.printable(escape))' in a string")
        }
      case 0x00..<0x20:
        throw error("control character in a string; use an escape such as \\n")
      default:
        if byte & 0xC0 == 0x80 { continuationBytes += 1 }
        scalars.append(byte)
      }
    }
  }

  private mutating func hex4() throws -> UInt32 {
    guard index + 4 <= bytes.count else { throw error("incomplete \\u escape") }
    var code: UInt32 = 0
    for _ in 0..<4 {
      guard let digit = Self.hexDigit(bytes[index]) else {
        throw error("invalid hex digit in a \\u escape")
      }
      code = code * 16 + digit
      index += 1
    }
    return code
  }

  /// The byte a one-character escape (`\\n`, `\\"`, ...) stands for; nil for `\\u` and
  /// invalid ones. Shared with ``JSONDocumentReader``.
  static func simpleEscape(_ escape: UInt8) -> UInt8? {
    switch escape {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return escape
    case UInt8(ascii: "b"): return 0x08
    case UInt8(ascii: "f"): return 0x0C
    case UInt8(ascii: "n"): return 0x0A
    case UInt8(ascii: "r"): return 0x0D
    case UInt8(ascii: "t"): return 0x09
    default: return nil
    }
  }

  /// The value of a hexadecimal digit (`\\u` escapes), shared with ``JSONDocumentReader``.
  static func hexDigit(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
    default: return nil
    }
  }

  private static func printable(_ byte: UInt8) -> String {
    (0x20..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : String(format: byte)
  }
}

extension String {
  fileprivate init(format byte: UInt8) {
    let digits = Array("0123456789ABCDEF")
    self = "\\x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
  }
}
