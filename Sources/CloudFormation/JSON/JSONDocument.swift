import Foundation

/// A JSON document read as plain data: object key order and the exact text of numbers kept, no
/// intrinsic functions recognised (a schema's `{"Ref": ...}` stays an object).
///
/// The resource schemas are read this way, by the generator and by the synth-time checks, with
/// the same parser as templates.
///
/// ```swift
/// let schema = try JSONDocument.parse(text)
/// schema["properties"]?["BucketName"]?["pattern"]?.stringValue
/// ```
public indirect enum JSONDocument: Equatable, Sendable {
  case string(String)
  /// A number's text, as written.
  case number(String)
  case bool(Bool)
  case null
  case array([JSONDocument])
  /// Members in document order.
  case object([(String, JSONDocument)])

  /// Parses JSON text; errors are ``TemplateError``s with a line and column.
  public static func parse(_ text: String, file: String = "<json>") throws -> JSONDocument {
    try parse(bytes: Array(text.utf8), file: file)
  }

  /// Parses JSON bytes (UTF-8); errors are ``TemplateError``s with a line and column.
  /// Well-formed JSON is read by the fast ``JSONDocumentReader``; anything else by
  /// ``JSONParser``, for its error.
  public static func parse(bytes: [UInt8], file: String = "<json>") throws -> JSONDocument {
    if let document = JSONDocumentReader.read(bytes) { return document }
    var parser = JSONParser(file: file)
    return JSONDocument(try parser.parse(bytes))
  }

  init(_ node: Node) {
    switch node.kind {
    case .scalar(let text, let plain):
      guard plain else {
        self = .string(text)
        return
      }
      switch text {
      case "true": self = .bool(true)
      case "false": self = .bool(false)
      case "null": self = .null
      default: self = .number(text)
      }
    case .sequence(let items): self = .array(items.map(JSONDocument.init))
    case .mapping(let pairs):
      self = .object(
        pairs.map { pair in
          guard case .scalar(let key, _) = pair.key.kind else {
            return ("", JSONDocument(pair.value))
          }
          return (key, JSONDocument(pair.value))
        })
    }
  }

  public static func == (lhs: JSONDocument, rhs: JSONDocument) -> Bool {
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

  /// The member named `key` of an object.
  public subscript(key: String) -> JSONDocument? {
    if case .object(let members) = self { return members.first { $0.0 == key }?.1 }
    return nil
  }

  /// The members of an object.
  public var members: [(String, JSONDocument)]? {
    if case .object(let members) = self { return members }
    return nil
  }

  /// The elements of an array.
  public var elements: [JSONDocument]? {
    if case .array(let elements) = self { return elements }
    return nil
  }

  /// The string, when this is one.
  public var stringValue: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  /// The Boolean, when this is one.
  public var boolValue: Bool? {
    if case .bool(let value) = self { return value }
    return nil
  }

  /// The strings of an array (others skipped).
  public var stringList: [String] { elements?.compactMap(\.stringValue) ?? [] }

  /// The value a local JSON pointer reference (`#/definitions/Tag`, `#/properties/Arn`) names.
  public func resolve(pointer reference: String) -> JSONDocument? {
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

  /// Compact text with object keys sorted (the form the generator embeds in generated files).
  public var compactSortedText: String {
    var out = ""
    write(to: &out)
    return out
  }

  private func write(to out: inout String) {
    switch self {
    case .string(let value): JSONDocument.writeString(value, to: &out)
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
        JSONDocument.writeString(member.0, to: &out)
        out += ":"
        member.1.write(to: &out)
      }
      out += "}"
    }
  }

  /// A JSON string literal; control characters (C0 and C1) escaped as `\uXXXX`.
  public static func writeString(_ value: String, to out: inout String) {
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
