/// The result of `facestack iam diff`: per role, what two revisions of its policies change.
///
/// Independent of how the policies were obtained (files at a git ref, a fresh synth).
public struct PolicyDiff: Hashable, Sendable, Codable {
  /// Roles that changed (added, removed or modified), sorted by name.
  public var roles: [RoleDiff]

  /// A diff.
  public init(roles: [RoleDiff]) { self.roles = roles }

  /// Whether any role may do more than before.
  public var broadened: Bool { roles.contains(where: \.broadened) }

  /// Whether nothing changed.
  public var isEmpty: Bool { roles.isEmpty }
}

/// What changed for one role.
public struct RoleDiff: Hashable, Sendable, Codable {
  /// How the role itself changed.
  public enum Status: String, Hashable, Sendable, Codable {
    /// Only after, only before, or in both.
    case added, removed, modified
  }

  /// The role.
  public var role: String
  /// Added, removed or modified.
  public var status: Status
  /// Allowed actions (as written) added and removed.
  public var actionsAdded: [String]
  /// Allowed actions removed.
  public var actionsRemoved: [String]
  /// Resources of Allow statements added and removed.
  public var resourcesAdded: [String]
  /// Resources removed.
  public var resourcesRemoved: [String]
  /// Individual grants (`action on resource [if keys]`) added and removed, Deny included.
  public var grantsAdded: [String]
  /// Grants removed.
  public var grantsRemoved: [String]
  /// Principals of the trust policy added and removed.
  public var trustAdded: [String]
  /// Principals no longer trusted.
  public var trustRemoved: [String]
  /// Findings present only after, and only before.
  public var newFindings: [Finding]
  /// Findings gone.
  public var resolvedFindings: [Finding]
  /// Findings present only after that the stack code acknowledges, with the reasons: a
  /// reviewer sees the wildcard a change adds even when its grant says why.
  public var newAcknowledged: [AcknowledgedFinding] = []
  /// Whether the role may do more (or be assumed by more) than before.
  public var broadened: Bool
  /// Why it is broadened, one line each.
  public var broadenedBy: [String]

  /// Whether nothing at all changed.
  var isUnchanged: Bool {
    status == .modified && grantsAdded.isEmpty && grantsRemoved.isEmpty && trustAdded.isEmpty
      && trustRemoved.isEmpty && newFindings.isEmpty && resolvedFindings.isEmpty
      && newAcknowledged.isEmpty
  }
}
