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
