/// Decides the Swift declarations of one resource type from its provider schema.
///
/// Rules (documented in the README section "Resource types and schemas"):
/// - `$ref` to `#/definitions/X`: objects with properties and string enums become nested types
///   named after X, created on first use; other definitions are inlined.
/// - `type: string|integer|number|boolean` → `String`, `Int`, `Double`, `Bool`; a string `enum` of
///   at most `maxEnumCases` values → a nested enum with an `other(String)` escape.
/// - `type: array` → `[Field<Element>]`; `type: object` with properties → a nested struct, with
///   `patternProperties` or an `additionalProperties` schema only → `[String: Field<Element>]`,
///   with neither → `Value` (JSON).
/// - Unions: several JSON types, or `oneOf`/`anyOf` branches of different kinds → `Value`; a
///   union of one typed branch and the JSON-string escape cfn-lint adds → that branch's type.
/// - Top-level read-only properties are not inputs: they become `Attribute`s instead.
final class TypeBuilder {
  static let maxEnumCases = 100

  let root: StructDecl
  private let schema: JSON
  private let definitions: [(String, JSON)]
  private var definitionTypes: [String: SwiftType] = [:]
  private var definitionNames: [String: String] = [:]
  private(set) var issues: [String] = []
  private var pointersInProgress: Set<String> = []
  private let readOnlyTopLevel: Set<String>
  private let deprecatedTopLevel: Set<String>

  init(schema: JSON, resourceName: String) {
    self.schema = schema
    self.definitions = schema["definitions"]?.members ?? []
    self.readOnlyTopLevel = Set(
      schema["readOnlyProperties"]?.stringList.compactMap { path -> String? in
        let parts = path.split(separator: "/").map(String.init)
        return parts.count == 2 && parts[0] == "properties" ? parts[1] : nil
      } ?? [])
    self.deprecatedTopLevel = Set(
      schema["deprecatedProperties"]?.stringList.compactMap { path -> String? in
        let parts = path.split(separator: "/").map(String.init)
        return parts.count == 2 && parts[0] == "properties" ? parts[1] : nil
      } ?? [])
    root = StructDecl(
      name: resourceName, qualifiedName: resourceName,
      documentation: schema["description"]?.stringValue,
      reserved: Naming.reservedTypeNames.union([resourceName, "Attribute"]))
    // Definition names are reserved up front, in sorted order, so a type's name never depends
    // on the order in which the properties happen to reach it.
    for (name, definition) in definitions.sorted(by: { $0.0 < $1.0 })
    where becomesNamedType(definition) {
      definitionNames[name] = Naming.unique(Naming.typeName(name), in: &root.usedTypeNames)
    }
  }

  /// Fills the resource struct with its input properties.
  func build() {
    fill(root, from: schema, skipping: readOnlyTopLevel)
  }

  private func definition(_ name: String) -> JSON? {
    definitions.first { $0.0 == name }?.1
  }

  private func definitionName(of reference: String) -> String? {
    let prefix = "#/definitions/"
    guard reference.hasPrefix(prefix) else { return nil }
    return String(reference.dropFirst(prefix.count))
  }

  /// Follows `$ref`s to the schema that says what a value is.
  func dereferenced(_ node: JSON, depth: Int = 0) -> JSON {
    guard depth < 16, let reference = node["$ref"]?.stringValue,
      let target = schema.resolve(pointer: reference)
    else { return node }
    return dereferenced(target, depth: depth + 1)
  }

  func declaredTypes(_ node: JSON) -> [String] {
    switch node["type"] {
    case .string(let type)?: return [type]
    case .array(let types)?: return types.compactMap(\.stringValue).filter { $0 != "null" }
    default: return []
    }
  }

  private func stringEnumValues(_ node: JSON) -> [String]? {
    guard let values = node["enum"]?.elements, !values.isEmpty else { return nil }
    let strings = values.compactMap(\.stringValue)
    guard strings.count == values.count, strings.count <= Self.maxEnumCases else { return nil }
    return strings
  }

  private func isObjectWithProperties(_ node: JSON) -> Bool {
    guard let properties = node["properties"]?.members, !properties.isEmpty else { return false }
    let types = declaredTypes(node)
    return types.isEmpty || types == ["object"]
  }

