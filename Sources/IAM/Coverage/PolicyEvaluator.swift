import CloudFormation

/// Decides whether a set of statements allows an action on a resource, with IAM's wildcards
/// in actions (case-insensitive) and ARNs.
///
/// Conditions are assumed satisfiable: an Allow with conditions allows, a Deny with conditions
/// does not deny (coverage must not report a call as missing because of a condition it cannot
/// evaluate). An unknown resource (`nil`) is allowed by any Allow naming the action and denied
/// only by an unconditional Deny on `*`.
///
/// ```swift
/// let evaluator = PolicyEvaluator(role: role)
/// evaluator.allows("s3:GetObject", on: .sub("arn:${AWS::Partition}:s3:::${Bucket}/input/a.jpg"))
/// ```
public struct PolicyEvaluator: Sendable {
  /// The statements evaluated.
  public var statements: [Statement]
  /// Resolves intrinsics in resources.
  public var resolver: ResourcePatternResolver

  /// An evaluator over statements.
  public init(
    statements: [Statement], resolver: ResourcePatternResolver = ResourcePatternResolver()
  ) {
    self.statements = statements
    self.resolver = resolver
  }

  /// An evaluator over every policy of a role (not its trust policy).
  public init(role: Role, resolver: ResourcePatternResolver = ResourcePatternResolver()) {
    self.init(statements: role.statements.map(\.statement), resolver: resolver)
  }

  /// Whether `action` is allowed on `resource` (`nil`: any or unknown resource).
  public func allows(_ action: String, on resource: Value? = nil) -> Bool {
    let denied = statements.contains { statement in
      statement.effect == .deny && statement.conditions.isEmpty
        && Self.names(statement.actions, action)
        && (resource.map { covers(statement.resources, $0, strict: true) }
          ?? (statement.resources?.isWildcard ?? true))
    }
    if denied { return false }
    return statements.contains { statement in
      statement.effect == .allow && Self.names(statement.actions, action)
        && (resource.map { covers(statement.resources, $0, strict: false) } ?? true)
    }
  }

  /// Whether an action list names `action`.
  public static func names(_ actions: ActionList, _ action: String) -> Bool {
    let name = action.lowercased()
    let matched = actions.patterns.contains { Glob($0, ignoringCase: true).matches(name) }
    return actions.isNegated ? !matched : matched
  }

  /// Whether the resource list includes `resource`, comparing as written: the same
  /// `${Bucket}` or `!GetAtt Table.Arn` on both sides is the same resource, and literal
  /// wildcards apply. Lenient (for Allow) also accepts entries that cannot be compared as
  /// written (`Fn::If`, `Fn::Join`, imports) when some deploy-time value of them could match.
  func covers(_ resources: ResourceList?, _ resource: Value, strict: Bool) -> Bool {
    guard let resources else { return true }
    let target = ValueText.symbolicGlob(resource)
    let included = resources.values.contains { value in
      if ValueText.symbolicGlob(value).covers(target) { return true }
      if strict || ValueText.isComparableAsWritten(value) { return false }
      let targetPatterns = resolver.patterns(for: resource)
      return resolver.patterns(for: value).contains { pattern in
        targetPatterns.contains { pattern.intersects($0) }
      }
    }
    return resources.isNegated ? !included : included
  }
}
