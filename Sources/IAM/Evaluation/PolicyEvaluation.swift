/// The evaluation order AWS documents ("Policy evaluation logic", "Determining whether a
/// request is allowed or denied within an account"), shared by the local gateway (concrete
/// requests) and `iam review`'s coverage (symbolic calls): one core, two modes.
///
/// 1. A Deny statement in any policy that applies → explicit deny.
/// 2. A caller that is a service or anonymous: only the resource policy can allow.
/// 3. Same account, a resource policy Allow naming the caller itself (user ARN, session ARN,
///    `*`) → allow; naming its role's ARN → allow unless a boundary or session policy does not
///    allow; naming its account → only delegates to the identity policies.
/// 4. No identity-based Allow → implicit deny ("no identity-based policy allows …").
/// 5. A permissions boundary without an Allow → implicit deny.
/// 6. A session policy without an Allow → implicit deny.
/// 7. Cross-account, or a resource whose policy must allow (KMS keys), and no resource policy
///    Allow (the account counts) → implicit deny.
/// 8. Allow.
///
/// A statement applies when its action, resource, principal (resource policies) and
/// conditions match. Symbolic answers (``MatchResult/mayMatch``) are read optimistically: an
/// Allow that may apply allows, a Deny that may apply does not deny.
///
/// ```swift
/// let decision = PolicyEvaluation.evaluate(request, policies)
/// decision.isAllowed; decision.statement; decision.message(for: request)
/// ```
public enum PolicyEvaluation {
  /// Evaluates a concrete request.
  public static func evaluate(_ request: AuthorizationRequest, _ policies: PolicySet) -> Decision {
    evaluate(
      ConcreteRequestMatcher(request), caller: request.principal.kind,
      crossAccount: request.isCrossAccount, policies)
  }

  /// Evaluates with any matcher; `caller` is the kind of principal asking.
  public static func evaluate<Matcher: RequestMatcher>(
    _ matcher: Matcher, caller: RequestPrincipal.Kind, crossAccount: Bool = false,
    _ policies: PolicySet
  ) -> Decision {
    for policy in policies.all {
      if let deny = firstStatement(.deny, in: policy, matcher) {
        return Decision(outcome: .explicitDeny, statement: deny.reference)
      }
    }
    let resourceGrant = policies.resource.flatMap { firstStatement(.allow, in: $0, matcher) }
    if caller == .service || caller == .anonymous {
      guard let resourceGrant, resourceGrant.grant == .direct else {
        return Decision(outcome: .implicitDeny, missing: .resource)
      }
      return Decision(outcome: .allow, statement: resourceGrant.reference)
    }
    let boundaryAllows = policies.permissionsBoundary.map {
      firstStatement(.allow, in: $0, matcher) != nil
    }
    let sessionAllows = policies.session.map { firstStatement(.allow, in: $0, matcher) != nil }
    if !crossAccount, let resourceGrant, resourceGrant.grant >= .role {
      if resourceGrant.grant == .role {
        if boundaryAllows == false {
          return Decision(outcome: .implicitDeny, missing: .permissionsBoundary)
        }
        if sessionAllows == false { return Decision(outcome: .implicitDeny, missing: .session) }
      }
      return Decision(outcome: .allow, statement: resourceGrant.reference)
    }
    var identityAllow: Match?
    for policy in policies.identity {
      identityAllow = firstStatement(.allow, in: policy, matcher)
      if identityAllow != nil { break }
    }
    guard let identityAllow else { return Decision(outcome: .implicitDeny, missing: .identity) }
    if boundaryAllows == false {
      return Decision(outcome: .implicitDeny, missing: .permissionsBoundary)
    }
    if sessionAllows == false { return Decision(outcome: .implicitDeny, missing: .session) }
    if crossAccount || policies.resourcePolicyRequired, resourceGrant == nil {
      return Decision(outcome: .implicitDeny, missing: .resource)
    }
    return Decision(outcome: .allow, statement: identityAllow.reference)
  }

  /// A statement that applies, and how it names the caller (resource policies).
  struct Match {
    var reference: StatementReference
    var grant: PrincipalGrant
  }

  /// The first statement of `effect` in `policy` that applies: certainly for a Deny, possibly
  /// for an Allow. In a resource policy the best grant among the Allows that apply is kept.
  static func firstStatement<Matcher: RequestMatcher>(
    _ effect: Effect, in policy: EvaluatedPolicy, _ matcher: Matcher
  ) -> Match? {
    let variables = policy.allowsVariables
    var best: Match?
    for (index, statement) in policy.document.statements.enumerated()
    where statement.effect == effect {
      var grant = PrincipalGrant.direct
      if policy.kind == .resource {
        grant = matcher.principalGrant(statement)
        if grant == .none { continue }
      }
      let applies =
        matcher.matchAction(statement.actions)
        && matcher.matchResources(statement.resources, variables: variables)
        && matcher.matchConditions(statement.conditions, variables: variables)
      guard effect == .deny ? applies.isCertain : applies.isPossible else { continue }
      let match = Match(
        reference: StatementReference(
          kind: policy.kind, policy: policy.name, index: index, sid: statement.sid, effect: effect),
        grant: grant)
      if policy.kind != .resource || grant == .direct { return match }
      if best.map({ $0.grant < grant }) ?? true { best = match }
    }
    return best
  }
}
