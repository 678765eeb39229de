import CloudFormation

/// What a deployment of the new template does to one resource, and why.
///
/// ```swift
/// // [~] AWS::DynamoDB::Table Results: will replace (Properties.TableName)
/// change.impact            // .willReplace
/// change.replacementCauses // [Properties.TableName]
/// change.danger?.retained  // true when UpdateReplacePolicy keeps the old table
/// ```
public struct ResourceChange: Hashable, Sendable {
  /// The logical ID in the new template (in the old one for a destroyed resource).
  public var logicalID: String
  /// For a rename: the logical ID in the old template.
  public var renamedFrom: String?
  /// The resource type in the new template (in the old one for a destroyed resource).
  public var type: String
  /// The old type, when the type changed.
  public var oldType: String?
  /// Added, removed, modified or renamed.
  public var status: Status
  /// What CloudFormation does to the resource.
  public var impact: ResourceImpact
  /// The properties that cause a replacement (or may cause one).
  public var replacementCauses: [PropertyPath]
  /// The values that differ, sorted by path; empty for added and removed resources.
  public var changes: [PropertyChange]
  /// How many top-level properties and attributes are unchanged (folded by the renderers).
  public var unchangedCount: Int
  /// Whether the resource type holds data (bucket, table, collection, log group, queue, key).
  public var isStateful: Bool
  /// Set when a stateful resource would be replaced or destroyed.
  public var danger: Danger?
  /// A hint for the reader, such as how to avoid a rename's replacement.
  public var hint: String?
  /// Where the impact comes from: the resource facts, or a change set's answer.
  public var impactSource: ImpactSource
  /// The `DeletionPolicy` that applies when the resource is deleted (the old template's).
  public var deletionPolicy: String?
  /// The `UpdateReplacePolicy` that applies when the resource is replaced (the new template's).
  public var updateReplacePolicy: String?
  /// The properties that give the resource its custom physical name (`Properties.TableName`),
  /// when they are set and keep their value: a replacement then cannot succeed (see
  /// ``customNameBlock``). Empty otherwise.
  public var customNameProperties: [PropertyPath] = []

  /// A resource change.
  public init(
    logicalID: String, renamedFrom: String? = nil, type: String, oldType: String? = nil,
    status: Status, impact: ResourceImpact, replacementCauses: [PropertyPath] = [],
    changes: [PropertyChange] = [], unchangedCount: Int = 0, isStateful: Bool = false,
    danger: Danger? = nil, hint: String? = nil, impactSource: ImpactSource = .resourceFacts,
    deletionPolicy: String? = nil, updateReplacePolicy: String? = nil
  ) {
    self.logicalID = logicalID
    self.renamedFrom = renamedFrom
    self.type = type
    self.oldType = oldType
    self.status = status
    self.impact = impact
    self.replacementCauses = replacementCauses
    self.changes = changes
    self.unchangedCount = unchangedCount
    self.isStateful = isStateful
    self.danger = danger
    self.hint = hint
    self.impactSource = impactSource
    self.deletionPolicy = deletionPolicy
    self.updateReplacePolicy = updateReplacePolicy
  }

  /// The danger of this change: set when a stateful resource is (or may be) replaced or
  /// destroyed, saying whether the policy that applies keeps its data.
  ///
  /// A deletion (or a rename, which deletes the old logical ID) follows the old template's
  /// `DeletionPolicy`; a replacement follows the `UpdateReplacePolicy` of the template being
  /// deployed.
  public var assessedDanger: Danger? {
    guard isStateful, impact.losesResource else { return nil }
    let deletes = status == .removed || status == .renamed
    let policyName = deletes ? "DeletionPolicy" : "UpdateReplacePolicy"
    let policy = deletes ? deletionPolicy : updateReplacePolicy
    let retained = policy.flatMap(DeletionPolicy.init(rawValue:))?.retainsData ?? false
    let verb: String
    switch impact {
    case .destroy: verb = "will be deleted"
    case .mayReplace, .unknown: verb = "may be replaced"
    default: verb = status == .renamed ? "will be replaced (renamed)" : "will be replaced"
    }
    let outcome =
      retained
      ? "\(policyName): \(policy ?? "") keeps the old resource and its data (orphaned from the stack)"
      : "its data will be lost (no \(policyName): Retain)"
    return Danger(
      policyName: policyName, policy: policy, retained: retained,
      message: "stateful \(oldType ?? type) \(verb); \(outcome)")
  }

  /// Whether the resource is new, gone, changed in place or under a new logical ID.
  public enum Status: String, Codable, Hashable, Sendable {
    case added
    case removed
    case modified
    case renamed
  }

  /// Where an impact comes from.
  public enum ImpactSource: String, Codable, Hashable, Sendable {
    /// Predicted offline from the resource facts (the provider schemas).
    case resourceFacts = "resource-facts"
    /// Answered by CloudFormation in a change set.
    case changeSet = "change-set"
  }
}

/// What CloudFormation does to a resource.
public enum ResourceImpact: String, Codable, Hashable, Sendable, CaseIterable {
  /// Created.
  case create
  /// Deleted (or left behind, when its `DeletionPolicy` retains it).
  case destroy
  /// Updated in place.
  case update
  /// Replaced for some values of a conditionally create-only property.
  case mayReplace = "may-replace"
  /// Replaced: a create-only property, the type or the logical ID changed.
  case willReplace = "will-replace"
  /// The resource type is not in the resource facts: it may be replaced.
  case unknown

  /// Whether the resource is (or may be) replaced or deleted.
  public var losesResource: Bool {
    switch self {
    case .destroy, .mayReplace, .willReplace, .unknown: return true
    case .create, .update: return false
    }
  }

  /// A short phrase for people: `will replace`, `may replace`, ...
  public var phrase: String {
    switch self {
    case .create: return "create"
    case .destroy: return "destroy"
    case .update: return "update in place"
    case .mayReplace: return "may replace"
    case .willReplace: return "will replace"
    case .unknown: return "impact unknown (may replace)"
    }
  }
}

/// A stateful resource that a deployment would replace or destroy.
public struct Danger: Hashable, Sendable {
  /// The policy that decides what happens to the data (`DeletionPolicy` for a deletion or a
  /// rename, `UpdateReplacePolicy` for a replacement), and its value, or nil when unset.
  public var policyName: String
  /// The policy's value, when set.
  public var policy: String?
  /// Whether the policy keeps the old resource and its data.
  public var retained: Bool
  /// One line for people.
  public var message: String

  /// A danger note.
  public init(policyName: String, policy: String?, retained: Bool, message: String) {
    self.policyName = policyName
    self.policy = policy
    self.retained = retained
    self.message = message
  }
}
