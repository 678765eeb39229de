import CloudFormation

/// Reads policy documents from template values (intrinsics kept) or from JSON / YAML text.
///
/// ```swift
/// let document = try PolicyReader.read(resource.properties["PolicyDocument"]!)
/// let fromFile = try PolicyReader.read(bytes, file: "policies/dev/DetectRole.json")
/// ```
/// Every problem is one ``PolicyReadError`` naming the place in the document.
public enum PolicyReader {
  /// Reads a document from JSON or YAML bytes; errors are prefixed with `file`.
  public static func read(_ bytes: [UInt8], file: String) throws -> PolicyDocument {
    let value: Value
    do {
      value = try TemplateReader.readValue(bytes, file: file)
    } catch let error as TemplateError {
      throw PolicyReadError(path: "", message: error.description)
    }
    do {
      return try read(value)
    } catch let error as PolicyReadError {
      throw PolicyReadError(
        path: file + (error.path.isEmpty ? "" : ": " + error.path), message: error.message)
    }
  }

  /// Reads a document from a template value.
  public static func read(_ value: Value) throws -> PolicyDocument {
    guard let map = value.mapValue else {
      throw PolicyReadError(
        path: "", message: "a policy document must be a map, got \(value.kindDescription)")
    }
    for key in map.keys where !["Version", "Id", "Statement"].contains(key) {
      throw PolicyReadError(
        path: key, message: "unknown policy key '\(key)', expected Version, Id or Statement")
    }
    let version = try string(map["Version"], "Version")
    if let version, !["2012-10-17", "2008-10-17"].contains(version) {
      throw PolicyReadError(
        path: "Version", message: "unknown policy version '\(version)', expected 2012-10-17")
    }
    let statements: [Value]
    switch map["Statement"] {
    case .list(let list)?: statements = list
    case .map?: statements = [map["Statement"] ?? .null]
    case nil: throw PolicyReadError(path: "", message: "a policy document needs a Statement")
    case let other?:
      throw PolicyReadError(
        path: "Statement",
        message: "Statement must be a list or a map, got \(other.kindDescription)")
    }
    return PolicyDocument(
      version: version, id: try string(map["Id"], "Id"),
      statements: try statements.enumerated().map {
        try statement($0.element, path: "Statement[\($0.offset)]")
      })
  }

  /// Reads one statement.
  public static func statement(_ value: Value, path: String = "Statement") throws -> Statement {
    guard let map = value.mapValue else {
      throw PolicyReadError(
        path: path, message: "a statement must be a map, got \(value.kindDescription)")
    }
    let known = [
      "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource",
      "NotResource", "Condition",
    ]
    for key in map.keys where !known.contains(key) {
      throw PolicyReadError(path: "\(path).\(key)", message: "unknown statement key '\(key)'")
    }
    for (a, b) in [
      ("Action", "NotAction"), ("Resource", "NotResource"), ("Principal", "NotPrincipal"),
    ]
    where map.contains(a) && map.contains(b) {
      throw PolicyReadError(path: path, message: "a statement cannot have both \(a) and \(b)")
    }
    guard let effectText = try string(map["Effect"], "\(path).Effect") else {
      throw PolicyReadError(path: path, message: "a statement needs an Effect")
    }
    guard let effect = Effect(rawValue: effectText) else {
      throw PolicyReadError(
        path: "\(path).Effect", message: "Effect must be Allow or Deny, got '\(effectText)'")
    }
    let actions: ActionList
    if let list = map["Action"] {
      actions = .actions(try strings(list, "\(path).Action"))
    } else if let list = map["NotAction"] {
      actions = .notActions(try strings(list, "\(path).NotAction"))
    } else {
      throw PolicyReadError(path: path, message: "a statement needs an Action or a NotAction")
    }
    var resources: ResourceList?
    if let list = map["Resource"] {
      resources = .resources(values(list))
    } else if let list = map["NotResource"] {
      resources = .notResources(values(list))
    }
    var principal: Principal?
    let negated = map.contains("NotPrincipal")
    if let value = map["Principal"] ?? map["NotPrincipal"] {
      principal = try readPrincipal(
        value, path: "\(path).\(negated ? "NotPrincipal" : "Principal")")
    }
    return Statement(
      sid: try string(map["Sid"], "\(path).Sid"), effect: effect, principal: principal,
      principalIsNegated: negated, actions: actions, resources: resources,
      conditions: try readConditions(map["Condition"], path: "\(path).Condition"))
  }

  static func readPrincipal(_ value: Value, path: String) throws -> Principal {
    if value == "*" { return .any }
    guard let map = value.mapValue else {
      throw PolicyReadError(
        path: path, message: "a principal must be \"*\" or a map, got \(value.kindDescription)")
    }
    var entries: [Principal.Kind: [Value]] = [:]
    for (key, identifiers) in map {
      guard let kind = Principal.Kind(rawValue: key) else {
        throw PolicyReadError(
          path: "\(path).\(key)",
          message:
            "unknown principal kind '\(key)', expected AWS, CanonicalUser, Federated or Service")
      }
      entries[kind] = values(identifiers)
    }
    return .entries(entries)
  }

  static func readConditions(_ value: Value?, path: String) throws -> [Condition] {
    guard let value else { return [] }
    guard let map = value.mapValue else {
      throw PolicyReadError(
        path: path, message: "Condition must be a map, got \(value.kindDescription)")
    }
    var conditions: [Condition] = []
    for (name, tests) in map {
      let op: ConditionOperator
      do {
        op = try ConditionOperator(parsing: name)
      } catch let error as PolicyReadError {
        throw PolicyReadError(path: "\(path).\(name)", message: error.message)
      }
      guard let keys = tests.mapValue else {
        throw PolicyReadError(
          path: "\(path).\(name)",
          message: "a condition operator takes a map of keys, got \(tests.kindDescription)")
      }
      for (key, compared) in keys {
        conditions.append(Condition(op, key, values(compared)))
      }
    }
    return conditions
  }

  private static func values(_ value: Value) -> [Value] {
    value.listValue ?? [value]
  }

  private static func string(_ value: Value?, _ path: String) throws -> String? {
    guard let value else { return nil }
    guard let string = value.stringValue else {
      throw PolicyReadError(path: path, message: "expected a string, got \(value.kindDescription)")
    }
    return string
  }

  private static func strings(_ value: Value, _ path: String) throws -> [String] {
    try values(value).enumerated().map { index, element in
      guard let string = element.stringValue else {
        throw PolicyReadError(
          path: "\(path)[\(index)]",
          message: "an action must be a string, got \(element.kindDescription)")
      }
      return string
    }
  }
}
