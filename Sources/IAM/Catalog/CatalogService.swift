/// One service of the catalog: its actions, resource types and condition keys.
public struct CatalogService: Hashable, Sendable {
  /// The prefix, as in `s3:GetObject`.
  public var prefix: String
  /// AWS's name of the service.
  public var name: String
  /// Actions by lowercased name.
  public var actionsByLowercasedName: [String: CatalogAction]
  /// Resource types by name.
  public var resourceTypes: [String: CatalogResourceType]
  /// Every condition key the service defines → its type.
  public var conditionKeys: [String: String]

  /// The action named `name`, case-insensitively.
  public func action(named name: String) -> CatalogAction? {
    actionsByLowercasedName[name.lowercased()]
  }

  /// Every action, sorted by name.
  public var actions: [CatalogAction] {
    actionsByLowercasedName.values.sorted { $0.name < $1.name }
  }
}
