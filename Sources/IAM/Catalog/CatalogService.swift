import CloudFormation

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
      actions[name.lowercased()] = CatalogAction(
        service: prefix, name: name, accessLevel: try Self.accessLevel(action.a, prefix, name),
        resourceTypes: (action.r ?? []).map {
          .init(name: $0.t, required: $0.q ?? false, conditionKeys: $0.c ?? [])
        },
        conditionKeys: action.c ?? [], dependentActions: action.d ?? [])
    }
    self.init(
      prefix: prefix, name: entry.name, actionsByLowercasedName: actions,
      resourceTypes: resourceTypes, conditionKeys: entry.conditions ?? [:])
  }

  /// The access level an action's one-letter code names, for both ways of reading a service.
  static func accessLevel(_ code: String, _ prefix: String, _ action: String) throws
    -> AccessLevel
  {
    guard let level = AccessLevel(code: code) else {
      throw CatalogError("unknown access level '\(code)' of \(prefix):\(action)")
    }
    return level
  }
}

extension CatalogService {
  /// The service `prefix` read straight from its JSON object in `iam-catalog.json`, parsed by
  /// CloudFormation's JSON reader: what a run does for each service it uses. `JSONDecoder` took
  /// several times as long (generic decoding through runtime type lookups), and going through
  /// `CatalogFile.ServiceEntry` built every action twice (issue 20); the eager
  /// ``IAMCatalog/init(data:)`` still decodes that way, and the tests compare the two.
  init(prefix: String, json: JSONDocument) throws {
    func strings(_ value: JSONDocument?, _ what: @autoclosure () -> String) throws -> [String] {
      guard let value else { return [] }
      guard case .array(let elements) = value else {
        throw CatalogError("\(what()) is not a list")
      }
      return try elements.map {
        guard case .string(let string) = $0 else {
          throw CatalogError("\(what()) holds a non-string")
        }
        return string
      }
    }
    guard let name = json["name"]?.stringValue, let actionMembers = json["actions"]?.members else {
      throw CatalogError("a service entry has no name or actions")
    }
    var actions: [String: CatalogAction] = [:]
    for (actionName, action) in actionMembers {
      guard let code = action["a"]?.stringValue else {
        throw CatalogError("action \(actionName) has no access level")
      }
      var uses: [CatalogAction.ResourceTypeUse] = []
      if let list = action["r"] {
        guard let elements = list.elements else {
          throw CatalogError("action \(actionName)'s resources are not a list")
        }
        uses = try elements.map { use in
          guard let type = use["t"]?.stringValue else {
            throw CatalogError("action \(actionName) has a resource without a type")
          }
          return CatalogAction.ResourceTypeUse(
            name: type, required: use["q"]?.boolValue ?? false,
            conditionKeys: try strings(use["c"], "\(actionName).r.c"))
        }
      }
      let conditionKeys = try strings(action["c"], "\(actionName).c")
      let dependentActions = try strings(action["d"], "\(actionName).d")
      actions[actionName.lowercased()] = CatalogAction(
        service: prefix, name: actionName,
        accessLevel: try Self.accessLevel(code, prefix, actionName), resourceTypes: uses,
        conditionKeys: conditionKeys, dependentActions: dependentActions)
    }
    var resourceTypes: [String: CatalogResourceType] = [:]
    if let resources = json["resources"] {
      guard let members = resources.members else {
        throw CatalogError("resources is not an object")
      }
      for (type, resource) in members {
        guard let arn = resource["arn"]?.stringValue else {
          throw CatalogError("resource type \(type) has no arn")
        }
        resourceTypes[type] = CatalogResourceType(
          service: prefix, name: type, arnFormat: arn,
          conditionKeys: try strings(resource["c"], "\(type).c"))
      }
    }
    self.init(
      prefix: prefix, name: name, actionsByLowercasedName: actions,
      resourceTypes: resourceTypes,
      conditionKeys: try json["conditions"].map {
        try CatalogFile.stringMap(json: $0, what: "conditions")
      }
        ?? [:])
  }
}
