/// Turns a parsed document into a ``Template``, checking that it is a CloudFormation template:
/// known sections, resources with a `Type`, parameters with a known type, outputs with a `Value`.
///
/// What the template's `Transform` reads beyond CloudFormation's syntax is kept as
/// ``UntypedEntry`` data; see ``TransformSupport`` for what each transform allows.
struct TemplateDecoder {
  let file: String

  init(file: String) { self.file = file }

  private func error(_ node: Node, _ message: String) -> TemplateError {
    TemplateError(file: file, mark: node.mark, message: message)
  }

  func template(from root: Node) throws -> Template {
    let sections = try AttributeReader(
      file: file, values: ValueDecoder(file: file), support: TransformSupport(transform: nil)
    ).entries(root, of: "the template's sections")
    let transform = try sections.first { $0.key == "Transform" }.map {
      try ValueDecoder(file: file).value($0.value)
    }
    let support = TransformSupport(transform: transform)
    let reader = AttributeReader(
      file: file,
      values: ValueDecoder(file: file, languageExtensions: support.hasLanguageExtensions),
      support: support)
    var template = Template(formatVersion: nil)
    var hasResources = false
    var previous: String?
    for (key, keyNode, node) in sections {
      defer { previous = key }
      func keep(_ value: Value) {
        template.untypedEntries.append(
          UntypedEntry(section: nil, key: key, value: value, after: previous))
      }
      switch key {
      case "AWSTemplateFormatVersion":
        let version = try reader.requiredString(node, key)
        guard version == Template.currentFormatVersion else {
          throw error(
            node,
            "AWSTemplateFormatVersion must be \(Template.currentFormatVersion), got '\(version)'")
        }
        template.formatVersion = version
      case "Description":
        let read = try reader.string(node, key)
        template.description = read.typed
        if let written = read.written { keep(written) }
      case "Metadata", "Rules", "Mappings", "Conditions":
        guard try isFilled(node, key) else {
          keep(try reader.values.value(node))
          continue
        }
        let map = try reader.values.map(node)
        switch key {
        case "Metadata": template.metadata = map
        case "Rules": template.rules = map
        case "Mappings": template.mappings = map
        default: template.conditions = map
        }
      case "Transform":
        template.transform = transform
      case "Parameters", "Resources", "Outputs":
        hasResources = hasResources || key == "Resources"
        guard try isFilled(node, key) else {
          keep(try reader.values.value(node))
          continue
        }
        try entries(of: key, node, reader: reader, into: &template)
      default:
        guard support.allowsSection(key) else {
          throw error(
            keyNode,
            "unknown template section '\(key)'; expected one of \(Template.sectionOrder.joined(separator: ", "))"
          )
        }
        keep(try reader.values.value(node))
      }
    }
    guard hasResources || support.hasMacro else {
      throw TemplateError(
        file: file, mark: root.mark, message: "not a CloudFormation template: no Resources section")
    }
    template.untypedEntries = AttributeLayout.canonical(template.untypedEntries)
    return template
  }

  /// Whether a section is a map with entries; an empty map, or an optional section left empty
  /// (`Outputs:` with every output commented out), is kept as written.
  private func isFilled(_ node: Node, _ name: String) throws -> Bool {
    if node.tag == nil, case .scalar(let text, plain: true) = node.kind,
      ValueDecoder.resolvePlain(text) == .null, name != "Resources"
    {
      return false
    }
    guard node.tag == nil, case .mapping(let pairs) = node.kind else {
      throw error(node, "expected a map for \(name), got \(node.tag ?? node.kindName)")
    }
    return !pairs.isEmpty
  }

  /// The entries of `Parameters`, `Resources` or `Outputs`, typed where the model can hold them.
  private func entries(
    of section: String, _ node: Node, reader: AttributeReader, into template: inout Template
  ) throws {
    var previous: String?
    for (name, keyNode, value) in try reader.entries(node, of: section) {
      defer { previous = name }
      func keep() throws {
        template.untypedEntries.append(
          UntypedEntry(
            section: section, key: name, value: try reader.values.value(value), after: previous))
      }
      if name.hasPrefix("Fn::ForEach::"), section != "Parameters" {
        try checkLoop(name, keyNode: keyNode, value: value, reader: reader)
        try keep()
        continue
      }
      if name == "Fn::Transform", section != "Parameters" || reader.support.hasMacro {
        try keep()
        continue
      }
      do {
        switch section {
        case "Parameters":
          template.parameters[name] = try ParameterDecoder(reader: reader).parameter(
            value, name: name)
        case "Resources":
          if isInclude(value) {
            try keep()
            continue
          }
          template.resources[name] = try ResourceDecoder(reader: reader).resource(
            value, logicalID: name)
        default:
          template.outputs[name] = try OutputDecoder(reader: reader).output(value, name: name)
        }
      } catch let problem as TemplateError where reader.support.hasMacro {
        // A macro may read an entry in a shape CloudFormation does not: keep it as written,
        // unless the file itself is broken.
        guard (try? reader.values.value(value)) != nil else { throw problem }
        try keep()
      }
    }
  }

  /// A resource whose body comes from an `Fn::Transform` include and has no `Type` of its own.
  private func isInclude(_ node: Node) -> Bool {
    guard case .mapping(let pairs) = node.kind else { return false }
    let keys = pairs.compactMap { pair -> String? in
      if case .scalar(let key, _) = pair.key.kind { return key }
      return nil
    }
    return keys.contains("Fn::Transform") && !keys.contains("Type")
  }

  /// `Fn::ForEach::Name: [identifier, collection, fragment]`, which needs the
  /// `AWS::LanguageExtensions` transform.
  private func checkLoop(_ name: String, keyNode: Node, value: Node, reader: AttributeReader)
    throws
  {
    if reader.support.hasMacro && !reader.support.hasLanguageExtensions { return }
    guard reader.support.hasLanguageExtensions else {
      throw error(keyNode, "\(name) needs the AWS::LanguageExtensions transform")
    }
    guard value.tag == nil, case .sequence(let items) = value.kind, items.count == 3,
      case .mapping = items[2].kind
    else {
      throw error(
        value, "\(name) expects [identifier, collection, fragment], got \(reader.describe(value))"
      )
    }
  }
}
