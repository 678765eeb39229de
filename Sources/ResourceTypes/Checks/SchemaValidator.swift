import CloudFormation
import Foundation

/// Interprets a schema's validation keywords over a template-model value, collecting every
/// finding rather than stopping at the first.
struct SchemaValidator {
  let definitions: [String: SchemaJSON]
  let root: SchemaJSON
  let checks: SchemaChecks
  var diagnostics: [SchemaDiagnostic] = []

  mutating func error(_ path: String, _ message: String) {
    diagnostics.append(SchemaDiagnostic(severity: .error, path: path, message: message))
  }

  mutating func validate(_ value: Value, against schema: SchemaJSON, at path: String, depth: Int) {
    guard depth < 64 else { return }
    if case .intrinsic = value { return }
    guard schema.members != nil else {
      if schema.boolValue == false { error(path, "\(render(value)) is not allowed here") }
      return
    }
    if let reference = schema["$ref"]?.stringValue {
      if let target = resolve(reference) {
        validate(value, against: target, at: path, depth: depth + 1)
      }
    }
    if let types = declaredTypes(schema), !types.isEmpty,
      !types.contains(where: { conforms(value, to: $0) })
    {
      error(path, "expected \(types.joined(separator: " or ")), got \(render(value))")
      return
    }
    checkValue(value, schema, path)
    switch value {
    case .map(let map): checkObject(map, schema, path, depth)
    case .list(let list): checkList(list, schema, path, depth)
    default: break
    }
    checkComposition(value, schema, path, depth)
  }

  // MARK: scalars

  mutating func checkValue(_ value: Value, _ schema: SchemaJSON, _ path: String) {
    if let options = schema["enum"]?.elements {
      let caseInsensitive = schema["enumCaseInsensitive"]?.boolValue ?? false
      if !options.contains(where: { same(value, $0, caseInsensitive: caseInsensitive) }) {
        let list = options.map(renderSchema).joined(separator: ", ")
        diagnostics.append(
          SchemaDiagnostic(
            severity: .warning, path: path, message: "\(render(value)) is not one of \(list)"))
      }
    }
    if let constant = schema["const"], !same(value, constant, caseInsensitive: false) {
      error(path, "expected \(renderSchema(constant)), got \(render(value))")
    }
    if case .string(let text) = value {
      let length = text.unicodeScalars.count
      if let pattern = schema["pattern"]?.stringValue {
        if let regex = checks.regularExpression(pattern) {
          if !regex.matches(in: text) {
            error(path, "\(render(value)) does not match \(pattern)")
          }
        } else {
          error(path, "the schema's pattern \(pattern) cannot be compiled, so it is not checked")
        }
      }
      if let minimum = integer(schema["minLength"]), length < minimum {
        error(path, "\(render(value)) is shorter than \(characters(minimum))")
      }
      if let maximum = integer(schema["maxLength"]), length > maximum {
        error(path, "\(render(value)) is longer than \(characters(maximum))")
      }
    }
    if let number = numeric(value) {
      let text = render(value)
      if let minimum = double(schema["minimum"]), number < minimum {
        error(path, "\(text) is less than the minimum \(schemaNumber(schema["minimum"]))")
      }
      if let maximum = double(schema["maximum"]), number > maximum {
        error(path, "\(text) is greater than the maximum \(schemaNumber(schema["maximum"]))")
      }
      if let minimum = double(schema["exclusiveMinimum"]), number <= minimum {
        error(path, "\(text) is not greater than \(schemaNumber(schema["exclusiveMinimum"]))")
      }
      if let maximum = double(schema["exclusiveMaximum"]), number >= maximum {
        error(path, "\(text) is not less than \(schemaNumber(schema["exclusiveMaximum"]))")
      }
      if let step = double(schema["multipleOf"]), step > 0,
        abs((number / step).rounded() * step - number) > 1e-9
      {
        error(path, "\(text) is not a multiple of \(schemaNumber(schema["multipleOf"]))")
      }
    }
  }

  // MARK: objects

  mutating func checkObject(
    _ map: OrderedMap<Value>, _ schema: SchemaJSON, _ path: String, _ depth: Int
  ) {
    for name in schema["required"]?.stringList ?? [] where !map.contains(name) {
      error(path, "missing required property \(name)")
    }
    let properties = schema["properties"]?.members ?? []
    let patterns = schema["patternProperties"]?.members ?? []
    for (key, child) in map {
      let childPath = path.isEmpty ? key : "\(path).\(key)"
      var known = false
      if let property = properties.first(where: { $0.0 == key }) {
        known = true
        validate(child, against: property.1, at: childPath, depth: depth + 1)
      }
      for (pattern, subschema) in patterns {
        guard let regex = checks.regularExpression(pattern) else {
          error(path, "the schema's property pattern \(pattern) cannot be compiled")
          continue
        }
        guard regex.matches(in: key) else { continue }
        known = true
        validate(child, against: subschema, at: childPath, depth: depth + 1)
      }
      if !known, let additional = schema["additionalProperties"] {
        if additional.boolValue == false {
          error(path, "unknown property \(key)")
        } else if additional.members != nil {
          validate(child, against: additional, at: childPath, depth: depth + 1)
        }
      }
    }
    if let minimum = integer(schema["minProperties"]), map.count < minimum {
      error(path, "has \(map.count) properties, fewer than the minimum \(minimum)")
    }
    if let maximum = integer(schema["maxProperties"]), map.count > maximum {
      error(path, "has \(map.count) properties, more than the maximum \(maximum)")
    }
    for keyword in ["dependencies", "dependentRequired"] {
      for (name, dependency) in schema[keyword]?.members ?? [] where map.contains(name) {
        if dependency.members != nil {
          validate(.map(map), against: dependency, at: path, depth: depth + 1)
        } else {
          let missing = dependency.stringList.filter { !map.contains($0) }
          if !missing.isEmpty {
            error(path, "\(name) requires \(missing.joined(separator: ", ")) to be set")
          }
        }
      }
    }
    for (name, excluded) in schema["dependentExcluded"]?.members ?? [] where map.contains(name) {
      let present = excluded.stringList.filter { map.contains($0) }
      if !present.isEmpty {
        error(path, "\(name) cannot be set together with \(present.joined(separator: ", "))")
      }
    }
    if let names = schema["requiredXor"]?.stringList, !names.isEmpty {
      let present = names.filter { map.contains($0) }
      if present.count != 1 {
        error(path, exactlyOne(names, present))
      }
    }
    if let names = schema["requiredOr"]?.stringList, !names.isEmpty,
      !names.contains(where: { map.contains($0) })
    {
      error(path, "must set at least one of \(names.joined(separator: ", "))")
    }
  }

