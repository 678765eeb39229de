import Foundation

/// A number exactly as it was written: `1.50` stays `1.50`, `10` stays `10`, and a YAML 1.1
/// spelling such as `0755` (octal) or `0x1F` stays as written in YAML.
///
/// CloudFormation passes numbers through to services as text, so the model never rounds them.
public struct Number: Hashable, Sendable, CustomStringConvertible {
  /// The number's text as written: JSON's number syntax, or, for a number read from YAML, any
  /// spelling YAML 1.1 reads as a number (`0755`, `0x1F`, `1_000`, `+1`, `1:30`, `.5`, `.inf`).
  public let text: String

  /// An integer.
  public init(_ value: Int) { text = String(value) }

  /// A decimal; integral values are written without a fraction (`2.0` becomes `2`).
  public init(_ value: Double) {
    if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
      text = String(Int(value))
    } else {
      text = String(value)
    }
  }

  /// A number from its text, or `nil` when `text` is not a JSON number (`-1`, `0.5`, `1e3`).
  public init?(text: String) {
    guard Number.isJSONNumber(text) else { return nil }
    self.text = text
  }

  /// A number from a plain YAML scalar that YAML 1.1 reads as an integer or a float, kept as
  /// written; `nil` for any other text.
  init?(yaml11Text text: String) {
    guard YAML11Number(text) != nil else { return nil }
    self.text = text
  }

  public var description: String { text }

  /// The value as an `Int`, when it is an integer that fits.
  public var intValue: Int? { Int(jsonText ?? text) }

  /// The value as a `Double`.
  public var doubleValue: Double? { Double(jsonText ?? text) }

  /// The number in JSON's syntax: the text itself for a JSON number, the decimal value of a
  /// YAML 1.1 spelling (`0755` is `493`, `1:30` is `90`), `nil` for `.inf` and `.nan`.
  public var jsonText: String? {
    if Number.isJSONNumber(text) { return text }
    return YAML11Number(text)?.jsonText
  }

  /// Whether a plain YAML scalar with this text reads as a number in YAML 1.1 (PyYAML, cfn-lint),
  /// not only in YAML 1.2: an exponent needs a fraction and a signed power there (`1.0e+3`).
  var isYAML11Plain: Bool {
    if !Number.isJSONNumber(text) { return YAML11Number(text) != nil }
    guard let exponent = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return true }
    let mantissa = text[..<exponent]
    let power = text[text.index(after: exponent)...]
    return mantissa.contains(".") && (power.hasPrefix("+") || power.hasPrefix("-"))
  }

  /// Whether `text` follows JSON's number grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
  static func isJSONNumber(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    var index = 0
    func digits() -> Int {
      let start = index
      while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
      return index - start
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
    guard index < bytes.count else { return false }
    if bytes[index] == UInt8(ascii: "0") {
      index += 1
    } else if digits() == 0 {
      return false
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      guard digits() > 0 else { return false }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")
      {
        index += 1
      }
      guard digits() > 0 else { return false }
    }
    return index == bytes.count
  }
}
