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

extension CatalogService {
  /// The service `prefix` as `iam-catalog.json` describes it.
  init(prefix: String, entry: CatalogFile.ServiceEntry) throws {
    var resourceTypes: [String: CatalogResourceType] = [:]
    for (name, resource) in entry.resources ?? [:] {
      resourceTypes[name] = CatalogResourceType(
        service: prefix, name: name, arnFormat: resource.arn, conditionKeys: resource.c ?? [])
    }
    var actions: [String: CatalogAction] = [:]
    for (name, action) in entry.actions {
      guard let level = AccessLevel(code: action.a) else {
        throw CatalogError("unknown access level '\(action.a)' of \(prefix):\(name)")
      }
      actions[name.lowercased()] = CatalogAction(
        service: prefix, name: name, accessLevel: level,
        resourceTypes: (action.r ?? []).map {
          .init(name: $0.t, required: $0.q ?? false, conditionKeys: $0.c ?? [])
        },
        conditionKeys: action.c ?? [], dependentActions: action.d ?? [])
    }
    self.init(
      prefix: prefix, name: entry.name, actionsByLowercasedName: actions,
      resourceTypes: resourceTypes, conditionKeys: entry.conditions ?? [:])
  }
}
