import CloudFormation

/// `allOf`, `anyOf`, `oneOf`, `not` and `if`/`then`/`else`, with messages that name what to
/// change rather than only that an alternative failed.
extension SchemaValidator {
  /// The errors `value` gets against `schema`, reported at `path` (warnings are dropped).
  func errors(_ value: Value, _ schema: SchemaJSON, at path: String, depth: Int)
    -> [SchemaDiagnostic]
  {
    var probe = SchemaValidator(definitions: definitions, root: root, checks: checks)
    probe.validate(value, against: schema, at: path, depth: depth + 1)
    return probe.diagnostics.filter { $0.severity == .error }
  }

  /// Whether `value` satisfies `schema` (warnings do not count against it).
  func matches(_ value: Value, _ schema: SchemaJSON, depth: Int) -> Bool {
    errors(value, schema, at: "", depth: depth).isEmpty
  }

  /// For alternatives that each require properties (`{"required": ["SimplePrefix"]}`), the names
  /// of each alternative's required properties and those of them the object sets.
  func requiredNames(_ value: Value, _ branches: [SchemaJSON]) -> ([String], [String])? {
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
  mutating func explainAlternatives(
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

  func target(of branch: SchemaJSON) -> SchemaJSON {
    guard let reference = branch["$ref"]?.stringValue, let target = resolve(reference) else {
      return branch
    }
    return target
  }

  /// When no alternative matches and exactly one of them has the value's type, its errors say
  /// more than "matches none": report those.
  mutating func explainNoMatch(
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
  // MARK: composition

  /// The property names of a branch that only says `required` (`{"required": ["A"]}`).
  func requiredOnly(_ branch: SchemaJSON) -> [String]? {
    guard let members = branch.members, !members.isEmpty,
      members.allSatisfy({ $0.0 == "required" || $0.0 == "type" })
    else { return nil }
    return branch["required"]?.stringList
  }

  func exactlyOne(_ names: [String], _ present: [String]) -> String {
    let found = present.isEmpty ? "none" : present.joined(separator: ", ")
    return "must set exactly one of \(names.joined(separator: ", ")), found \(found)"
  }

  mutating func checkComposition(
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

}
