/// A role with everything that decides what it may do: its trust policy and its policies.
///
/// ```swift
/// let role = Role(
///   name: "DetectFunctionRole",
///   trustPolicy: .trust(services: ["lambda.amazonaws.com"]),
///   policies: [NamedPolicy(name: "DetectFunctionRoleDefaultPolicy", kind: .inline, document: document)])
/// ```
public struct Role: Hashable, Sendable {
  /// The role's name in reviews: its logical ID in the template.
  public var name: String
  /// `AssumeRolePolicyDocument`.
  public var trustPolicy: PolicyDocument?
  /// Inline and customer managed policies attached to the role.
  public var policies: [NamedPolicy]
  /// ARNs of attached managed policies whose documents are not known (AWS managed ones).
  public var managedPolicyARNs: [String]

  /// A role.
  public init(
    name: String, trustPolicy: PolicyDocument? = nil, policies: [NamedPolicy] = [],
    managedPolicyARNs: [String] = []
  ) {
    self.name = name
    self.trustPolicy = trustPolicy
    self.policies = policies
    self.managedPolicyARNs = managedPolicyARNs
  }

  /// Every statement of the role's policies (not the trust policy), with where it is.
  public var statements: [LocatedStatement] {
    policies.flatMap { policy in
      policy.document.statements.enumerated().map { index, statement in
        LocatedStatement(
          statement: statement,
          location: StatementLocation(
            role: name, policy: policy.name, index: index, sid: statement.sid,
            sources: index < policy.statementSources.count
              && !policy.statementSources[index].isEmpty
              ? policy.statementSources[index] : nil))
      }
    }
  }

  /// The trust policy's statements, with where they are.
  public var trustStatements: [LocatedStatement] {
    (trustPolicy?.statements ?? []).enumerated().map { index, statement in
      LocatedStatement(
        statement: statement,
        location: StatementLocation(
          role: name, policy: StatementLocation.trustPolicyName, index: index, sid: statement.sid))
    }
  }
}

/// A policy document with its name, as attached to a role.
public struct NamedPolicy: Hashable, Sendable {
  /// How the policy is attached, which decides its size limit.
  public enum Kind: String, Hashable, Sendable, Codable {
    /// An inline policy (`AWS::IAM::Policy` or the role's `Policies`): 10,240 characters per
    /// role, all inline policies summed.
    case inline
    /// A customer managed policy (`AWS::IAM::ManagedPolicy`): 6,144 characters each.
    case managed
  }

  /// The policy name (or the managed policy's logical ID).
  public var name: String
  /// Inline or managed.
  public var kind: Kind
  /// The document.
  public var document: PolicyDocument
  /// For each statement of `document`, the stack source lines of the grants that produced it
  /// (`FaceRecognition/Pipeline.swift:142`), when the policy comes from the stack code.
  public var statementSources: [[String]] = []

  /// A named policy.
  public init(name: String, kind: Kind = .inline, document: PolicyDocument) {
    self.name = name
    self.kind = kind
    self.document = document
  }
}

/// Where a statement is: role, policy and index (the order as given, before the writer sorts).
public struct StatementLocation: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
  /// The name used for a role's trust policy.
  public static let trustPolicyName = "AssumeRolePolicyDocument"

  /// The role.
  public var role: String
  /// The policy's name, or `AssumeRolePolicyDocument`.
  public var policy: String
  /// The statement's index in the policy.
  public var index: Int
  /// The statement's `Sid`, if any.
  public var sid: String?
  /// The stack source lines of the grants that produced the statement, when known.
  public var sources: [String]?

  /// A location.
  public init(
    role: String, policy: String, index: Int, sid: String? = nil, sources: [String]? = nil
  ) {
    self.role = role
    self.policy = policy
    self.index = index
    self.sid = sid
    self.sources = sources
  }

  /// `Role/Policy/Statement[0]`, followed by ` (granted at File.swift:12)` when the grants'
  /// source lines are known.
  public var descriptionWithSources: String {
    guard let sources, !sources.isEmpty else { return description }
    return description + " (granted at \(sources.joined(separator: ", ")))"
  }

  /// `Role/Policy/Statement[0]` or `Role/Policy/Sid`.
  public var description: String {
    "\(role)/\(policy)/" + (sid ?? "Statement[\(index)]")
  }

  /// Orders values for sorted, deterministic output.
  public static func < (lhs: StatementLocation, rhs: StatementLocation) -> Bool {
    (lhs.role, lhs.policy, lhs.index) < (rhs.role, rhs.policy, rhs.index)
  }
}

/// A statement and where it is.
public struct LocatedStatement: Hashable, Sendable {
  /// The statement.
  public var statement: Statement
  /// Where it is.
  public var location: StatementLocation

  /// A located statement.
  public init(statement: Statement, location: StatementLocation) {
    self.statement = statement
    self.location = location
  }
}
