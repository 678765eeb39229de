/// The facts a diff needs about a type, read from its schema (before corrections, which the
/// ResourceTypes module applies at run time so they stay visible in one hand-written table).
struct FactsBuilder {
  var typeName = ""
  var primaryIdentifier: [String] = []
  var requiredProperties: [String] = []
  var createOnlyPaths: [String] = []
  var conditionalCreateOnlyPaths: [String] = []
  var writeOnlyPaths: [String] = []
  var readOnlyPaths: [String] = []
  var deprecatedPaths: [String] = []
  var isTaggable = false
  var tagsPath: String?
  var tagsFormat: String?
  var unorderedListPaths: [String] = []
  var jsonDocumentPaths: [String] = []

  init(schema: JSON, types: TypeBuilder) {
    typeName = schema["typeName"]?.stringValue ?? ""
    primaryIdentifier = schema["primaryIdentifier"]?.stringList ?? []
    requiredProperties = schema["required"]?.stringList ?? []
    createOnlyPaths = schema["createOnlyProperties"]?.stringList ?? []
    conditionalCreateOnlyPaths = schema["conditionalCreateOnlyProperties"]?.stringList ?? []
    writeOnlyPaths = schema["writeOnlyProperties"]?.stringList ?? []
    readOnlyPaths = schema["readOnlyProperties"]?.stringList ?? []
    deprecatedPaths = schema["deprecatedProperties"]?.stringList ?? []
    let tagging = schema["tagging"]
    isTaggable = tagging?["taggable"]?.boolValue ?? schema["taggable"]?.boolValue ?? false
    if isTaggable {
      let path = tagging?["tagProperty"]?.stringValue ?? "/properties/Tags"
      let name = path.split(separator: "/").last.map(String.init) ?? "Tags"
      if let property = schema["properties"]?[name] {
        tagsPath = path
        let node = types.dereferenced(property)
        let declared = types.declaredTypes(node)
        tagsFormat = declared == ["array"] ? "keyValueList" : "map"
      }
    }
    var walker = PathWalker(types: types)
    for (name, property) in (schema["properties"]?.members ?? []).sorted(by: { $0.0 < $1.0 }) {
      walker.walk(property, at: "/properties/\(name)", through: [])
    }
    unorderedListPaths = walker.unorderedLists
    jsonDocumentPaths = walker.jsonDocuments
  }
}

/// Walks the property tree (through `$ref`s, stopping at recursion) to find the lists whose order
/// does not matter (`insertionOrder: false`) and the free-form JSON values.
private struct PathWalker {
  let types: TypeBuilder
  var unorderedLists: [String] = []
  var jsonDocuments: [String] = []

  mutating func walk(_ node: JSON, at path: String, through stack: [String]) {
    var stack = stack
    var node = node
    if let reference = node["$ref"]?.stringValue {
      guard !stack.contains(reference), stack.count < 12 else { return }
      stack.append(reference)
      node = types.dereferenced(node)
    }
    let declared = types.declaredTypes(node)
    if declared.count > 1 {
      if declared.contains("object") || declared.contains("array") { jsonDocuments.append(path) }
      return
    }
    var type = declared.first
    if type == nil {
      for keyword in ["oneOf", "anyOf"] {
        guard let branches = node[keyword]?.elements else { continue }
        let typed = branches.filter { branch in
          let target = types.dereferenced(branch)
          let kinds = types.declaredTypes(target)
          return (kinds.count == 1 || target["properties"] != nil || target["items"] != nil)
        }
        if typed.count == 1 { return walk(typed[0], at: path, through: stack) }
        if typed.count > 1 {
          let kinds = Set(typed.flatMap { types.declaredTypes(types.dereferenced($0)) })
          if kinds != ["string"] { jsonDocuments.append(path) }
          return
        }
      }
      if node["properties"] != nil {
        type = "object"
      } else if node["items"] != nil {
        type = "array"
      } else if node["enum"] == nil && node["const"] == nil && node["allOf"] == nil {
        jsonDocuments.append(path)
        return
      }
    }
    switch type {
    case "array":
      if node["insertionOrder"]?.boolValue == false { unorderedLists.append(path) }
      if let items = node["items"], items.members != nil {
        walk(items, at: path + "/*", through: stack)
      }
    case "object":
      if let properties = node["properties"]?.members, !properties.isEmpty {
        for (name, property) in properties.sorted(by: { $0.0 < $1.0 }) {
          walk(property, at: "\(path)/\(name)", through: stack)
        }
      } else if let merged = types.mergedAlternatives(node),
        let properties = merged["properties"]?.members
      {
        for (name, property) in properties.sorted(by: { $0.0 < $1.0 }) {
          walk(property, at: "\(path)/\(name)", through: stack)
        }
      } else if let patterns = node["patternProperties"]?.members, patterns.count == 1 {
        walk(patterns[0].1, at: path + "/*", through: stack)
      } else {
        jsonDocuments.append(path)
      }
    default:
      break
    }
  }
}
