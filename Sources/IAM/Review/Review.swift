/// The result of `facestack iam review`: per role what it may do, its findings and coverage.
///
/// Independent of where the policies came from (a synth, files under `policies/`, a template).
public struct Review: Hashable, Sendable, Codable {
  /// One entry per role, sorted by name.
  public var roles: [RoleReview]
  /// Acknowledgements that matched no finding (stale: remove them).
  public var unusedAcknowledgements: [Acknowledgement]

  /// A review.
  public init(roles: [RoleReview], unusedAcknowledgements: [Acknowledgement] = []) {
    self.roles = roles
    self.unusedAcknowledgements = unusedAcknowledgements
  }

  /// Counts for the summary line.
  public var summary: Summary {
    Summary(
      roles: roles.count,
      errors: roles.reduce(0) {
        $0 + $1.findings.filter { $0.severity == .error }.count + ($1.coverage?.missing.count ?? 0)
      },
      warnings: roles.reduce(0) {
        $0 + $1.findings.filter { $0.severity == .warning }.count + ($1.coverage?.unused.count ?? 0)
      },
      acknowledged: roles.reduce(0) { $0 + $1.acknowledged.count },
      missing: roles.reduce(0) { $0 + ($1.coverage?.missing.count ?? 0) },
      unused: roles.reduce(0) { $0 + ($1.coverage?.unused.count ?? 0) })
  }

  /// Whether anything at or above `severity` is left unacknowledged (missing permissions are
  /// errors, unused ones warnings).
  public func fails(at severity: FindingSeverity) -> Bool {
    let summary = summary
    return summary.errors > 0 || (severity == .warning && summary.warnings > 0)
  }

  /// The summary counts.
  public struct Summary: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Roles reviewed.
    public var roles: Int
    /// Unacknowledged error findings plus missing permissions.
    public var errors: Int
    /// Unacknowledged warning findings plus unused permissions.
    public var warnings: Int
    /// Acknowledged findings.
    public var acknowledged: Int
    /// Missing permissions (coverage).
    public var missing: Int
    /// Unused permissions (coverage).
    public var unused: Int

    /// `4 roles: 1 error, 2 warnings, 1 acknowledged; coverage: 0 missing, 2 unused`.
    public var description: String {
      "\(roles) \(roles == 1 ? "role" : "roles"): \(errors) \(errors == 1 ? "error" : "errors"), "
        + "\(warnings) \(warnings == 1 ? "warning" : "warnings"), \(acknowledged) acknowledged; "
        + "coverage: \(missing) missing, \(unused) unused"
    }
  }
}

/// One role in a review.
public struct RoleReview: Hashable, Sendable, Codable {
  /// The role.
  public var role: String
  /// Who may assume it (`Service: lambda.amazonaws.com`).
  public var trustedBy: [String]
  /// What it may do, grouped by effect, access level and resource.
  public var permissions: [PermissionGroup]
  /// Managed policies attached by ARN, whose contents are not reviewed.
  public var managedPolicyARNs: [String]
  /// Unacknowledged findings.
  public var findings: [Finding]
  /// Acknowledged findings, with the reason.
  public var acknowledged: [AcknowledgedFinding]
  /// Handler coverage, for roles of functions or instances.
  public var coverage: CoverageReport?
}

/// Actions of one access level on one resource (set).
public struct PermissionGroup: Hashable, Sendable, Codable, Comparable {
  /// `Allow` or `Deny`.
  public var effect: Effect
  /// `Read`, `Write`, ..., or `Unknown` for actions the catalog lacks.
  public var accessLevel: String
  /// The resources, as written (`!GetAtt Table.Arn`), and any condition keys.
  public var resource: String
  /// The actions or patterns, sorted.
  public var actions: [String]

  /// Orders values for sorted, deterministic output.
  public static func < (lhs: PermissionGroup, rhs: PermissionGroup) -> Bool {
    (lhs.effect.rawValue, Self.order(lhs.accessLevel), lhs.resource) < (
      rhs.effect.rawValue, Self.order(rhs.accessLevel), rhs.resource
    )
  }

  static func order(_ level: String) -> Int {
    AccessLevel.allCases.firstIndex { $0.rawValue == level } ?? AccessLevel.allCases.count
  }
}

/// A finding with the acknowledgement that accepts it.
public struct AcknowledgedFinding: Hashable, Sendable, Codable {
  /// The finding.
  public var finding: Finding
  /// The acknowledgement's reason.
  public var reason: String
}
