/// Writes values as JSON with a two-space indent, keys in model order, numbers as written and
/// intrinsics in long form (`{"Ref": "X"}`), byte for byte the same for the same value.
struct JSONWriter {
  static func write(_ value: Value) -> String {
    var output = ""
    output.reserveCapacity(4096)
    write(value, indent: 0, compact: false, into: &output)
    output.append("\n")
    return output
  }

  /// The same document without the whitespace between tokens (no final newline), written
  /// directly rather than stripped from the indented form.
  static func writeCompact(_ value: Value) -> String {
    var output = ""
    output.reserveCapacity(1024)
    write(value, indent: 0, compact: true, into: &output)
    return output
  }

  private static func write(_ value: Value, indent: Int, compact: Bool, into output: inout String) {
    switch value {
    case .string(let string): appendQuoted(string, into: &output)
    case .number(let number): output.append(number.jsonText ?? number.text)
    case .bool(let bool): output.append(bool ? "true" : "false")
    case .null: output.append("null")
    case .list(let list):
      guard !list.isEmpty else {
        output.append("[]")
        return
      }
      output.append(compact ? "[" : "[\n")
      for (index, element) in list.enumerated() {
        if !compact { output.append(String(repeating: " ", count: indent + 2)) }
        write(element, indent: indent + 2, compact: compact, into: &output)
        if index < list.count - 1 {
          output.append(compact ? "," : ",\n")
        } else if !compact {
          output.append("\n")
        }
      }
      if !compact { output.append(String(repeating: " ", count: indent)) }
      output.append("]")
    case .map(let map):
      writeMap(Array(map), indent: indent, compact: compact, into: &output)
    case .intrinsic(let intrinsic):
      writeMap(
        [(intrinsic.functionName, intrinsic.argument)], indent: indent, compact: compact,
        into: &output)
    }
  }

  private static func writeMap(
    _ pairs: [(key: String, value: Value)], indent: Int, compact: Bool, into output: inout String
  ) {
    guard !pairs.isEmpty else {
      output.append("{}")
      return
    }
    output.append(compact ? "{" : "{\n")
    for (index, pair) in pairs.enumerated() {
      if !compact { output.append(String(repeating: " ", count: indent + 2)) }
      appendQuoted(pair.key, into: &output)
      output.append(compact ? ":" : ": ")
      write(pair.value, indent: indent + 2, compact: compact, into: &output)
      if index < pairs.count - 1 {
        output.append(compact ? "," : ",\n")
      } else if !compact {
        output.append("\n")
      }
    }
    if !compact { output.append(String(repeating: " ", count: indent)) }
    output.append("}")
  }

  /// A JSON string literal; only `"`, `\` and control characters are escaped.
  static func appendQuoted(_ string: String, into output: inout String) {
    output.append("\"")
    // Most strings need no escape: append them whole rather than scalar by scalar.
    if !string.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) {
      output.append(string)
      output.append("\"")
      return
    }
    for scalar in string.unicodeScalars {
      switch scalar {
      case "\"": output.append("\\\"")
      case "\\": output.append("\\\\")
      case "\n": output.append("\\n")
      case "\r": output.append("\\r")
      case "\t": output.append("\\t")
      case "\u{08}": output.append("\\b")
      case "\u{0C}": output.append("\\f")
      case "\u{00}"..."\u{1F}", "\u{7F}":
        let hex = String(scalar.value, radix: 16, uppercase: false)
        output.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
      default: output.unicodeScalars.append(scalar)
      }
    }
    output.append("\"")
  }
}
