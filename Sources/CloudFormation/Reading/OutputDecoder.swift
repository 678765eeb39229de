/// Reads one entry of `Outputs`: a `Value`, and optionally a description, an export and a
/// condition.
struct OutputDecoder {
  let reader: AttributeReader

  func output(_ node: Node, name: String) throws -> Output {
    let what = "output \(name)"
    var output = Output(value: .null)
    var hasValue = false
    for (key, keyNode, value) in try reader.entries(node, of: what) {
      let field = "\(key) of \(what)"
      switch key {
      case "Value":
        output.value = try reader.values.value(value)
        hasValue = true
      case "Description":
        let read = try reader.string(value, field)
        output.description = read.typed
        if let written = read.written { output.untypedAttributes[key] = written }
      case "Condition": output.condition = try reader.requiredString(value, field)
      case "Export":
        let export = try reader.entries(value, of: field)
        if export.count == 1, export[0].key == "Name" {
          output.exportName = try reader.values.value(export[0].value)
        } else if reader.support.hasMacro {
          output.untypedAttributes[key] = try reader.values.value(value)
        } else {
          throw reader.error(value, "\(field) must be a map with only a Name")
        }
      default:
        guard reader.support.hasMacro else {
          throw reader.unknownKey(keyNode, key, in: what, expected: Output.keyOrder)
        }
        output.untypedAttributes[key] = try reader.values.value(value)
      }
    }
    guard hasValue else { throw reader.error(node, "\(what) has no Value") }
    output.untypedAttributes = AttributeLayout.canonical(
      output.untypedAttributes, order: Output.keyOrder)
    return output
  }
}
