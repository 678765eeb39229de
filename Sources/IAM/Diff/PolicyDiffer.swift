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
  /// Runs the rules on both sides.
  public var reviewer: IAMReviewer

  /// A differ.
  public init(reviewer: IAMReviewer) { self.reviewer = reviewer }

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

  struct GrantKey: Hashable {
    var effect: Effect
    var action: String
    var negatedAction: Bool
    var resource: Value?
    var negatedResource: Bool
    var conditions: [String]

    var text: String {
      var text = (effect == .deny ? "deny " : "") + (negatedAction ? "all except " : "") + action
      if let resource {
        text += " on " + (negatedResource ? "all except " : "") + ValueText.describe(resource)
      }
      if !conditions.isEmpty { text += " if " + conditions.joined(separator: ", ") }
      return text
    }
  }

  func grants(_ role: Role?) -> Set<GrantKey> {
    var result = Set<GrantKey>()
    for located in role?.statements ?? [] {
      let statement = located.statement
      let conditions = PolicyDiffer.conditionTexts(statement.conditions)
      let resources: [Value?] =
        statement.resources.map { $0.normalized.values.map(Optional.some) } ?? [
          Optional<Value>.none
        ]
      for action in statement.actions.normalized.patterns {
        for resource in resources {
          result.insert(
            GrantKey(
              effect: statement.effect, action: action, negatedAction: statement.actions.isNegated,
              resource: resource, negatedResource: statement.resources?.isNegated ?? false,
              conditions: conditions))
        }
      }
    }
    return result
  }

  static func conditionTexts(_ conditions: [Condition]) -> [String] {
    conditions.map { condition in
      "\(condition.operator) \(condition.key) \(condition.values.map(ValueText.describe).sorted().joined(separator: "|"))"
    }.sorted()
  }

  struct TrustKey: Hashable {
    var principal: String
    var conditions: [String]
    var text: String {
      principal + (conditions.isEmpty ? "" : " if " + conditions.joined(separator: ", "))
    }
  }

  func trust(_ role: Role?) -> Set<TrustKey> {
    var result = Set<TrustKey>()
    for located in role?.trustStatements ?? [] where located.statement.effect == .allow {
      let conditions = PolicyDiffer.conditionTexts(located.statement.conditions)
      for (kind, identifier) in located.statement.principal?.pairs ?? [] {
        result.insert(
          TrustKey(
            principal: "\(kind.rawValue): \(ValueText.describe(identifier))", conditions: conditions
          ))
      }
    }
    return result
  }

  /// Whether `old` allows everything `new` allows.
  func covers(_ old: GrantKey, _ new: GrantKey) -> Bool {
    guard old.effect == new.effect, old.negatedAction == new.negatedAction,
      old.negatedResource == new.negatedResource,
      Set(old.conditions).isSubset(of: Set(new.conditions))
    else { return false }
    let actionCovers: Bool
    if old.negatedAction {
      actionCovers = Glob(new.action, ignoringCase: true).covers(
        Glob(old.action, ignoringCase: true))
    } else {
      actionCovers = Glob(old.action, ignoringCase: true).covers(
        Glob(new.action, ignoringCase: true))
    }
    guard actionCovers else { return false }
    switch (old.resource, new.resource) {
    case (nil, _): return true
    case (_, nil): return false
    case (let before?, let after?):
      return old.negatedResource
        ? ValueText.symbolicGlob(after).covers(ValueText.symbolicGlob(before))
        : ValueText.symbolicGlob(before).covers(ValueText.symbolicGlob(after))
    }
  }

  func roleDiff(_ name: String, _ base: Role?, _ head: Role?, _ acknowledgements: [Acknowledgement])
    -> RoleDiff
  {
    let status: RoleDiff.Status = base == nil ? .added : head == nil ? .removed : .modified
    let before = grants(base)
    let after = grants(head)
    let added = after.subtracting(before)
    let removed = before.subtracting(after)
    var broadenedBy: [String] = []
    for grant in added where grant.effect == .allow {
      if !before.contains(where: { covers($0, grant) }) {
        broadenedBy.append("allows \(grant.text)")
      }
    }
    for grant in removed where grant.effect == .deny && grant.conditions.isEmpty {
      if !after.contains(where: { covers($0, grant) }) {
        broadenedBy.append("no longer denies \(grant.text.dropFirst("deny ".count))")
      }
    }
    let trustBefore = trust(base)
    let trustAfter = trust(head)
    let trustAdded = trustAfter.subtracting(trustBefore)
    for entry in trustAdded
    where !trustBefore.contains(where: {
      $0.principal == entry.principal && Set($0.conditions).isSubset(of: Set(entry.conditions))
    }) {
      broadenedBy.append("trusts \(entry.text)")
    }

    let findingsBefore = base.map(reviewer.findings(for:)) ?? []
    let findingsAfter = head.map(reviewer.findings(for:)) ?? []
    let open = { (finding: Finding) in !acknowledgements.contains { $0.covers(finding) } }
    let keysBefore = Set(findingsBefore.map(\.key))
    let keysAfter = Set(findingsAfter.map(\.key))

    func actions(_ grants: Set<GrantKey>) -> Set<String> {
      Set(
        grants.filter { $0.effect == .allow }.map {
          ($0.negatedAction ? "all except " : "") + $0.action
        })
    }
    func resources(_ grants: Set<GrantKey>) -> Set<String> {
      Set(
        grants.filter { $0.effect == .allow }.compactMap { grant in
          grant.resource.map {
            (grant.negatedResource ? "all except " : "") + ValueText.describe($0)
          }
        })
    }
    return RoleDiff(
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
  }
}
