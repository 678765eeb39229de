import CloudFormation
import Foundation

/// Interprets a schema's validation keywords over a template-model value, collecting every
/// finding rather than stopping at the first.
struct SchemaValidator {
  let definitions: [String: SchemaJSON]
  let root: SchemaJSON
  let checks: SchemaChecks
  var diagnostics: [SchemaDiagnostic] = []

  private mutating func error(_ path: String, _ message: String) {
    diagnostics.append(SchemaDiagnostic(severity: .error, path: path, message: message))
  }

  /// The errors `value` gets against `schema`, reported at `path` (warnings are dropped).
  private func errors(_ value: Value, _ schema: SchemaJSON, at path: String, depth: Int)
    -> [SchemaDiagnostic]
  {
    var probe = SchemaValidator(definitions: definitions, root: root, checks: checks)
    probe.validate(value, against: schema, at: path, depth: depth + 1)
    return probe.diagnostics.filter { $0.severity == .error }
  }

  /// Whether `value` satisfies `schema` (warnings do not count against it).
  private func matches(_ value: Value, _ schema: SchemaJSON, depth: Int) -> Bool {
    errors(value, schema, at: "", depth: depth).isEmpty
  }

  /// For alternatives that each require properties (`{"required": ["SimplePrefix"]}`), the names
  /// of each alternative's required properties and those of them the object sets.
  private func requiredNames(_ value: Value, _ branches: [SchemaJSON]) -> ([String], [String])? {
    guard let map = value.mapValue else { return nil }
    let required = branches.map { branch in
      branch["required"]?.stringList ?? target(of: branch)["required"]?.stringList ?? []
    }
    guard !required.contains(where: \.isEmpty) else { return nil }
    let present = required.flatMap { $0 }.filter { map.contains($0) }
    var seen: Set<String> = []
    return (
      required.map { $0.joined(separator: " and ") }, present.filter { seen.insert($0).inserted }
    )
  }

  /// Why no alternative matched: for alternatives told apart by the properties they require,
  /// which to set (or, when exactly one is chosen, what is wrong with it); otherwise the errors
  /// of the only alternative of the value's type, or that none matched.
  private mutating func explainAlternatives(
    _ value: Value, _ branches: [SchemaJSON], keyword: String, at path: String, depth: Int
  ) {
    if let (names, present) = requiredNames(value, branches), let map = value.mapValue {
      let chosen = branches.filter { branch in
        let required =
          branch["required"]?.stringList ?? target(of: branch)["required"]?.stringList ?? []
        return required.allSatisfy { map.contains($0) }
      }
      if chosen.isEmpty || (keyword == "oneOf" && chosen.count > 1) {
        error(
          path,
          keyword == "oneOf"
            ? exactlyOne(names, present)
            : "must set at least one of \(names.joined(separator: ", "))")
        return
      }
      if chosen.count == 1 {
        let problems = errors(value, chosen[0], at: path, depth: depth)
        if !problems.isEmpty {
          diagnostics += problems
          return
        }
      }
    }
    explainNoMatch(value, branches, keyword: keyword, at: path, depth: depth)
  }

  private func target(of branch: SchemaJSON) -> SchemaJSON {
    guard let reference = branch["$ref"]?.stringValue, let target = resolve(reference) else {
      return branch
    }
    return target
  }

