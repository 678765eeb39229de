import CloudFormation

/// Checks policies against the catalog at synth: unknown services and actions, wildcards that
/// match nothing, resources that match none of an action's resource types, `Resource: "*"` on
/// actions that can be scoped, and condition keys nobody defines.
///
/// ```swift
/// let validator = PolicyValidator(catalog: try .bundled(), resolver: ResourcePatternResolver(template: template))
/// let diagnostics = validator.validate(document, location: "stacks/FaceRecognition/Stack.swift:42")
/// ```
/// Every diagnostic is an error (AWS would reject the policy, or it would not do what it says),
/// one lowercase line, with the location the caller gave.
public struct PolicyValidator: Sendable {
  /// The catalog.
  public var catalog: IAMCatalog
  /// Turns resource values into ARN patterns.
  public var resolver: ResourcePatternResolver

  /// A validator.
  public init(catalog: IAMCatalog, resolver: ResourcePatternResolver = ResourcePatternResolver()) {
    self.catalog = catalog
    self.resolver = resolver
  }

  /// Diagnostics for every statement of an identity policy. `statementLocations[i]`, when given,
  /// is where statement `i` was written (a grant's source line); otherwise `location`.
  public func validate(
    _ document: PolicyDocument, location: String?, statementLocations: [String?] = []
  ) -> [Diagnostic] {
    document.statements.enumerated().flatMap { index, statement in
      let place =
        index < statementLocations.count ? statementLocations[index] ?? location : location
      return validate(statement, location: place)
    }
  }

  /// Diagnostics for one statement. The wildcards of ``wildcards(in:)`` are errors unless
  /// `wildcardsAcknowledged` (the grant carries a reason a reviewer reads).
  public func validate(
    _ statement: Statement, location: String?, wildcardsAcknowledged: Bool = false
  ) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    func error(_ message: ValidationMessage) {
      diagnostics.append(Diagnostic(.error, message.description, at: location))
    }
    let wildcards = Self.wildcards(in: statement)
    if !wildcardsAcknowledged { wildcards.forEach(error) }

    var known: [(pattern: String, actions: [CatalogAction])] = []
    for pattern in statement.actions.patterns {
      if pattern == "*" {
        known.append((pattern, []))
        continue
      }
      let parts = pattern.split(separator: ":", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
        error(.malformedAction(pattern))
        continue
      }
      let hasWildcard = Glob.hasWildcard(in: pattern)
      if !Glob.hasWildcard(in: parts[0]), catalog.service(parts[0]) == nil {
        error(.unknownService(parts[0], action: pattern))
        continue
      }
      let actions = catalog.actions(matching: pattern)
      if actions.isEmpty {
        error(
          hasWildcard
            ? .patternMatchesNothing(pattern)
            : .unknownAction(pattern, suggestion: suggestion(service: parts[0], name: parts[1])))
        continue
      }
      known.append((pattern, actions))
    }

    // Resource checks apply to Action lists of Allow statements: a Deny on "*" is normal, and
    // NotAction / NotResource name what is excluded.
    if statement.effect == .allow, !statement.actions.isNegated,
      case .resources(let values)? = statement.resources
    {
      let resources = values.map { (value: $0, patterns: resolver.patterns(for: $0)) }
      let hasStar = values.contains("*")
      for (pattern, actions) in known where !actions.isEmpty {
        let scopable = actions.filter(\.supportsResourceScoping)
        if hasStar {
          // Reported as a wildcard instead (an acknowledged one is accepted).
          if wildcards.contains(.passRoleOnStar), pattern.lowercased() == "iam:passrole" {
            continue
          }
          if scopable.count == actions.count {
            error(.starOnScopableAction(pattern, types: typeNames(scopable)))
          }
          continue
        }
        if scopable.isEmpty {
          error(.onlyStarSupported(pattern, got: values.map(ValueText.describe)))
          continue
        }
        let matched = scopable.contains { action in
          let formats = catalog.resourceTypes(of: action).map(\.pattern)
          return resources.contains { resource in
            resource.patterns.contains { candidate in formats.contains { $0.intersects(candidate) }
            }
          }
        }
        if !matched {
          error(
            .resourceMatchesNoType(
              values.map(ValueText.describe), action: pattern, types: typeNames(scopable)))
        }
      }
    }

    for condition in statement.conditions {
      let actions = known.flatMap(\.actions)
      let valid: Bool
      if known.contains(where: { $0.pattern == "*" }) || statement.actions.isNegated
        || actions.isEmpty
      {
        valid = catalog.isDefinedConditionKey(condition.key)
      } else {
        valid = actions.contains { catalog.isConditionKey(condition.key, validFor: $0) }
      }
      if !valid {
        error(.unknownConditionKey(condition.key, actions: known.map(\.pattern)))
      }
    }
    return diagnostics
  }

  /// The grants that are never right by accident: `*` or `service:*` in an Allow, an action
  /// pattern with a wildcard on `Resource: "*"`, and `iam:PassRole` on `Resource: "*"`.
  public static func wildcards(in statement: Statement) -> [ValidationMessage] {
    guard statement.effect == .allow, !statement.actions.isNegated else { return [] }
    let onStar: Bool
    if case .resources(let values)? = statement.resources {
      onStar = values.contains("*")
    } else {
      onStar = false
    }
    var messages: [ValidationMessage] = []
    for pattern in statement.actions.patterns {
      let name = pattern.split(separator: ":", maxSplits: 1).dropFirst().first.map(String.init)
      if pattern == "*" || name == "*" {
        messages.append(.serviceWildcard(pattern))
      } else if onStar, Glob.hasWildcard(in: pattern) {
        messages.append(.wildcardActionOnStar(pattern))
      } else if onStar, pattern.lowercased() == "iam:passrole" {
        messages.append(.passRoleOnStar)
      }
    }
    return messages
  }

  /// The service's action closest to `name` (edit distance at most 2, case-insensitive).
  func suggestion(service: String, name: String) -> String? {
    guard let service = catalog.service(service) else { return nil }
    let target = Array(name.lowercased())
    var best: (distance: Int, name: String)?
    for action in service.actions {
      let distance = Self.editDistance(target, Array(action.name.lowercased()), limit: 2)
      if distance <= 2, best == nil || distance < best?.distance ?? Int.max {
        best = (distance, action.fullName)
      }
    }
    return best?.name
  }

  static func editDistance(_ a: [Character], _ b: [Character], limit: Int) -> Int {
    if abs(a.count - b.count) > limit { return limit + 1 }
    var previous = Array(0...b.count)
    for (i, x) in a.enumerated() {
      var current = [i + 1] + Array(repeating: 0, count: b.count)
      for (j, y) in b.enumerated() {
        current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
      }
      previous = current
    }
    return previous[b.count]
  }

  private func typeNames(_ actions: [CatalogAction]) -> [String] {
    Array(Set(actions.flatMap { $0.resourceTypes.map(\.name) })).sorted()
  }
}
