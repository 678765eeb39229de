/// The two formats a template is written in.
public enum TemplateFormat: String, CaseIterable, Sendable {
  /// Block-style YAML with short-form intrinsics.
  case yaml
  /// JSON with a two-space indent and long-form intrinsics.
  case json

  /// The format a file's name suggests (`.json` is JSON; anything else YAML).
  public static func guess(fromPath path: String) -> TemplateFormat {
    path.lowercased().hasSuffix(".json") ? .json : .yaml
  }
}

/// Writes templates and values in facestack's canonical form: sections in CloudFormation's
/// documented order, resource attributes as `Type, Condition, DependsOn, Properties, policies,
/// Metadata`, strings quoted only where needed. The output is byte-for-byte deterministic.
///
/// ```swift
/// let yaml = try TemplateWriter.write(template, as: .yaml)
/// ```
public enum TemplateWriter {
  /// The template as text in `format`.
  public static func write(_ template: Template, as format: TemplateFormat) throws -> String {
    try write(template.document, as: format)
  }

  /// Any value as a YAML or JSON document.
  public static func write(_ value: Value, as format: TemplateFormat) throws -> String {
    switch format {
    case .yaml: return try YAMLWriter.write(value)
    case .json:
      if let number = firstNonJSONNumber(in: value) {
        throw TemplateWriteError(
          description: "cannot write \(number.text) as JSON, which has no such number")
      }
      return JSONWriter.write(value)
    }
  }

  /// A number JSON cannot hold (`.inf`, `.nan`), if the value has one.
  static func firstNonJSONNumber(in value: Value) -> Number? {
    switch value {
    case .number(let number): return number.jsonText == nil ? number : nil
    case .list(let list): return list.lazy.compactMap(firstNonJSONNumber).first
    case .map(let map): return map.values.lazy.compactMap(firstNonJSONNumber).first
    case .intrinsic(let intrinsic): return firstNonJSONNumber(in: intrinsic.argument)
    default: return nil
    }
  }

  /// Any value as a JSON document (two-space indent, final newline); writing JSON cannot fail.
  public static func json(_ value: Value) -> String { JSONWriter.write(value) }

  /// A value as compact JSON (no whitespace), as CloudFormation expects inside strings such as
  /// a state machine's `DefinitionString`.
  public static func compactJSON(_ value: Value) -> String {
    JSONWriter.writeCompact(value)
  }
}

/// A value that the chosen format cannot hold, such as YAML's `.inf` written as JSON.
public struct TemplateWriteError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What could not be written, lowercase, one line.
  public var description: String
}

/// Reads templates in YAML (long or short form, anchors and aliases) or JSON.
///
/// ```swift
/// let template = try TemplateReader.read(bytes, file: "stack.yaml")
/// ```
/// Every problem is one ``TemplateError`` with the file, line and column.
public enum TemplateReader {
  /// Reads a template; JSON when the first non-blank character is `{`, YAML otherwise.
  public static func read(_ bytes: [UInt8], file: String) throws -> Template {
    try TemplateDecoder(file: file).template(from: parse(bytes, file: file))
  }

  /// Reads a template from a string.
  public static func read(_ text: String, file: String) throws -> Template {
    try read(Array(text.utf8), file: file)
  }

  /// Reads any YAML or JSON document as a value (intrinsics recognised), not only a template.
  public static func readValue(_ bytes: [UInt8], file: String) throws -> Value {
    try ValueDecoder(file: file).value(parse(bytes, file: file))
  }

  /// The format of `bytes`, by content: JSON when it starts with `{` or `[`.
  public static func detectFormat(_ bytes: [UInt8]) -> TemplateFormat {
    var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    guard index < bytes.count else { return .yaml }
    return bytes[index] == UInt8(ascii: "{") || bytes[index] == UInt8(ascii: "[") ? .json : .yaml
  }

  static func parse(_ bytes: [UInt8], file: String) throws -> Node {
    guard String(validating: bytes, as: UTF8.self) != nil else {
      throw TemplateError(file: file, mark: nil, message: "not UTF-8 text")
    }
    switch detectFormat(bytes) {
    case .json:
      var parser = JSONParser(file: file)
      return try parser.parse(bytes)
    case .yaml:
      return try YAMLParser(file: file).parse(bytes)
    }
  }
}

extension String {
  /// This pretty-printed JSON without the whitespace between tokens: what
  /// ``TemplateWriter/compactJSON(_:)`` wrote before it wrote compact JSON directly, kept as the
  /// reference its tests compare with.
  var compactedJSON: String {
    var result = ""
    result.reserveCapacity(count)
    var inString = false
    var escaped = false
    for scalar in unicodeScalars {
      if inString {
        result.unicodeScalars.append(scalar)
        if escaped {
          escaped = false
        } else if scalar == "\\" {
          escaped = true
        } else if scalar == "\"" {
          inString = false
        }
        continue
      }
      switch scalar {
      case " ", "\n", "\t", "\r": continue
      case "\"":
        inString = true
        result.unicodeScalars.append(scalar)
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
