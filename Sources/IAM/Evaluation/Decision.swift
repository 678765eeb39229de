/// The statement that decided a request: which policy, which statement in it.
public struct StatementReference: Hashable, Sendable, CustomStringConvertible {
  /// The kind of policy it is in.
  public var kind: PolicyKind
  /// The policy's name (``EvaluatedPolicy/name``).
  public var policy: String
  /// The statement's index in the policy.
  public var index: Int
  /// Its `Sid`, if any.
  public var sid: String?
  /// Its effect.
  public var effect: Effect

  /// A reference.
  public init(kind: PolicyKind, policy: String, index: Int, sid: String?, effect: Effect) {
    self.kind = kind
    self.policy = policy
    self.index = index
    self.sid = sid
    self.effect = effect
  }

  /// `identity-based policy role/StoreRole/Default, Statement[2] (Sid WriteProcessed)`.
  public var description: String {
    "\(kind.phrase) \(policy), Statement[\(index)]" + (sid.map { " (Sid \($0))" } ?? "")
  }
}

/// The outcome of evaluating one action on one resource, with what decided it.
///
/// ```swift
/// let decision = PolicyEvaluation.evaluate(request, policies)
/// if !decision.isAllowed { print(decision.message(for: request)) }
/// // User: arn:aws:sts::123456789012:assumed-role/StoreRole/s is not authorized to perform:
/// // s3:PutObject on resource: arn:aws:s3:::images/processed/a.json because no
/// // identity-based policy allows the s3:PutObject action
/// ```
public struct Decision: Hashable, Sendable {
  /// Allowed, denied by a Deny statement, or denied because nothing allows.
  public enum Outcome: String, Hashable, Sendable, Codable, CaseIterable {
    /// Allowed.
    case allow = "Allow"
    /// A Deny statement applies.
    case explicitDeny = "ExplicitDeny"
    /// No statement of a required kind allows.
    case implicitDeny = "ImplicitDeny"
  }

  /// The outcome.
  public var outcome: Outcome
  /// The deciding statement: the Allow that allowed, the Deny that denied; nil for an
  /// implicit deny.
  public var statement: StatementReference?
  /// For an implicit deny, the kind of policy in which no statement allows.
  public var missing: PolicyKind?

  /// A decision.
  public init(outcome: Outcome, statement: StatementReference? = nil, missing: PolicyKind? = nil) {
    self.outcome = outcome
    self.statement = statement
    self.missing = missing
  }

  /// Whether the request is allowed.
  public var isAllowed: Bool { outcome == .allow }

  /// Why, in a few words: `allowed by identity-based policy P, Statement[0]`,
  /// `explicit deny in resource-based policy B, Statement[1]`, `no identity-based policy allows
  /// the s3:PutObject action`.
  public func reason(action: String) -> String {
    switch outcome {
    case .allow:
      return "allowed by " + (statement?.description ?? "policy")
    case .explicitDeny:
      return "explicit deny in " + (statement?.description ?? "a policy")
    case .implicitDeny:
      return "no \((missing ?? .identity).phrase) allows the \(action) action"
    }
  }

  /// AWS's `AccessDenied` message for a denial: `User: ARN is not authorized to perform: ACTION
  /// on resource: ARN because no identity-based policy allows the ACTION action`, or `… with an
  /// explicit deny in a resource-based policy`. For an allowed request, the reason.
  public func message(principal: RequestPrincipal, action: String, resource: String) -> String {
    let head = "\(principal.messageName) is not authorized to perform: \(action)"
    let target = resource == "*" ? "" : " on resource: \(resource)"
    switch outcome {
    case .allow:
      return reason(action: action)
    case .explicitDeny:
      let kind = statement?.kind ?? .identity
      return head + target + " with an explicit deny in a\(article(kind)) \(kind.phrase)"
    case .implicitDeny:
      return head + target + " because " + reason(action: action)
    }
  }

  /// ``message(principal:action:resource:)`` for a request.
  public func message(for request: AuthorizationRequest) -> String {
    message(principal: request.principal, action: request.action, resource: request.resource)
  }

  private func article(_ kind: PolicyKind) -> String {
    kind == .identity ? "n" : ""
  }
}
