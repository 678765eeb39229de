import CloudFormation

/// How a resource policy statement's `Principal` names the caller, which decides how far its
/// Allow reaches (AWS: "Determining whether a request is allowed or denied within an account").
public enum PrincipalGrant: Int, Hashable, Sendable, Comparable {
  /// Not named.
  case none = 0
  /// Named through its account (`123456789012`, `arn:aws:iam::123456789012:root`): the account
  /// delegates to its own IAM policies, which must allow too.
  case account = 1
  /// Named through its role's ARN: allows, but a boundary or session policy still limits it.
  case role = 2
  /// Named itself (user ARN, session ARN, service, `*`): allows on its own.
  case direct = 3

  /// Orders grants from none to direct.
  public static func < (lhs: PrincipalGrant, rhs: PrincipalGrant) -> Bool {
    lhs.rawValue < rhs.rawValue
  }
}

/// What the evaluation order asks of a request, statement by statement. The gateway answers
/// for a concrete request (``ConcreteRequestMatcher``); `iam review`'s coverage for a call it
/// knows only symbolically, where answers may be ``MatchResult/mayMatch``.
public protocol RequestMatcher {
  /// The action asked for (`s3:GetObject`).
  var action: String { get }
  /// Whether `resources` (a statement's `Resource` / `NotResource`; nil when absent) include
  /// the request's resource. `variables`: whether `${…}` are policy variables.
  func matchResources(_ resources: ResourceList?, variables: Bool) -> MatchResult
  /// Whether every condition test holds.
  func matchConditions(_ conditions: [Condition], variables: Bool) -> MatchResult
  /// How a resource policy statement's `Principal` / `NotPrincipal` names the caller.
  func principalGrant(_ statement: Statement) -> PrincipalGrant
}

extension RequestMatcher {
  /// Whether `actions` (a statement's `Action` / `NotAction`) name the request's action,
  /// with IAM's wildcards, case-insensitively.
  public func matchAction(_ actions: ActionList) -> MatchResult {
    MatchResult(ActionMatching.names(actions, action))
  }
}

/// Matching of `Action` / `NotAction` patterns: IAM's wildcards, case-insensitive.
public enum ActionMatching {
  /// Whether an action list names `action`.
  public static func names(_ actions: ActionList, _ action: String) -> Bool {
    let name = action.lowercased()
    let matched = actions.patterns.contains { Glob($0, ignoringCase: true).matches(name) }
    return actions.isNegated ? !matched : matched
  }
}
