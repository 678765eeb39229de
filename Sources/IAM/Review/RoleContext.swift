import CloudFormation

/// One role as the rules see it: its statements and, computed once, every action each Allow
/// statement grants (wildcards and `NotAction` expanded through the catalog).
public struct RoleContext: Sendable {
  /// The role.
  public let role: Role
  /// The catalog.
  public let catalog: IAMCatalog
  /// Resolves resource values to ARN patterns.
  public let resolver: ResourcePatternResolver
  /// The account the stack deploys to, when known; trust of any other account is external.
  public let accountID: String?
  /// What the Allow statements grant.
  public let grants: [Grant]

  /// One action granted by one statement.
  public struct Grant: Sendable {
    /// The action.
    public var action: CatalogAction
    /// The statement and where it is.
    public var statement: LocatedStatement
    /// Whether the resources include every resource (`*`, a pattern like `arn:aws:s3:::*`,
    /// or `NotResource`).
    public var isUnscoped: Bool
  }

  /// The context of `role`.
  public init(
    role: Role, catalog: IAMCatalog, resolver: ResourcePatternResolver = ResourcePatternResolver(),
    accountID: String? = nil
  ) {
    self.role = role
    self.catalog = catalog
    self.resolver = resolver
    self.accountID = accountID
    var grants: [Grant] = []
    for located in role.statements where located.statement.effect == .allow {
      let statement = located.statement
      let unscoped = RoleContext.isUnscoped(statement.resources, catalog: catalog)
      for action in RoleContext.expand(statement.actions, catalog: catalog) {
        grants.append(Grant(action: action, statement: located, isUnscoped: unscoped))
      }
    }
    self.grants = grants
  }

  /// The catalog actions an action list names (for `NotAction`, every other action).
  public static func expand(_ actions: ActionList, catalog: IAMCatalog) -> [CatalogAction] {
    switch actions {
    case .actions(let patterns):
      var seen = Set<String>()
      return patterns.flatMap { catalog.actions(matching: $0) }.filter {
        seen.insert($0.fullName).inserted
      }
    case .notActions(let patterns):
      let globs = patterns.map { Glob($0, ignoringCase: true) }
      return catalog.allActions.filter { action in
        !globs.contains { $0.matches(action.fullName.lowercased()) }
      }
    }
  }

  /// Whether resources include every resource of some type: `*`, `NotResource`, or an ARN
  /// whose resource part is only wildcards after an optional resource-type word of its service
  /// (`arn:aws:s3:::*`, `arn:*:kms:*:*:key/*`; not `arn:aws:s3:::images/*`).
  public static func isUnscoped(_ resources: ResourceList?, catalog: IAMCatalog) -> Bool {
    guard let resources else { return true }
    if resources.isNegated { return true }
    return resources.values.contains { value in
      guard case .string(let text) = value else { return false }
      return isUnscopedARN(text, catalog: catalog)
    }
  }

  /// See ``isUnscoped(_:catalog:)``.
  public static func isUnscopedARN(_ text: String, catalog: IAMCatalog) -> Bool {
    if text == "*" { return true }
    let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
    guard parts.count == 6, parts[0] == "arn" else { return false }
    var resource = Substring(parts[5])
    if let separator = resource.firstIndex(where: { $0 == "/" || $0 == ":" }) {
      let word = String(resource[...separator])
      let typeWords =
        (catalog.service(String(parts[2])).map { Array($0.resourceTypes.values) } ?? []).compactMap
      { type -> String? in
        let formatParts = type.arnFormat.split(
          separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard formatParts.count == 6 else { return nil }
        let formatResource = formatParts[5]
        guard let end = formatResource.firstIndex(where: { $0 == "/" || $0 == ":" }) else {
          return nil
        }
        let prefix = String(formatResource[...end])
        return prefix.contains("$") ? nil : prefix
      }
      if typeWords.contains(word) { resource = resource[resource.index(after: separator)...] }
    }
    return resource.contains("*") && resource.allSatisfy { $0 == "*" || $0 == "/" }
  }

  /// The grants of `fullName` (case-insensitive).
  public func grants(of fullName: String) -> [Grant] {
    let name = fullName.lowercased()
    return grants.filter { $0.action.fullName.lowercased() == name }
  }

  /// Whether `fullName` is granted at all.
  public func isGranted(_ fullName: String) -> Bool { !grants(of: fullName).isEmpty }
}
