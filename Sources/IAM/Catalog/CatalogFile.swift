import CloudFormation

/// The JSON shape of `iam-catalog.json` (format 1); see `Resources/README.md`.
struct CatalogFile: Decodable {
  var format: Int
  var globalConditionKeys: [String: String]
  var services: [String: ServiceEntry]

  struct ServiceEntry: Decodable {
    var name: String
    var actions: [String: ActionEntry]
    var resources: [String: ResourceEntry]?
    var conditions: [String: String]?
  }

  struct ActionEntry: Decodable {
    var a: String
    var r: [ResourceUseEntry]?
    var c: [String]?
    var d: [String]?
  }

  struct ResourceUseEntry: Decodable {
    var t: String
    var q: Bool?
    var c: [String]?
  }

  struct ResourceEntry: Decodable {
    var arn: String
    var c: [String]?
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
      var code: String?
      var uses: [CatalogAction.ResourceTypeUse] = []
      var conditionKeys: [String] = []
      var dependentActions: [String] = []
      for (key, value) in action.members ?? [] {
        switch key {
        case "a": code = value.stringValue
        case "c": conditionKeys = try strings(value, "\(actionName).c")
        case "d": dependentActions = try strings(value, "\(actionName).d")
        case "r":
          guard let elements = value.elements else {
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
        default: continue
        }
      }
      guard let code else { throw CatalogError("action \(actionName) has no access level") }
      guard let level = AccessLevel(code: code) else {
        throw CatalogError("unknown access level '\(code)' of \(prefix):\(actionName)")
      }
      actions[actionName.lowercased()] = CatalogAction(
        service: prefix, name: actionName, accessLevel: level, resourceTypes: uses,
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

extension CatalogFile {
  /// A string → string object (a service's condition keys, the global condition keys).
  static func stringMap(json: JSONDocument, what: String) throws -> [String: String] {
    guard let members = json.members else { throw CatalogError("\(what) is not an object") }
    var map: [String: String] = [:]
    for (key, item) in members {
      guard let string = item.stringValue else {
        throw CatalogError("\(what).\(key) is not a string")
      }
      map[key] = string
    }
    return map
  }
}

/// The JSON shape of `boto3-iam-map.json` (format 1).
struct Boto3MapFile: Decodable {
  var format: Int
  var botocore: String?
  var services: [String: ServiceEntry]

  struct ServiceEntry: Decodable {
    var prefix: String?
    var client: [String: CallEntry]?
    var resource: [String: ResourceClass]?
  }

  struct ResourceClass: Decodable {
    var methods: [String: CallEntry]?
  }

  struct CallEntry: Decodable {
    var op: String?
    var actions: [String]
    var conditional: [String]?
    var source: String?
    var note: String?
  }
}
