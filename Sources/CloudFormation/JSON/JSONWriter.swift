/// Writes values as JSON with a two-space indent, keys in model order, numbers as written and
/// intrinsics in long form (`{"Ref": "X"}`), byte for byte the same for the same value.
struct JSONWriter {
  static func write(_ value: Value) -> String {
    var output = ""
    output.reserveCapacity(4096)
    write(value, indent: 0, into: &output)
    output.append("\n")
    return output
  }

  private static func write(_ value: Value, indent: Int, into output: inout String) {
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
      output.append("[\n")
      for (index, element) in list.enumerated() {
        output.append(String(repeating: " ", count: indent + 2))
        write(element, indent: indent + 2, into: &output)
        output.append(index == list.count - 1 ? "\n" : ",\n")
      }
      output.append(String(repeating: " ", count: indent))
      output.append("]")
    case .map(let map):
      writeMap(Array(map), indent: indent, into: &output)
    case .intrinsic(let intrinsic):
      writeMap([(intrinsic.functionName, intrinsic.argument)], indent: indent, into: &output)
    }
  }

  private static func writeMap(
    _ pairs: [(key: String, value: Value)], indent: Int, into output: inout String
  ) {
    guard !pairs.isEmpty else {
      output.append("{}")
      return
    }
    output.append("{\n")
    for (index, pair) in pairs.enumerated() {
      output.append(String(repeating: " ", count: indent + 2))
      appendQuoted(pair.key, into: &output)
      output.append(": ")
      write(pair.value, indent: indent + 2, into: &output)
      output.append(index == pairs.count - 1 ? "\n" : ",\n")
    }
    output.append(String(repeating: " ", count: indent))
    output.append("}")
  }

  /// A JSON string literal; only `"`, `\` and control characters are escaped.
  static func appendQuoted(_ string: String, into output: inout String) {
    output.append("\"")
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