  /// When no alternative matches and exactly one of them has the value's type, its errors say
  /// more than "matches none": report those.
  private mutating func explainNoMatch(
    _ value: Value, _ branches: [SchemaJSON], keyword: String, at path: String, depth: Int
  ) {
    let attempts = branches.map { errors(value, $0, at: path, depth: depth) }
    // Alternatives that differ only in which property they require: name the properties.
    let missingPrefix = "missing required property "
    let missing = attempts.map { attempt in
      attempt.allSatisfy { $0.path == path && $0.message.hasPrefix(missingPrefix) }
        ? attempt.map { String($0.message.dropFirst(missingPrefix.count)) } : []
    }
    if !missing.contains(where: \.isEmpty) {
      let names = missing.map { $0.joined(separator: " and ") }
      error(
        path,
        keyword == "oneOf"
          ? exactlyOne(names, [])
          : "must set at least one of \(names.joined(separator: ", "))")
      return
    }
    let sameType = attempts.filter { attempt in
      !attempt.contains { $0.path == path && $0.message.hasPrefix("expected ") }
    }
    if sameType.count == 1, let only = sameType.first, !only.isEmpty {
      diagnostics += only
    } else {
      error(path, "matches none of the \(branches.count) \(keyword) alternatives")
    }
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

  private mutating func checkValue(_ value: Value, _ schema: SchemaJSON, _ path: String) {
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
      if let pattern = schema["pattern"]?.stringValue,
        let regex = checks.regularExpression(pattern),
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil
      {
        error(path, "\(render(value)) does not match \(pattern)")
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

  private mutating func checkObject(
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
        guard let regex = checks.regularExpression(pattern),
          regex.firstMatch(in: key, range: NSRange(key.startIndex..., in: key)) != nil
        else { continue }
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

  private mutating func checkList(
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

  // MARK: composition

  /// The property names of a branch that only says `required` (`{"required": ["A"]}`).
  private func requiredOnly(_ branch: SchemaJSON) -> [String]? {
    guard let members = branch.members, !members.isEmpty,
      members.allSatisfy({ $0.0 == "required" || $0.0 == "type" })
    else { return nil }
    return branch["required"]?.stringList
  }

  private func exactlyOne(_ names: [String], _ present: [String]) -> String {
    let found = present.isEmpty ? "none" : present.joined(separator: ", ")
    return "must set exactly one of \(names.joined(separator: ", ")), found \(found)"
  }

  private mutating func checkComposition(
    _ value: Value, _ schema: SchemaJSON, _ path: String, _ depth: Int
  ) {
    for branch in schema["allOf"]?.elements ?? [] {
      validate(value, against: branch, at: path, depth: depth + 1)
    }
    if let branches = schema["anyOf"]?.elements, !branches.isEmpty,
      !branches.contains(where: { matches(value, $0, depth: depth) })
    {
      explainAlternatives(value, branches, keyword: "anyOf", at: path, depth: depth)
    }
    if let branches = schema["oneOf"]?.elements, !branches.isEmpty {
      let matching = branches.filter { matches(value, $0, depth: depth) }
      if matching.isEmpty {
        explainAlternatives(value, branches, keyword: "oneOf", at: path, depth: depth)
      } else if matching.count > 1 {
        if let (names, present) = requiredNames(value, branches), present.count > 1 {
          error(path, exactlyOne(names, present))
        } else {
          error(path, "matches \(matching.count) of the oneOf alternatives, expected exactly 1")
        }
      }
    }
    if let negated = schema["not"], negated.members != nil, matches(value, negated, depth: depth) {
      if let names = requiredOnly(negated) {
        error(path, "must not set \(names.joined(separator: " and ")) together")
      } else {
        error(path, "\(render(value)) matches a schema it must not match")
      }
    }
    if let condition = schema["if"], condition.members != nil {
      if matches(value, condition, depth: depth) {
        if let then = schema["then"] { validate(value, against: then, at: path, depth: depth + 1) }
      } else if let otherwise = schema["else"] {
        validate(value, against: otherwise, at: path, depth: depth + 1)
      }
    }
  }

  // MARK: helpers

  private func characters(_ count: Int) -> String {
    count == 1 ? "1 character" : "\(count) characters"
  }

  private func resolve(_ reference: String) -> SchemaJSON? {
    let prefix = "#/definitions/"
    if reference.hasPrefix(prefix) { return definitions[String(reference.dropFirst(prefix.count))] }
    return root.resolve(pointer: reference)
  }

  private func declaredTypes(_ schema: SchemaJSON) -> [String]? {
    switch schema["type"] {
    case .string(let type)?: return [type]
    case .array(let types)?: return types.compactMap(\.stringValue)
    default: return nil
    }
  }

  /// CloudFormation's leniency: scalars are converted to strings, and numbers and booleans may
  /// be written as strings.
  private func conforms(_ value: Value, to type: String) -> Bool {
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

  private func isIntegral(_ text: String) -> Bool {
    guard let number = Double(text) else { return false }
    return number == number.rounded()
  }

  private func numeric(_ value: Value) -> Double? {
    switch value {
    case .number(let number): return Double(number.text)
    default: return nil
    }
  }

  private func scalarText(_ value: Value) -> String? {
    switch value {
    case .string(let text): return text
    case .number(let number): return number.text
    case .bool(let flag): return flag ? "true" : "false"
    default: return nil
    }
  }

  private func same(_ value: Value, _ expected: SchemaJSON, caseInsensitive: Bool) -> Bool {
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

  private func integer(_ json: SchemaJSON?) -> Int? {
    if case .number(let text)? = json { return Int(text) ?? Double(text).map { Int($0) } }
    return nil
  }

  private func double(_ json: SchemaJSON?) -> Double? {
    if case .number(let text)? = json { return Double(text) }
    return nil
  }

  private func schemaNumber(_ json: SchemaJSON?) -> String {
    if case .number(let text)? = json { return text }
    return "?"
  }

  private func renderSchema(_ json: SchemaJSON) -> String {
    switch json {
    case .string(let text):
      var out = ""
      SchemaJSON.writeString(text, to: &out)
      return out
    default: return json.compactSortedText
    }
  }
}

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
