import CloudFormation

/// A value as messages show it: strings quoted, numbers as written, others as compact JSON
/// (shortened past 80 characters), intrinsics by function name.
func render(_ value: Value) -> String {
  var out = ""
  write(value, to: &out)
  if out.count > 80 { out = String(out.prefix(77)) + "..." }
  return out
}

private func write(_ value: Value, to out: inout String) {
  switch value {
  case .string(let text): SchemaJSON.writeString(text, to: &out)
  case .number(let number): out += number.text
  case .bool(let flag): out += flag ? "true" : "false"
  case .null: out += "null"
  case .list(let elements):
    out += "["
    for (index, element) in elements.enumerated() {
      if index > 0 { out += "," }
      write(element, to: &out)
    }
    out += "]"
  case .map(let map):
    out += "{"
    for (index, entry) in map.enumerated() {
      if index > 0 { out += "," }
      SchemaJSON.writeString(entry.key, to: &out)
      out += ":"
      write(entry.value, to: &out)
    }
    out += "}"
  case .intrinsic(let intrinsic): out += intrinsic.functionName
  }
}
