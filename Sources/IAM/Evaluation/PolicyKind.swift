/// The kinds of policy AWS evaluates for a request in one account (Organizations' SCPs and
/// RCPs are not part of a local cloud).
public enum PolicyKind: String, Hashable, Sendable, Codable, CaseIterable {
  /// Inline and managed policies of the user or of the session's role.
  case identity
  /// The user's or role's permissions boundary.
  case permissionsBoundary
  /// The policy passed when the session was created (`sts:AssumeRole`'s `Policy`).
  case session
  /// The resource's own policy: bucket, queue, topic, function, key.
  case resource

  /// How AWS's messages name the kind: `identity-based policy`, `permissions boundary`, ...
  public var phrase: String {
    switch self {
    case .identity: return "identity-based policy"
    case .permissionsBoundary: return "permissions boundary"
    case .session: return "session policy"
    case .resource: return "resource-based policy"
    }
  }
}

/// One policy document taking part in an evaluation, with its kind and a name for messages.
public struct EvaluatedPolicy: Hashable, Sendable {
  /// Identity, boundary, session or resource policy.
  public var kind: PolicyKind
  /// A name a reader can find it by: `role/StoreRole/StoreRoleDefaultPolicy`,
  /// `arn:aws:iam::aws:policy/ReadOnlyAccess`, `bucket policy of images`.
  public var name: String
  /// The document.
  public var document: PolicyDocument

  /// A policy.
  public init(kind: PolicyKind, name: String, document: PolicyDocument) {
    self.kind = kind
    self.name = name
    self.document = document
  }

  /// Whether `${…}` is a policy variable here (version 2012-10-17); in 2008-10-17 it is text.
  public var allowsVariables: Bool { document.version != "2008-10-17" }
}

/// Every policy that applies to one request.
///
/// ```swift
/// let policies = PolicySet(
///   identity: [EvaluatedPolicy(kind: .identity, name: "role/StoreRole/Default", document: inline)],
///   resource: EvaluatedPolicy(kind: .resource, name: "bucket policy of images", document: bucketPolicy))
/// ```
public struct PolicySet: Hashable, Sendable {
  /// Identity-based policies (inline and managed) of the user or the session's role.
  public var identity: [EvaluatedPolicy]
  /// The permissions boundary, if one is set.
  public var permissionsBoundary: EvaluatedPolicy?
  /// The session policy, if the session was created with one.
  public var session: EvaluatedPolicy?
  /// The resource's policy, if it has one.
  public var resource: EvaluatedPolicy?
  /// Whether the resource policy itself must allow (directly, or by trusting the account), as
  /// for KMS keys and role trust policies: identity policies alone do not grant.
  public var resourcePolicyRequired: Bool

  /// A set of policies.
  public init(
    identity: [EvaluatedPolicy] = [], permissionsBoundary: EvaluatedPolicy? = nil,
    session: EvaluatedPolicy? = nil, resource: EvaluatedPolicy? = nil,
    resourcePolicyRequired: Bool = false
  ) {
    self.identity = identity
    self.permissionsBoundary = permissionsBoundary
    self.session = session
    self.resource = resource
    self.resourcePolicyRequired = resourcePolicyRequired
  }

  /// Every policy, identity first, then boundary, session and resource policy.
  public var all: [EvaluatedPolicy] {
    identity + [permissionsBoundary, session, resource].compactMap { $0 }
  }
}
