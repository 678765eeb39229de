import Foundation

/// A parsed JSON document that keeps object key order and the exact text of numbers, so the
/// generator's output depends only on the bytes of the schema files.
indirect enum JSON: Equatable, Sendable {
  case string(String)
  case number(String)
  case bool(Bool)
  case null
  case array([JSON])
  case object([(String, JSON)])

  static func == (lhs: JSON, rhs: JSON) -> Bool {
    switch (lhs, rhs) {
    case let (.string(a), .string(b)): return a == b
    case let (.number(a), .number(b)): return a == b
    case let (.bool(a), .bool(b)): return a == b
    case (.null, .null): return true
    case let (.array(a), .array(b)): return a == b
    case let (.object(a), .object(b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }

  subscript(key: String) -> JSON? {
    if case .object(let members) = self { return members.first { $0.0 == key }?.1 }
    return nil
  }

  var members: [(String, JSON)]? {
    if case .object(let members) = self { return members }
    return nil
  }

  var elements: [JSON]? {
    if case .array(let elements) = self { return elements }
    return nil
  }

  var stringValue: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  var boolValue: Bool? {
    if case .bool(let value) = self { return value }
    return nil
  }

  var stringList: [String] { elements?.compactMap(\.stringValue) ?? [] }

  /// The value a local JSON pointer reference (`#/definitions/Tag`, `#/properties/Arn`) names.
  func resolve(pointer reference: String) -> JSON? {
    guard reference.hasPrefix("#") else { return nil }
    var node = self
    for token in reference.dropFirst().split(separator: "/") {
      let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(
        of: "~0", with: "~")
      if let next = node[key] {
        node = next
      } else if let index = Int(key), let elements = node.elements, elements.indices.contains(index)
      {
        node = elements[index]
      } else {
        return nil
      }
    }
    return node
  }

  /// Compact text with object keys sorted, the form embedded in the generated files.
  var compactSortedText: String {
    var out = ""
    write(to: &out)
    return out
  }

  private func write(to out: inout String) {
    switch self {
    case .string(let value): JSON.writeString(value, to: &out)
    case .number(let text): out += text
    case .bool(let value): out += value ? "true" : "false"
    case .null: out += "null"
    case .array(let elements):
      out += "["
      for (index, element) in elements.enumerated() {
        if index > 0 { out += "," }
        element.write(to: &out)
      }
      out += "]"
    case .object(let members):
      out += "{"
      for (index, member) in members.sorted(by: { $0.0 < $1.0 }).enumerated() {
        if index > 0 { out += "," }
        JSON.writeString(member.0, to: &out)
        out += ":"
        member.1.write(to: &out)
      }
      out += "}"
    }
  }

  static func writeString(_ value: String, to out: inout String) {
    out += "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }
}

/// A failure to parse a schema file.
struct JSONError: Error, CustomStringConvertible {
  var offset: Int
  var reason: String
  var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

/// A small recursive-descent JSON parser (RFC 8259) over UTF-8 bytes.
struct JSONParser {
  private let bytes: [UInt8]
  private var index = 0

  static func parse(_ text: String) throws -> JSON {
    var parser = JSONParser(bytes: Array(text.utf8))
    parser.skipWhitespace()
    let value = try parser.parseValue()
    parser.skipWhitespace()
    guard parser.index == parser.bytes.count else { throw parser.error("trailing characters") }
    return value
  }

  private init(bytes: [UInt8]) { self.bytes = bytes }

  private func error(_ reason: String) -> JSONError { JSONError(offset: index, reason: reason) }

  private mutating func skipWhitespace() {
    while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
  }

  private mutating func expect(_ literal: String) throws {
    for byte in literal.utf8 {
      guard index < bytes.count, bytes[index] == byte else { throw error("expected \(literal)") }
      index += 1
    }
  }

  private mutating func parseValue() throws -> JSON {
    guard index < bytes.count else { throw error("unexpected end") }
    switch bytes[index] {
    case UInt8(ascii: "{"): return try parseObject()
    case UInt8(ascii: "["): return try parseArray()
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"): try expect("true"); return .bool(true)
    case UInt8(ascii: "f"): try expect("false"); return .bool(false)
    case UInt8(ascii: "n"): try expect("null"); return .null
    default: return try parseNumber()
    }
  }

  private mutating func parseObject() throws -> JSON {
    index += 1
    var members: [(String, JSON)] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
        throw error("expected key")
      }
      let key = try parseString()
      skipWhitespace()
      try expect(":")
      skipWhitespace()
      members.append((key, try parseValue()))
      skipWhitespace()
      guard index < bytes.count else { throw error("unterminated object") }
      if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
      try expect("}")
      return .object(members)
    }
  }

  private mutating func parseArray() throws -> JSON {
    index += 1
    var elements: [JSON] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      return .array(elements)
    }
    while true {
      skipWhitespace()
      elements.append(try parseValue())
      skipWhitespace()
      guard index < bytes.count else { throw error("unterminated array") }
      if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
      try expect("]")
      return .array(elements)
    }
  }

  private mutating func parseNumber() throws -> JSON {
    let start = index
    while index < bytes.count, "+-0123456789.eE".utf8.contains(bytes[index]) { index += 1 }
    guard index > start else { throw error("unexpected character") }
    return .number(String(decoding: bytes[start..<index], as: UTF8.self))
  }

  private mutating func parseHex4() throws -> UInt32 {
    guard index + 4 <= bytes.count,
      let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
    else { throw error("bad \\u escape") }
    index += 4
    return value
  }

  private mutating func parseString() throws -> String {
    index += 1
    var buffer: [UInt8] = []
    while true {
      guard index < bytes.count else { throw error("unterminated string") }
      let byte = bytes[index]
      index += 1
      switch byte {
      case UInt8(ascii: "\""):
        return String(decoding: buffer, as: UTF8.self)
      case UInt8(ascii: "\\"):
        guard index < bytes.count else { throw error("unterminated escape") }
        let escape = bytes[index]
        index += 1
        switch escape {
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "u"):
          var scalar = try parseHex4()
          if (0xD800..<0xDC00).contains(scalar), index + 6 <= bytes.count,
            bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
          {
            index += 2
            let low = try parseHex4()
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          }
          buffer.append(
            contentsOf: Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
          )
        default: buffer.append(escape)
        }
      default:
        buffer.append(byte)
      }
    }
  }
}
