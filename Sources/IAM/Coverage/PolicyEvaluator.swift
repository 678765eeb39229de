import CloudFormation

/// Decides whether a set of statements allows an action on a resource, symbolically: the
/// coverage question of `iam review`, answered by the one evaluation core
/// (``PolicyEvaluation`` with a ``SymbolicRequestMatcher``).
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
    decision(action, on: resource).isAllowed
  }

  /// The core's decision for `action` on `resource`, with the deciding statement.
  public func decision(_ action: String, on resource: Value? = nil) -> Decision {
    let policy = EvaluatedPolicy(
      kind: .identity, name: "statements", document: PolicyDocument(statements: statements))
    return PolicyEvaluation.evaluate(
      SymbolicRequestMatcher(action: action, resource: resource, resolver: resolver),
      caller: .assumedRole, PolicySet(identity: [policy]))
  }

  /// Whether an action list names `action` (IAM's wildcards, case-insensitive).
  public static func names(_ actions: ActionList, _ action: String) -> Bool {
    ActionMatching.names(actions, action)
  }
}
