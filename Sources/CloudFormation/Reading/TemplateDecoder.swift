/// Turns a parsed document into a ``Template``, checking that it is a CloudFormation template:
/// known sections, resources with a `Type`, parameters with a known type, outputs with a `Value`.
struct TemplateDecoder {
  let file: String
  private var values: ValueDecoder { ValueDecoder(file: file) }

  init(file: String) { self.file = file }

  private func error(_ node: Node, _ message: String) -> TemplateError {
    TemplateError(file: file, mark: node.mark, message: message)
  }

  /// The entries of a mapping node, keys checked for type and uniqueness.
  private func entries(_ node: Node, of what: String) throws -> [(
    key: String, keyNode: Node, value: Node
  )] {
    guard node.tag == nil, case .mapping(let pairs) = node.kind else {
      throw error(node, "expected a map for \(what), got \(node.tag ?? node.kindName)")
    }
    var seen = Set<String>()
    return try pairs.map { pair in
      let key = try values.scalarKey(pair.key)
      guard seen.insert(key).inserted else {
        throw error(pair.key, "duplicate key '\(key)' in \(what)")
      }
      return (key, pair.key, pair.value)
    }
  }

  private func scalar(_ node: Node, _ what: String) throws -> String {
    guard node.tag == nil, case .scalar(let text, _) = node.kind else {
      throw error(node, "expected a string for \(what), got \(node.tag ?? node.kindName)")
    }
    return text
  }

  private func integer(_ node: Node, _ what: String) throws -> Int {
    let text = try scalar(node, what)
    guard let number = Int(text) else {
      throw error(node, "expected an integer for \(what), got '\(text)'")
    }
    return number
  }

  private func number(_ node: Node, _ what: String) throws -> Number {
    let text = try scalar(node, what)
    guard let number = Number(text: text) else {
      throw error(node, "expected a number for \(what), got '\(text)'")
    }
    return number
  }

  private func bool(_ node: Node, _ what: String) throws -> Bool {
    let text = try scalar(node, what)
    guard case .bool(let value) = ValueDecoder.resolvePlain(text) else {
      throw error(node, "expected true or false for \(what), got '\(text)'")
    }
    return value
  }

  private func unknownKey(_ node: Node, _ key: String, in what: String, expected: [String])
    -> TemplateError
  {
    error(
      node, "unknown key '\(key)' in \(what); expected one of \(expected.joined(separator: ", "))")
  }

  func template(from root: Node) throws -> Template {
    var template = Template(formatVersion: nil)
    var hasResources = false
    for (key, keyNode, node) in try entries(root, of: "the template's sections") {
      switch key {
      case "AWSTemplateFormatVersion":
        let version = try scalar(node, key)
        guard version == Template.currentFormatVersion else {
          throw error(
            node,
            "AWSTemplateFormatVersion must be \(Template.currentFormatVersion), got '\(version)'")
        }
        template.formatVersion = version
      case "Description":
        template.description = try scalar(node, key)
      case "Metadata":
        template.metadata = try section(node, key)
      case "Parameters":
        for (name, _, value) in try entries(node, of: key) {
          template.parameters[name] = try parameter(value, name: name)
        }
      case "Rules":
        template.rules = try section(node, key)
      case "Mappings":
        template.mappings = try section(node, key)
      case "Conditions":
        template.conditions = try section(node, key)
      case "Transform":
        template.transform = try values.value(node)
      case "Resources":
        hasResources = true
        for (logicalID, _, value) in try entries(node, of: key) {
          template.resources[logicalID] = try resource(value, logicalID: logicalID)
        }
      case "Outputs":
        for (name, _, value) in try entries(node, of: key) {
          template.outputs[name] = try output(value, name: name)
        }
      default:
        throw error(
          keyNode,
          "unknown template section '\(key)'; expected one of \(Template.sectionOrder.joined(separator: ", "))"
        )
      }
    }
    guard hasResources else {
      throw TemplateError(
        file: file, mark: root.mark, message: "not a CloudFormation template: no Resources section")
    }
    return template
  }

  private func section(_ node: Node, _ name: String) throws -> OrderedMap<Value> {
    guard node.tag == nil, case .mapping = node.kind else {
      throw error(node, "expected a map for \(name), got \(node.tag ?? node.kindName)")
    }
    return try values.map(node)
  }

