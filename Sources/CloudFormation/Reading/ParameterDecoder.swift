/// Reads one entry of `Parameters`: a known `Type` and the constraints CloudFormation supports.
struct ParameterDecoder {
  let reader: AttributeReader

  func parameter(_ node: Node, name: String) throws -> Parameter {
    let what = "parameter \(name)"
    var parameter = Parameter(type: .string)
    var hasType = false
    for (key, keyNode, value) in try reader.entries(node, of: what) {
      let field = "\(key) of \(what)"
      func keep<T>(_ read: AttributeReader.Read<T>) -> T? {
        if let written = read.written { parameter.untypedAttributes[key] = written }
        return read.typed
      }
      switch key {
      case "Type":
        let raw = try reader.requiredString(value, field)
        guard let type = ParameterType(rawValue: raw) else {
          throw reader.error(value, "unknown parameter type '\(raw)' for \(what)")
        }
        parameter.type = type
        hasType = true
      case "Description": parameter.description = keep(try reader.string(value, field))
      case "Default": parameter.defaultValue = try reader.values.value(value)
      case "AllowedValues":
        guard case .list(let list) = try reader.values.value(value) else {
          throw reader.error(value, "expected a list for \(field), got \(value.kindName)")
        }
        parameter.allowedValues = list
      case "AllowedPattern": parameter.allowedPattern = keep(try reader.string(value, field))
      case "MinLength": parameter.minLength = keep(try reader.integer(value, field))
      case "MaxLength": parameter.maxLength = keep(try reader.integer(value, field))
      case "MinValue": parameter.minValue = keep(try reader.number(value, field))
      case "MaxValue": parameter.maxValue = keep(try reader.number(value, field))
      case "NoEcho": parameter.noEcho = keep(try reader.bool(value, field))
      case "ConstraintDescription":
        parameter.constraintDescription = keep(try reader.string(value, field))
      default:
        guard reader.support.hasMacro else {
          throw reader.unknownKey(keyNode, key, in: what, expected: Parameter.keyOrder)
        }
        parameter.untypedAttributes[key] = try reader.values.value(value)
      }
    }
    guard hasType else { throw reader.error(node, "\(what) has no Type") }
    parameter.untypedAttributes = AttributeLayout.canonical(
      parameter.untypedAttributes, order: Parameter.keyOrder)
    return parameter
  }
}