  // MARK: lists

  mutating func checkList(
    _ list: [Value], _ schema: SchemaJSON, _ path: String, _ depth: Int
  ) {
    let prefix = schema["prefixItems"]?.elements ?? []
    for (index, element) in list.enumerated() {
      let elementPath = "\(path)[\(index)]"
      if index < prefix.count {
        validate(element, against: prefix[index], at: elementPath, depth: depth + 1)
      }
      if let items = schema["items"], items.members != nil {
        validate(element, against: items, at: elementPath, depth: depth + 1)
      }
    }
    if let minimum = integer(schema["minItems"]), list.count < minimum {
      error(path, "has \(list.count) items, fewer than the minimum \(minimum)")
    }
    if let maximum = integer(schema["maxItems"]), list.count > maximum {
      error(path, "has \(list.count) items, more than the maximum \(maximum)")
    }
    if schema["uniqueItems"]?.boolValue == true, Set(list).count != list.count,
      !list.contains(where: { if case .intrinsic = $0 { return true } else { return false } })
    {
      error(path, "has duplicate items")
    }
  }

  // MARK: helpers

  func characters(_ count: Int) -> String {
    count == 1 ? "1 character" : "\(count) characters"
  }

  func resolve(_ reference: String) -> SchemaJSON? {
    let prefix = "#/definitions/"
    if reference.hasPrefix(prefix) { return definitions[String(reference.dropFirst(prefix.count))] }
    return root.resolve(pointer: reference)
  }

  func declaredTypes(_ schema: SchemaJSON) -> [String]? {
    switch schema["type"] {
    case .string(let type)?: return [type]
    case .array(let types)?: return types.compactMap(\.stringValue)
    default: return nil
    }
  }

  /// CloudFormation's leniency: scalars are converted to strings, and numbers and booleans may
  /// be written as strings.
  func conforms(_ value: Value, to type: String) -> Bool {
    switch (type, value) {
    case ("string", .string), ("string", .number), ("string", .bool): return true
    case ("integer", .number(let number)): return Int(number.text) != nil || isIntegral(number.text)
    case ("integer", .string(let text)): return Int(text) != nil
    case ("number", .number): return true
    case ("number", .string(let text)): return Double(text) != nil
    case ("boolean", .bool): return true
    case ("boolean", .string(let text)): return ["true", "false"].contains(text.lowercased())
    case ("array", .list), ("object", .map), ("null", .null): return true
    default: return false
    }
  }

  func isIntegral(_ text: String) -> Bool {
    guard let number = Double(text) else { return false }
    return number == number.rounded()
  }

  func numeric(_ value: Value) -> Double? {
    switch value {
    case .number(let number): return Double(number.text)
    default: return nil
    }
  }

  func scalarText(_ value: Value) -> String? {
    switch value {
    case .string(let text): return text
    case .number(let number): return number.text
    case .bool(let flag): return flag ? "true" : "false"
    default: return nil
    }
  }

  func same(_ value: Value, _ expected: SchemaJSON, caseInsensitive: Bool) -> Bool {
    guard let text = scalarText(value) else { return false }
    let other: String
    switch expected {
    case .string(let string): other = string
    case .number(let number):
      if let left = Double(text), let right = Double(number) { return left == right }
      other = number
    case .bool(let flag): other = flag ? "true" : "false"
    default: return false
    }
    return caseInsensitive ? text.lowercased() == other.lowercased() : text == other
  }

  func integer(_ json: SchemaJSON?) -> Int? {
    if case .number(let text)? = json { return Int(text) ?? Double(text).map { Int($0) } }
    return nil
  }

  func double(_ json: SchemaJSON?) -> Double? {
    if case .number(let text)? = json { return Double(text) }
    return nil
  }

  func schemaNumber(_ json: SchemaJSON?) -> String {
    if case .number(let text)? = json { return text }
    return "?"
  }

  func renderSchema(_ json: SchemaJSON) -> String {
    switch json {
    case .string(let text):
      var out = ""
      SchemaJSON.writeString(text, to: &out)
      return out
    default: return json.compactSortedText
    }
  }
}
