/// Reads well-formed JSON straight into a ``JSONDocument``: no nodes, no source marks, one
/// allocation per string without escapes. The documents a run reads whole and trusts (the
/// resource schemas embedded in ResourceTypes, the IAM catalog's services) go through here on
/// every synth, so its speed is synth's (issue 20).
///
/// It only ever accepts what ``JSONParser`` accepts, with the same result; on anything it does
/// not accept it gives up (nil) and the caller runs ``JSONParser``, whose error has the line and
/// column.
struct JSONDocumentReader {
  private let bytes: UnsafeBufferPointer<UInt8>
  private var index = 0

  private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  /// The document, or nil when the bytes are not a JSON document this reader accepts.
  static func read(_ input: [UInt8]) -> JSONDocument? {
    input.withUnsafeBufferPointer { buffer in
      var reader = JSONDocumentReader(buffer)
      if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { reader.index = 3 }
      reader.skipWhitespace()
      guard let root = reader.value(depth: 0) else { return nil }
      reader.skipWhitespace()
      return reader.index == buffer.count ? root : nil
    }
  }

  private mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0A, 0x0D: index += 1
      default: return
      }
    }
  }

  private mutating func value(depth: Int) -> JSONDocument? {
    guard depth < YAMLParser.maximumDepth, index < bytes.count else { return nil }
    switch bytes[index] {
    case UInt8(ascii: "{"): return object(depth: depth)
    case UInt8(ascii: "["): return array(depth: depth)
    case UInt8(ascii: "\""): return string().map(JSONDocument.string)
    case UInt8(ascii: "t"): return literal("true", .bool(true))
    case UInt8(ascii: "f"): return literal("false", .bool(false))
    case UInt8(ascii: "n"): return literal("null", .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number()
    default: return nil
    }
  }

  private mutating func object(depth: Int) -> JSONDocument? {
    index += 1
    var members: [(String, JSONDocument)] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = string() else {
        return nil
      }
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
      index += 1
      skipWhitespace()
      guard let element = value(depth: depth + 1) else { return nil }
      members.append((key, element))
      skipWhitespace()
      guard index < bytes.count else { return nil }
      switch bytes[index] {
      case UInt8(ascii: ","): index += 1
      case UInt8(ascii: "}"):
        index += 1
        return .object(members)
      default: return nil
      }
    }
  }

  private mutating func array(depth: Int) -> JSONDocument? {
    index += 1
    var items: [JSONDocument] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      return .array(items)
    }
    while true {
      skipWhitespace()
      guard let item = value(depth: depth + 1) else { return nil }
      items.append(item)
      skipWhitespace()
      guard index < bytes.count else { return nil }
      switch bytes[index] {
      case UInt8(ascii: ","): index += 1
      case UInt8(ascii: "]"):
        index += 1
        return .array(items)
      default: return nil
      }
    }
  }

  private mutating func literal(_ word: StaticString, _ result: JSONDocument) -> JSONDocument? {
    let count = word.utf8CodeUnitCount
    guard index + count <= bytes.count else { return nil }
    let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
    for offset in 0..<count where bytes[index + offset] != expected[offset] { return nil }
    index += count
    return result
  }

  private mutating func number() -> JSONDocument? {
    let begin = index
    while index < bytes.count, Self.isNumberByte(bytes[index]) { index += 1 }
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[begin..<index]), as: UTF8.self)
    return Number.isJSONNumber(text) ? .number(text) : nil
  }

  private static func isNumberByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "e"),
      UInt8(ascii: "E"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return true
    default: return false
    }
  }

  /// A string at `index` (its opening quote). Strings without escapes are one slice; those
  /// with escapes are left to ``JSONParser`` only when an escape is malformed.
  private mutating func string() -> String? {
    index += 1
    let begin = index
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        let text = String(
          decoding: UnsafeBufferPointer(rebasing: bytes[begin..<index]), as: UTF8.self)
        index += 1
        return text
      }
      if byte == UInt8(ascii: "\\") { return escapedString(from: begin) }
      if byte < 0x20 { return nil }
      index += 1
    }
    return nil
  }

  private mutating func escapedString(from begin: Int) -> String? {
    var scalars = Array(UnsafeBufferPointer(rebasing: bytes[begin..<index]))
    while index < bytes.count {
      let byte = bytes[index]
      index += 1
      switch byte {
      case UInt8(ascii: "\""):
        return String(decoding: scalars, as: UTF8.self)
      case UInt8(ascii: "\\"):
        guard index < bytes.count else { return nil }
        let escape = bytes[index]
        index += 1
        if let simple = JSONParser.simpleEscape(escape) {
          scalars.append(simple)
          continue
        }
        switch escape {
        case UInt8(ascii: "u"):
          guard var code = hex4() else { return nil }
          if (0xD800..<0xDC00).contains(code) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
              bytes[index + 1] == UInt8(ascii: "u")
            else { return nil }
            index += 2
            guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
          }
          guard let scalar = Unicode.Scalar(code) else { return nil }
          scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
        default: return nil
        }
      case 0x00..<0x20: return nil
      default: scalars.append(byte)
      }
    }
    return nil
  }

  private mutating func hex4() -> UInt32? {
    guard index + 4 <= bytes.count else { return nil }
    var code: UInt32 = 0
    for _ in 0..<4 {
      guard let digit = JSONParser.hexDigit(bytes[index]) else { return nil }
      code = code * 16 + digit
      index += 1
    }
    return code
  }
}
