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

extension CatalogFile.ServiceEntry {
  /// A service read from its JSON object with CloudFormation's JSON parser: what a run does for
  /// each service it uses. `JSONDecoder` took several times as long (generic decoding through
  /// runtime type lookups, issue 20), and this is on the path of every synth.
  init(json: JSONDocument) throws {
    func strings(_ value: JSONDocument?, _ what: String) throws -> [String]? {
      guard let value else { return nil }
      guard let elements = value.elements else { throw CatalogError("\(what) is not a list") }
      return try elements.map {
        guard let string = $0.stringValue else { throw CatalogError("\(what) holds a non-string") }
        return string
      }
    }
    guard let name = json["name"]?.stringValue, let actionMembers = json["actions"]?.members else {
      throw CatalogError("a service entry has no name or actions")
    }
    self.name = name
    var actions: [String: CatalogFile.ActionEntry] = [:]
    for (actionName, action) in actionMembers {
      guard let level = action["a"]?.stringValue else {
        throw CatalogError("action \(actionName) has no access level")
      }
      var uses: [CatalogFile.ResourceUseEntry]?
      if let list = action["r"] {
        guard let elements = list.elements else {
          throw CatalogError("action \(actionName)'s resources are not a list")
        }
        uses = try elements.map { use in
          guard let type = use["t"]?.stringValue else {
            throw CatalogError("action \(actionName) has a resource without a type")
          }
          return CatalogFile.ResourceUseEntry(
            t: type, q: use["q"]?.boolValue, c: try strings(use["c"], "\(actionName).r.c"))
        }
      }
      actions[actionName] = CatalogFile.ActionEntry(
        a: level, r: uses, c: try strings(action["c"], "\(actionName).c"),
        d: try strings(action["d"], "\(actionName).d"))
    }
    self.actions = actions
    if let resources = json["resources"] {
      guard let members = resources.members else {
        throw CatalogError("resources is not an object")
      }
      var map: [String: CatalogFile.ResourceEntry] = [:]
      for (type, resource) in members {
        guard let arn = resource["arn"]?.stringValue else {
          throw CatalogError("resource type \(type) has no arn")
        }
        map[type] = CatalogFile.ResourceEntry(arn: arn, c: try strings(resource["c"], "\(type).c"))
      }
      self.resources = map
    } else {
      self.resources = nil
    }
    self.conditions = try json["conditions"].map {
      try Self.stringMap(json: $0, what: "conditions")
    }
  }

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