  private func becomesNamedType(_ node: JSON) -> Bool {
    guard node["$ref"] == nil else { return false }
    if isObjectWithProperties(node) { return true }
    let types = declaredTypes(node)
    return (types == ["string"] || types.isEmpty) && stringEnumValues(node) != nil
  }

  /// The kind of value a union branch holds, without creating declarations; nil for a branch
  /// that only constrains (`{"required": [...]}`).
  private func branchKind(_ branch: JSON) -> String? {
    let node = dereferenced(branch)
    let types = declaredTypes(node)
    if types.count > 1 {
      return Set(types).isSuperset(of: ["object", "string"]) && node["properties"] == nil
        ? "json-string" : "union"
    }
    if let type = types.first { return type }
    if node["properties"] != nil { return "object" }
    if node["items"] != nil { return "array" }
    if branch["$ref"] != nil { return "json" }
    return nil
  }

  /// An object whose properties are spread over `oneOf`/`anyOf` alternatives (S3's
  /// `TargetObjectKeyFormat`: `SimplePrefix` or `PartitionedPrefix`) as one object with every
  /// alternative's properties, all optional; the synth-time checks enforce the alternatives.
  func mergedAlternatives(_ node: JSON) -> JSON? {
    guard !isObjectWithProperties(node) else { return nil }
    for keyword in ["oneOf", "anyOf"] {
      guard let branches = node[keyword]?.elements, branches.count > 1 else { continue }
      var properties: [(String, JSON)] = []
      for branch in branches {
        let target = dereferenced(branch)
        guard isObjectWithProperties(target), let members = target["properties"]?.members
        else { return nil }
        for member in members where !properties.contains(where: { $0.0 == member.0 }) {
          properties.append(member)
        }
      }
      var merged: [(String, JSON)] = [
        ("type", .string("object")), ("properties", .object(properties)),
      ]
      if let description = node["description"] { merged.append(("description", description)) }
      return .object(merged)
    }
    return nil
  }

  /// The Swift type of a property schema; `hint` names a nested type if one is needed.
  func resolve(_ node: JSON, hint: String, in parent: StructDecl) -> SwiftType {
    if let reference = node["$ref"]?.stringValue {
      return resolveReference(reference)
    }
    let types = declaredTypes(node)
    if types.count > 1 { return .json }
    if let type = types.first { return resolve(node, as: type, hint: hint, in: parent) }
    for keyword in ["oneOf", "anyOf"] {
      guard let branches = node[keyword]?.elements else { continue }
      let kinds = branches.map(branchKind)
      let typed = zip(branches, kinds).filter { $0.1 != nil && $0.1 != "json-string" }
      if typed.isEmpty { continue }
      if typed.count == 1 { return resolve(typed[0].0, hint: hint, in: parent) }
      if typed.allSatisfy({ $0.1 == "string" }) { return .string }
      return .json
    }
    if let branches = node["allOf"]?.elements,
      let typed = branches.first(where: { branchKind($0) != nil })
    {
      return resolve(typed, hint: hint, in: parent)
    }
    if node["properties"] != nil { return resolve(node, as: "object", hint: hint, in: parent) }
    if node["items"] != nil { return resolve(node, as: "array", hint: hint, in: parent) }
    if node["enum"] != nil || node["const"] != nil {
      let first = node["enum"]?.elements?.first ?? node["const"]
      switch first {
      case .string?: return resolve(node, as: "string", hint: hint, in: parent)
      case .bool?: return .boolean
      case .number?: return .number
      default: return .json
      }
    }
    return .json
  }

  private func resolve(_ node: JSON, as type: String, hint: String, in parent: StructDecl)
    -> SwiftType
  {
    switch type {
    case "string":
      if let values = stringEnumValues(node) {
        let name = Naming.unique(Naming.typeName(hint), in: &parent.usedTypeNames)
        parent.nested.append(.enumeration(makeEnum(name: name, values: values, node: node)))
        return .named(parent.qualifiedName + "." + name)
      }
      return .string
    case "integer": return .integer
    case "number": return .number
    case "boolean": return .boolean
    case "null": return .json
    case "array":
      if let items = node["items"], items.members != nil {
        return .list(resolve(items, hint: hint, in: parent))
      }
      if let first = node["prefixItems"]?.elements?.first {
        return .list(resolve(first, hint: hint, in: parent))
      }
      return .list(.json)
    case "object":
      if isObjectWithProperties(node) {
        let name = Naming.unique(Naming.typeName(hint), in: &parent.usedTypeNames)
        let decl = StructDecl(
          name: name, qualifiedName: parent.qualifiedName + "." + name,
          documentation: node["description"]?.stringValue,
          reserved: Naming.reservedTypeNames.union([root.name, name]))
        parent.nested.append(.structure(decl))
        fill(decl, from: node, skipping: [])
        return .named(decl.qualifiedName)
      }
      if let merged = mergedAlternatives(node) {
        return resolve(merged, as: "object", hint: hint, in: parent)
      }
      if let patterns = node["patternProperties"]?.members, patterns.count == 1 {
        return .map(resolve(patterns[0].1, hint: hint, in: parent))
      }
      if let additional = node["additionalProperties"], additional.members != nil {
        return .map(resolve(additional, hint: hint, in: parent))
      }
      return .json
    default:
      issues.append("unknown type \(type)")
      return .json
    }
  }