  private func parameter(_ node: Node, name: String) throws -> Parameter {
    let what = "parameter \(name)"
    var parameter = Parameter(type: .string)
    var hasType = false
    for (key, keyNode, value) in try entries(node, of: what) {
      let field = "\(key) of \(what)"
      switch key {
      case "Type":
        let raw = try scalar(value, field)
        guard let type = ParameterType(rawValue: raw) else {
          throw error(value, "unknown parameter type '\(raw)' for \(what)")
        }
        parameter.type = type
        hasType = true
      case "Description": parameter.description = try scalar(value, field)
      case "Default": parameter.defaultValue = try values.value(value)
      case "AllowedValues":
        guard case .list(let list) = try values.value(value) else {
          throw error(value, "expected a list for \(field), got \(value.kindName)")
        }
        parameter.allowedValues = list
      case "AllowedPattern": parameter.allowedPattern = try scalar(value, field)
      case "MinLength": parameter.minLength = try integer(value, field)
      case "MaxLength": parameter.maxLength = try integer(value, field)
      case "MinValue": parameter.minValue = try number(value, field)
      case "MaxValue": parameter.maxValue = try number(value, field)
      case "NoEcho": parameter.noEcho = try bool(value, field)
      case "ConstraintDescription": parameter.constraintDescription = try scalar(value, field)
      default:
        throw unknownKey(keyNode, key, in: what, expected: Parameter.keyOrder)
      }
    }
    guard hasType else { throw error(node, "\(what) has no Type") }
    return parameter
  }

  private func resource(_ node: Node, logicalID: String) throws -> Resource {
    let what = "resource \(logicalID)"
    var resource = Resource(type: "")
    var hasType = false
    for (key, keyNode, value) in try entries(node, of: what) {
      let field = "\(key) of \(what)"
      switch key {
      case "Type":
        resource.type = try scalar(value, field)
        hasType = true
      case "Condition": resource.condition = try scalar(value, field)
      case "DependsOn":
        if case .sequence(let items) = value.kind, value.tag == nil {
          resource.dependsOn = try items.map { try scalar($0, field) }
        } else {
          resource.dependsOn = [try scalar(value, field)]
        }
      case "Properties":
        guard value.tag == nil, case .mapping = value.kind else {
          throw error(value, "expected a map for \(field), got \(value.tag ?? value.kindName)")
        }
        resource.properties = try values.map(value)
      case "DeletionPolicy", "UpdateReplacePolicy":
        let raw = try scalar(value, field)
        guard let policy = DeletionPolicy(rawValue: raw) else {
          let expected = DeletionPolicy.allCases.map(\.rawValue).joined(separator: ", ")
          throw error(value, "\(field) must be one of \(expected), got '\(raw)'")
        }
        if key == "DeletionPolicy" {
          resource.deletionPolicy = policy
        } else {
          resource.updateReplacePolicy = policy
        }
      case "UpdatePolicy": resource.updatePolicy = try values.value(value)
      case "CreationPolicy": resource.creationPolicy = try values.value(value)
      case "Metadata": resource.metadata = try values.value(value)
      default:
        throw unknownKey(keyNode, key, in: what, expected: Resource.keyOrder)
      }
    }
    guard hasType, !resource.type.isEmpty else { throw error(node, "\(what) has no Type") }
    return resource
  }

  private func output(_ node: Node, name: String) throws -> Output {
    let what = "output \(name)"
    var output = Output(value: .null)
    var hasValue = false
    for (key, keyNode, value) in try entries(node, of: what) {
      let field = "\(key) of \(what)"
      switch key {
      case "Value":
        output.value = try values.value(value)
        hasValue = true
      case "Description": output.description = try scalar(value, field)
      case "Condition": output.condition = try scalar(value, field)
      case "Export":
        let export = try entries(value, of: field)
        guard export.count == 1, export[0].key == "Name" else {
          throw error(value, "\(field) must be a map with only a Name")
        }
        output.exportName = try values.value(export[0].value)
      default:
        throw unknownKey(keyNode, key, in: what, expected: Output.keyOrder)
      }
    }
    guard hasValue else { throw error(node, "\(what) has no Value") }
    return output
  }
}
