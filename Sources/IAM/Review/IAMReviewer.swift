import CloudFormation

/// Runs the risk rules over roles, applies acknowledgements and attaches coverage.
///
/// ```swift
/// let reviewer = IAMReviewer(catalog: try .bundled(), resolver: ResourcePatternResolver(template: template))
/// let review = reviewer.review(
///   roles: roles,
///   acknowledgements: [Acknowledgement(rule: "resource-exposure", role: "EnrollRole", reason: "...")],
///   coverage: [checker.check(function: "detect", role: detectRole, scan: scan)])
/// print(ReviewRenderer.markdown(review))
/// ```
public struct IAMReviewer: Sendable {
  /// The catalog.
  public var catalog: IAMCatalog
  /// Resolves intrinsics.
  public var resolver: ResourcePatternResolver
  /// The stack's account, when known.
  public var accountID: String?
  /// The rules run.
  public var rules: [any ReviewRule]

  /// A reviewer with every rule.
  public init(
    catalog: IAMCatalog, resolver: ResourcePatternResolver = ResourcePatternResolver(),
    accountID: String? = nil, rules: [any ReviewRule] = ReviewRules.all
  ) {
    self.catalog = catalog
    self.resolver = resolver
    self.accountID = accountID
    self.rules = rules
  }

  /// Every finding of every rule for one role, before acknowledgements.
  public func findings(for role: Role) -> [Finding] {
    let context = RoleContext(
      role: role, catalog: catalog, resolver: resolver, accountID: accountID)
    return rules.flatMap { $0.findings(in: context) }.sorted()
  }

  /// The review of `roles`.
  public func review(
    roles: [Role], acknowledgements: [Acknowledgement] = [], coverage: [CoverageReport] = []
  ) -> Review {
    var used = Set<Acknowledgement>()
    let reviews = roles.sorted { $0.name < $1.name }.map { role -> RoleReview in
      var open: [Finding] = []
      var acknowledged: [AcknowledgedFinding] = []
      for finding in findings(for: role) {
        if let acknowledgement = acknowledgements.first(where: { $0.covers(finding) }) {
          used.insert(acknowledgement)
          acknowledged.append(AcknowledgedFinding(finding: finding, reason: acknowledgement.reason))
        } else {
          open.append(finding)
        }
      }
      return RoleReview(
        role: role.name, trustedBy: trustedBy(role), permissions: permissions(role),
        managedPolicyARNs: role.managedPolicyARNs.sorted(), findings: open,
        acknowledged: acknowledged,
        coverage: coverage.first { $0.role == role.name })
    }
    return Review(
      roles: reviews, unusedAcknowledgements: acknowledgements.filter { !used.contains($0) })
  }

  func trustedBy(_ role: Role) -> [String] {
    var result: [String] = []
    for located in role.trustStatements where located.statement.effect == .allow {
      let conditions = located.statement.conditions.map(\.key)
      let suffix =
        conditions.isEmpty ? "" : " (if \(Array(Set(conditions)).sorted().joined(separator: ", ")))"
      for (kind, identifier) in located.statement.principal?.pairs ?? [] {
        result.append("\(kind.rawValue): \(ValueText.describe(identifier))\(suffix)")
      }
    }
    return Array(Set(result)).sorted()
  }

  /// What the role may do, grouped by effect, access level and resource.
  public func permissions(_ role: Role) -> [PermissionGroup] {
    var groups: [String: PermissionGroup] = [:]
    for located in role.statements {
      let statement = located.statement
      var resource =
        statement.resources.map { list in
          (list.isNegated ? "all except " : "")
            + list.normalized.values.map(ValueText.describe).joined(separator: ", ")
        } ?? "*"
      let keys = Array(Set(statement.conditions.map(\.key))).sorted()
      if !keys.isEmpty { resource += " (if \(keys.joined(separator: ", ")))" }
      for pattern in statement.actions.normalized.patterns {
        let text = statement.actions.isNegated ? "all except \(pattern)" : pattern
        let levels: [String]
        if statement.actions.isNegated {
          levels = ["Unknown"]
        } else {
          let matched = catalog.actions(matching: pattern)
          levels =
            matched.isEmpty
            ? ["Unknown"] : Array(Set(matched.map(\.accessLevel))).sorted().map(\.rawValue)
        }
        for level in levels {
          let key = "\(statement.effect.rawValue)|\(level)|\(resource)"
          var group =
            groups[key]
            ?? PermissionGroup(
              effect: statement.effect, accessLevel: level, resource: resource, actions: [])
          if !group.actions.contains(text) { group.actions.append(text) }
          groups[key] = group
        }
      }
    }
    return groups.values.map { group in
      var sorted = group
      sorted.actions.sort { $0.lowercased() < $1.lowercased() }
      return sorted
    }.sorted()
  }
}