  private func resolveReference(_ reference: String) -> SwiftType {
    guard let name = definitionName(of: reference), let target = definition(name) else {
      // A pointer elsewhere in the schema (`#/properties/Arn`): inline what it names.
      guard let target = schema.resolve(pointer: reference), !pointersInProgress.contains(reference)
      else {
        issues.append("unresolvable $ref \(reference)")
        return .json
      }
      pointersInProgress.insert(reference)
      defer { pointersInProgress.remove(reference) }
      let hint = reference.split(separator: "/").last.map(String.init) ?? "Value"
      return resolve(target, hint: hint, in: root)
    }
    if let known = definitionTypes[name] { return known }
    guard let swiftName = definitionNames[name] else {
      // Not a named type: inline what the definition says (a primitive, a list, a map).
      definitionTypes[name] = .json  // guards a definition that refers to itself
      let type = resolve(target, hint: name, in: root)
      definitionTypes[name] = type
      return type
    }
    let qualified = root.qualifiedName + "." + swiftName
    definitionTypes[name] = .named(qualified)
    if isObjectWithProperties(target) {
      let decl = StructDecl(
        name: swiftName, qualifiedName: qualified,
        documentation: target["description"]?.stringValue,
        reserved: Naming.reservedTypeNames.union([root.name, swiftName]))
      root.nested.append(.structure(decl))
      fill(decl, from: target, skipping: [])
    } else if let values = stringEnumValues(target) {
      root.nested.append(.enumeration(makeEnum(name: swiftName, values: values, node: target)))
    }
    return .named(qualified)
  }

  private func makeEnum(name: String, values: [String], node: JSON) -> EnumDecl {
    // Besides its own members, a case must not shadow `Field`'s static helpers: every case is
    // also a static member of `Field<ThisEnum>`, so `status: .enabled` compiles.
    var used: Set<String> = [
      "other", "rawValue", "init", "lowered", "self", "Type", "literal", "expression", "ref",
      "getAtt", "sub", "ifThen", "importValue", "join", "select", "findInMap",
    ]
    let cases = values.map { value in
      (swiftName: Naming.unique(Naming.memberName(value), in: &used), rawValue: value)
    }
    return EnumDecl(name: name, documentation: node["description"]?.stringValue, cases: cases)
  }

  /// The description of a top-level property (for attributes, from read-only properties).
  func documentation(ofProperty name: String) -> String? {
    guard let property = schema["properties"]?[name] else { return nil }
    return property["description"]?.stringValue
      ?? dereferenced(property)["description"]?.stringValue
  }

  private func fill(_ decl: StructDecl, from node: JSON, skipping skipped: Set<String>) {
    let required = Set(node["required"]?.stringList ?? [])
    let deprecated = decl === root ? deprecatedTopLevel : []
    var usedMembers: Set<String> = ["lowered", "loweredProperties", "facts", "checks", "typeName"]
    let properties = (node["properties"]?.members ?? []).sorted { $0.0 < $1.0 }
    for (name, property) in properties where !skipped.contains(name) {
      let swiftName = Naming.unique(Naming.memberName(name), in: &usedMembers)
      let type = resolve(property, hint: name, in: decl)
      let documentation =
        property["description"]?.stringValue ?? dereferenced(property)["description"]?.stringValue
      decl.properties.append(
        PropertyDecl(
          schemaName: name, swiftName: swiftName, type: type,
          isRequired: required.contains(name), isDeprecated: deprecated.contains(name),
          documentation: documentation))
    }
  }
}
