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
