import CloudFormation

/// Answers the evaluation order's questions for a concrete ``AuthorizationRequest``: ARNs
/// matched with IAM's wildcards after policy variables are replaced, conditions evaluated on
/// the request's keys, principals compared with the caller.
public struct ConcreteRequestMatcher: RequestMatcher {
  /// The request.
  public var request: AuthorizationRequest

  /// A matcher for `request`.
  public init(_ request: AuthorizationRequest) { self.request = request }

  /// The request's action.
  public var action: String { request.action }

  /// Resource ARNs are case-sensitive; `*` and `?` are wildcards in the policy's text, not in
  /// the values of policy variables. A value that is not a string, or whose variable's key is
  /// absent, matches nothing.
  public func matchResources(_ resources: ResourceList?, variables: Bool) -> MatchResult {
    guard let resources else { return .matches }
    let included = resources.values.contains { value in
      guard case .string(let text) = value else { return false }
      if !variables {
        return PolicyVariables.glob([.init(text: text, literal: false)]).matches(request.resource)
      }
      guard case .resolved(let pieces) = PolicyVariables.substitute(text, request.context) else {
        return false
      }
      return PolicyVariables.glob(pieces).matches(request.resource)
    }
    return MatchResult(resources.isNegated ? !included : included)
  }

  /// Every test on the request's keys.
  public func matchConditions(_ conditions: [Condition], variables: Bool) -> MatchResult {
    ConditionEvaluator.evaluate(conditions, request.context, variables: variables)
  }

  /// `*` and the caller's own ARN (user, session, service) name it directly; its role's ARN
  /// names its sessions; its account (ID or `:root` ARN) names it through the account. With
  /// `NotPrincipal` the statement applies (as a direct grant) unless every identity of the
  /// caller is listed: for a session its ARN, its role's ARN and its account.
  public func principalGrant(_ statement: Statement) -> PrincipalGrant {
    guard let principal = statement.principal else { return .none }
    let caller = request.principal
    let rootARN = caller.account.map { "arn:\(partition):iam::\($0):root" }
    func grant(_ kind: Principal.Kind, _ identifier: Value) -> PrincipalGrant {
      guard case .string(let text) = identifier else { return .none }
      switch kind {
      case .aws:
        if text == "*" { return .direct }
        guard caller.kind == .user || caller.kind == .assumedRole else { return .none }
        if text == caller.arn { return .direct }
        if let role = caller.roleARN, text == role { return .role }
        if let account = caller.account, text == account || text == rootARN { return .account }
        return .none
      case .service:
        return caller.kind == .service && text == caller.arn ? .direct : .none
      case .federated, .canonicalUser:
        return .none
      }
    }
    guard statement.principalIsNegated else {
      return principal.pairs.map { grant($0.kind, $0.identifier) }.max() ?? .none
    }
    // NotPrincipal: the caller is left out only when each of its identities is listed.
    let listed = principal.pairs.compactMap { pair -> String? in
      guard case .string(let text) = pair.identifier, pair.kind == .aws || pair.kind == .service
      else { return nil }
      return text
    }
    if listed.contains("*") { return .none }
    var identities: [[String]] = [[caller.arn]]
    if let role = caller.roleARN { identities.append([role]) }
    if let account = caller.account, let rootARN { identities.append([account, rootARN]) }
    if caller.kind == .anonymous { identities = [[]] }
    let excluded = identities.allSatisfy { forms in forms.contains { listed.contains($0) } }
    return excluded ? .none : .direct
  }

  private var partition: String {
    ARNParts(request.principal.arn)?.partition ?? "aws"
  }
}
