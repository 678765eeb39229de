import CloudFormation

/// Compares two sets of roles (before and after) into a ``PolicyDiff``.
///
/// ```swift
/// let differ = PolicyDiffer(reviewer: IAMReviewer(catalog: try .bundled()))
/// let diff = differ.diff(base: try RoleLoader.roles(files: baseFiles), head: freshRoles)
/// print(DiffRenderer.markdown(diff))
/// ```
/// Access is **broadened** when an Allow grant appears that no grant before covers (action
/// and resource compared with IAM's wildcards, references compared as written, and a grant
/// losing conditions counts), when an unconditional Deny disappears, when the trust policy
/// gains a principal or loses a condition, or when a role with grants appears.
public struct PolicyDiffer: Sendable {
  /// Runs the rules on the head side (and on the base side unless `baseReviewer` is set).
  public var reviewer: IAMReviewer
  /// Runs the rules on the base side, when its references resolve through another template.
  public var baseReviewer: IAMReviewer?

  /// A differ; `baseReviewer` when the base roles come from another template than the head's.
  public init(reviewer: IAMReviewer, baseReviewer: IAMReviewer? = nil) {
    self.reviewer = reviewer
    self.baseReviewer = baseReviewer
  }

  /// The changes from `base` to `head`; findings acknowledged by `acknowledgements` are left out.
  public func diff(base: [Role], head: [Role], acknowledgements: [Acknowledgement] = [])
    -> PolicyDiff
  {
    let before = Dictionary(base.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    let after = Dictionary(head.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    let names = Set(before.keys).union(after.keys).sorted()
    return PolicyDiff(
      roles: names.compactMap { name in
        let diff = roleDiff(name, before[name], after[name], acknowledgements)
        return diff.isUnchanged ? nil : diff
      })
  }

  func roleDiff(_ name: String, _ base: Role?, _ head: Role?, _ acknowledgements: [Acknowledgement])
    -> RoleDiff
  {
    let status: RoleDiff.Status = base == nil ? .added : head == nil ? .removed : .modified
    let before = Grant.all(in: base?.statements.map(\.statement) ?? [])
    let after = Grant.all(in: head?.statements.map(\.statement) ?? [])
    let added = after.subtracting(before)
    let removed = before.subtracting(after)
    let trustBefore = AccessBroadening.trust(base?.trustStatements.map(\.statement) ?? [])
    let trustAfter = AccessBroadening.trust(head?.trustStatements.map(\.statement) ?? [])
    let trustAdded = trustAfter.subtracting(trustBefore)
    let broadenedBy =
      AccessBroadening.reasons(
        before: base?.statements.map(\.statement) ?? [],
        after: head?.statements.map(\.statement) ?? [])
      + AccessBroadening.newlyTrusted(
        before: base?.trustStatements.map(\.statement) ?? [],
        after: head?.trustStatements.map(\.statement) ?? []
      ).map { "trusts \($0)" }

    let findingsBefore = base.map((baseReviewer ?? reviewer).findings(for:)) ?? []
    let findingsAfter = head.map(reviewer.findings(for:)) ?? []
    let open = { (finding: Finding) in !acknowledgements.contains { $0.covers(finding) } }
    let keysBefore = Set(findingsBefore.map(\.key))
    let keysAfter = Set(findingsAfter.map(\.key))

    func actions(_ grants: Set<Grant>) -> Set<String> {
      Set(
        grants.filter { $0.effect == .allow }.map {
          ($0.negatedAction ? "all except " : "") + $0.action
        })
    }
    func resources(_ grants: Set<Grant>) -> Set<String> {
      Set(
        grants.filter { $0.effect == .allow }.compactMap { grant in
          grant.resource.map {
            (grant.negatedResource ? "all except " : "") + ValueText.describe($0)
          }
        })
    }
    var diff = RoleDiff(
      role: name, status: status,
      actionsAdded: actions(after).subtracting(actions(before)).sorted(),
      actionsRemoved: actions(before).subtracting(actions(after)).sorted(),
      resourcesAdded: resources(after).subtracting(resources(before)).sorted(),
      resourcesRemoved: resources(before).subtracting(resources(after)).sorted(),
      grantsAdded: added.map(\.text).sorted(), grantsRemoved: removed.map(\.text).sorted(),
      trustAdded: trustAdded.map(\.text).sorted(),
      trustRemoved: trustBefore.subtracting(trustAfter).map(\.text).sorted(),
      newFindings: findingsAfter.filter { !keysBefore.contains($0.key) && open($0) },
      resolvedFindings: findingsBefore.filter { !keysAfter.contains($0.key) && open($0) },
      broadened: !broadenedBy.isEmpty, broadenedBy: broadenedBy.sorted())
    diff.newAcknowledged = findingsAfter.filter { !keysBefore.contains($0.key) }.compactMap {
      finding in
      acknowledgements.first { $0.covers(finding) }.map {
        AcknowledgedFinding(finding: finding, reason: $0.reason)
      }
    }
    return diff
  }
}
