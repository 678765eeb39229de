import CloudFormation

/// Answers the evaluation order's questions for a call known only as the template writes it:
/// an action and perhaps a resource as a template value (`!Sub arn:…:${Bucket}/input/*`).
///
/// Resources compare as written (``ValueText/symbolicGlob(_:)``): the same `${Bucket}` or
/// `!GetAtt Table.Arn` on both sides is the same resource, literal wildcards apply. An entry
/// that cannot be compared as written (`Fn::If`, `Fn::Join`, an import) may match when some
/// deploy-time value of it could (``ResourcePatternResolver``). An unknown resource (`nil`) is
/// matched for certain only by `*`. Conditions are unknown, so a statement with conditions may
/// apply. ``PolicyEvaluation`` reads "may" optimistically: the coverage question.
public struct SymbolicRequestMatcher: RequestMatcher {
  /// The action.
  public var action: String
  /// The resource, or nil when the synth does not know it.
  public var resource: Value?
  /// Resolves intrinsics in resources.
  public var resolver: ResourcePatternResolver

  /// A matcher for `action` on `resource`.
  public init(action: String, resource: Value?, resolver: ResourcePatternResolver) {
    self.action = action
    self.resource = resource
    self.resolver = resolver
  }

  /// See the type's description.
  public func matchResources(_ resources: ResourceList?, variables: Bool) -> MatchResult {
    guard let resources else { return .matches }
    let included: MatchResult
    if let resource {
      let target = ValueText.symbolicGlob(resource)
      included = resources.values.anyMatch { value in
        if ValueText.symbolicGlob(value).covers(target) { return .matches }
        if ValueText.isComparableAsWritten(value) { return .doesNotMatch }
        let targetPatterns = resolver.patterns(for: resource)
        let possible = resolver.patterns(for: value).contains { pattern in
          targetPatterns.contains { pattern.intersects($0) }
        }
        return possible ? .mayMatch : .doesNotMatch
      }
    } else {
      included = resources.values.anyMatch { $0 == "*" ? .matches : .mayMatch }
    }
    return resources.isNegated ? !included : included
  }

  /// Unknown: ``ConditionEvaluator`` over an ``UnknownContext``.
  public func matchConditions(_ conditions: [Condition], variables: Bool) -> MatchResult {
    ConditionEvaluator.evaluate(conditions, UnknownContext(), variables: variables)
  }

  /// Coverage evaluates identity policies only; no resource policy names the caller.
  public func principalGrant(_ statement: Statement) -> PrincipalGrant { .none }
}
