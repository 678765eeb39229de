/// One IAM statement that appears or disappears, in a role's inline policy, a managed policy, a
/// trust policy, a resource policy or a Lambda permission.
///
/// Statements compare as sets: reordering statements, actions or resources is no change.
public struct IAMStatementChange: Hashable, Sendable {
  /// The logical ID of the resource that holds the statement.
  public var resource: String
  /// That resource's type.
  public var resourceType: String
  /// Which document inside it: `AssumeRolePolicyDocument`, `Policies[PolicyName=detect]`,
  /// `PolicyDocument`, `KeyPolicy`, `ManagedPolicyArns`, `Permission`.
  public var document: String
  /// The kind of policy.
  public var policyKind: PolicyKind
  /// Added or removed.
  public var kind: ChangeKind
  /// `Allow` or `Deny`.
  public var effect: String
  /// The actions, sorted; prefixed with `NOT ` when the statement uses `NotAction`.
  public var actions: [String]
  /// The resources, sorted; prefixed with `NOT ` for `NotResource`.
  public var resources: [String]
  /// The principals, sorted (`Service:lambda.amazonaws.com`, `AWS:*`).
  public var principals: [String]
  /// The conditions, one per operator and key (`StringEquals aws:SourceAccount=${AWS::AccountId}`).
  public var conditions: [String]
  /// Whether this change grants access that the old template did not.
  public var broadens: Bool

  /// A statement change.
  public init(
    resource: String, resourceType: String, document: String, policyKind: PolicyKind,
    kind: ChangeKind, effect: String, actions: [String], resources: [String],
    principals: [String], conditions: [String], broadens: Bool
  ) {
    self.resource = resource
    self.resourceType = resourceType
    self.document = document
    self.policyKind = policyKind
    self.kind = kind
    self.effect = effect
    self.actions = actions
    self.resources = resources
    self.principals = principals
    self.conditions = conditions
    self.broadens = broadens
  }

  /// Where a statement lives.
  public enum PolicyKind: String, Codable, Hashable, Sendable {
    case identity
    case managed
    case trust
    case resource
    case managedPolicyAttachment = "managed-policy-attachment"
    case lambdaPermission = "lambda-permission"
  }
}

/// One security-group rule that appears or disappears.
public struct SecurityGroupRuleChange: Hashable, Sendable {
  /// The logical ID of the group (or of the standalone ingress/egress resource).
  public var resource: String
  /// The group, as written (`${WorkerSecurityGroup.GroupId}` for a standalone rule).
  public var group: String
  /// `ingress` or `egress`.
  public var direction: Direction
  /// Added or removed.
  public var kind: ChangeKind
  /// `tcp`, `udp`, `icmp` or `all`.
  public var ipProtocol: String
  /// `443`, `8000-8080` or `all`.
  public var ports: String
  /// The other side: a CIDR, a security group or a prefix list.
  public var peer: String
  /// The rule's description, when written.
  public var description: String?
  /// Whether an added ingress rule opens the ports to the whole internet.
  public var opensToWorld: Bool
  /// Whether this change allows traffic that the old template did not.
  public var broadens: Bool

  /// A rule change.
  public init(
    resource: String, group: String, direction: Direction, kind: ChangeKind, ipProtocol: String,
    ports: String, peer: String, description: String?, opensToWorld: Bool, broadens: Bool
  ) {
    self.resource = resource
    self.group = group
    self.direction = direction
    self.kind = kind
    self.ipProtocol = ipProtocol
    self.ports = ports
    self.peer = peer
    self.description = description
    self.opensToWorld = opensToWorld
    self.broadens = broadens
  }

  /// The direction of traffic a rule allows.
  public enum Direction: String, Codable, Hashable, Sendable {
    case ingress
    case egress
  }
}
