import CloudFormation

/// An IAM statement reduced to what decides access, with every list as a sorted set.
struct PolicyStatement: Hashable {
  var effect: String
  var actions: [String]
  var notAction: Bool
  var resources: [String]
  var notResource: Bool
  var principals: [String]
  var notPrincipal: Bool
  var conditions: [String]
  /// A key equal for two statements exactly when they grant the same.
  var key: String

  /// A statement from its map in a policy document, or nil when it is not a map.
  init?(_ value: Value, names: NamePrefixes?, side: Side) {
    guard case .map(let map) = value else { return nil }
    effect = map["Effect"].map(ValueFormatter.bare) ?? "Allow"
    notAction = map["Action"] == nil && map["NotAction"] != nil
    actions = Self.strings(map[notAction ? "NotAction" : "Action"])
    notResource = map["Resource"] == nil && map["NotResource"] != nil
    resources = Self.strings(map[notResource ? "NotResource" : "Resource"])
    notPrincipal = map["Principal"] == nil && map["NotPrincipal"] != nil
    principals = Self.principals(map[notPrincipal ? "NotPrincipal" : "Principal"])
    conditions = Self.conditions(map["Condition"])
    let fold: (String) -> String = { text in
      guard let names else { return text }
      return NameNormalizer.fold(text, prefix: side == .old ? names.from : names.to)
    }
    key = [
      effect, notAction ? "!A" : "A", actions.map { $0.lowercased() }.joined(separator: ","),
      notResource ? "!R" : "R", resources.map(fold).sorted().joined(separator: ","),
      notPrincipal ? "!P" : "P", principals.map(fold).joined(separator: ","),
      conditions.map(fold).joined(separator: ","),
    ].joined(separator: "|")
  }

  /// A statement built from parts (Lambda permissions, managed policy attachments).
  init(
    effect: String, actions: [String], resources: [String], principals: [String],
    conditions: [String]
  ) {
    self.effect = effect
    self.actions = actions.sorted()
    notAction = false
    self.resources = resources.sorted()
    notResource = false
    self.principals = principals.sorted()
    notPrincipal = false
    self.conditions = conditions.sorted()
    key = [
      effect, self.actions.joined(separator: ","), self.resources.joined(separator: ","),
      self.principals.joined(separator: ","), self.conditions.joined(separator: ","),
    ].joined(separator: "|")
  }

  var renderedActions: [String] { actions.map { notAction ? "NOT " + $0 : $0 } }
  var renderedResources: [String] { resources.map { notResource ? "NOT " + $0 : $0 } }
  var renderedPrincipals: [String] { principals.map { notPrincipal ? "NOT " + $0 : $0 } }

  /// Whether this Allow statement grants everything `other` grants (`s3:*` covers
  /// `s3:GetObject`; `arn:...:bucket/*` covers `arn:...:bucket/input/*`); conservative: when in
  /// doubt it does not cover, so a change is reported as broadening.
  func covers(_ other: PolicyStatement) -> Bool {
    guard effect == "Allow", other.effect == "Allow", !notAction, !notResource, !notPrincipal,
      !other.notAction, !other.notResource, !other.notPrincipal
    else { return key == other.key }
    guard conditions.isEmpty || conditions == other.conditions else { return false }
    let actionsCovered = other.actions.allSatisfy { action in
      actions.contains { Glob.matches(pattern: $0.lowercased(), action.lowercased()) }
    }
    let resourcesCovered =
      (resources.isEmpty && other.resources.isEmpty)
      || other.resources.allSatisfy { resource in
        resources.contains { Glob.matches(pattern: $0, resource) }
      }
    let principalsCovered =
      principals.contains("AWS:*") || Set(other.principals).isSubset(of: Set(principals))
    return actionsCovered && resourcesCovered && principalsCovered
  }

  private static func strings(_ value: Value?) -> [String] {
    switch value {
    case nil: return []
    case .list(let list)?: return Array(Set(list.map(ValueFormatter.bare))).sorted()
    case let single?: return [ValueFormatter.bare(single)]
    }
  }

  private static func principals(_ value: Value?) -> [String] {
    switch value {
    case nil: return []
    case .string("*")?: return ["AWS:*"]
    case .map(let map)?:
      return map.flatMap { entry in strings(entry.value).map { entry.key + ":" + $0 } }.sorted()
    case let other?: return [ValueFormatter.bare(other)]
    }
  }

  private static func conditions(_ value: Value?) -> [String] {
    guard case .map(let operators)? = value else {
      return value.map { [ValueFormatter.bare($0)] } ?? []
    }
    var result: [String] = []
    for (operation, keys) in operators {
      guard case .map(let keyMap) = keys else {
        result.append(operation + " " + ValueFormatter.bare(keys))
        continue
      }
      for (key, values) in keyMap {
        result.append(operation + " " + key + "=" + strings(values).joined(separator: ","))
      }
    }
    return result.sorted()
  }
}

/// IAM's wildcard matching: `*` any run of characters, `?` one character.
enum Glob {
  static func matches(pattern: String, _ text: String) -> Bool {
    if pattern == text || pattern == "*" { return true }
    guard pattern.contains("*") || pattern.contains("?") else { return false }
    let p = Array(pattern)
    let t = Array(text)
    var pi = 0
    var ti = 0
    var star = -1
    var mark = 0
    while ti < t.count {
      if pi < p.count, p[pi] == "?" || p[pi] == t[ti] {
        pi += 1
        ti += 1
      } else if pi < p.count, p[pi] == "*" {
        star = pi
        mark = ti
        pi += 1
      } else if star >= 0 {
        pi = star + 1
        mark += 1
        ti = mark
      } else {
        return false
      }
    }
    while pi < p.count, p[pi] == "*" { pi += 1 }
    return pi == p.count
  }
}
