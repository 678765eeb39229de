import Foundation

/// The bundled `request-map.json` (written by `scripts/update-request-map`, format in
/// `Resources/README.md`): for each service the local cloud serves, how to recognise each
/// operation and which actions, resources and condition keys it needs.
///
/// ```swift
/// let map = try RequestMap.bundled()
/// map.services["s3"]?.operations["HeadObject"]?.actions.map(\.action)   // ["s3:GetObject", "s3:GetObjectVersion"]
/// ```
public struct RequestMap: Sendable {
  /// Services by SigV4 signing name (`s3`, `states`, `monitoring`, `elasticloadbalancing`).
  public let services: [String: ServiceMap]
  /// The botocore version whose models generated the map.
  public let botocoreVersion: String

  /// The map bundled with the module, decoded on first use.
  public static func bundled() throws -> RequestMap { try loaded.get() }

  private static let loaded: Result<RequestMap, Error> = Result {
    guard let url = Bundle.module.url(forResource: "request-map", withExtension: "json") else {
      throw RequestMapFileError("the bundled request-map.json is missing")
    }
    return try RequestMap(data: Data(contentsOf: url))
  }

  /// A map from the JSON of `request-map.json` (format 1).
  public init(data: Data) throws {
    let file = try JSONDecoder().decode(RequestMapFile.self, from: data)
    guard file.format == 1 else {
      throw RequestMapFileError("unsupported format \(file.format), expected 1")
    }
    var services: [String: ServiceMap] = [:]
    for (name, entry) in file.services {
      services[name] = try ServiceMap(signingName: name, entry)
    }
    self.services = services
    botocoreVersion = file.botocore
  }
}

/// One service of the request map.
public struct ServiceMap: Sendable {
  /// The SigV4 signing name.
  public let signingName: String
  /// botocore's service name (`stepfunctions`, `elbv2`).
  public let model: String
  /// The IAM prefix (`states`, `elasticloadbalancing`).
  public let prefix: String
  /// Its protocols, the SDKs' choice first.
  public let protocols: [WireProtocol]
  /// The `X-Amz-Target` prefix (json) and CBOR service name.
  public let targetPrefix: String?
  /// The JSON protocol version (`1.0`, `1.1`) for `Content-Type`.
  public let jsonVersion: String?
  /// Operations by name.
  public let operations: [String: OperationMap]
  /// Operations with no IAM action: denied by name.
  public let unmapped: Set<String>
  /// REST routes, most specific first.
  let routes: [(route: RestRoute, operation: String)]

  init(signingName: String, _ entry: RequestMapFile.Service) throws {
    self.signingName = signingName
    model = entry.model
    prefix = entry.prefix
    protocols = try entry.protocols.map { name in
      guard let known = WireProtocol(rawValue: name) else {
        throw RequestMapFileError("unknown protocol \(name) of \(signingName)")
      }
      return known
    }
    targetPrefix = entry.targetPrefix
    jsonVersion = entry.jsonVersion
    unmapped = Set(entry.unmapped ?? [])
    var operations: [String: OperationMap] = [:]
    var routes: [(route: RestRoute, operation: String)] = []
    for (name, operation) in entry.operations {
      let mapped = try OperationMap(name: name, operation)
      operations[name] = mapped
      if let route = mapped.route { routes.append((route, name)) }
    }
    self.operations = operations
    self.routes = routes.sorted {
      ($0.route.specificity, $1.operation) > ($1.route.specificity, $0.operation)
    }
  }
}

/// One operation: its route (REST) and the actions it needs.
public struct OperationMap: Sendable {
  /// The operation's name.
  public let name: String
  /// The actions, each with its resources and condition keys; empty when the operation needs
  /// no permission (`sts:GetCallerIdentity`).
  public let actions: [ActionRule]
  let route: RestRoute?
  /// Whether any reference reads the body (then the body is parsed).
  let readsBody: Bool

  init(name: String, _ entry: RequestMapFile.Operation) throws {
    self.name = name
    actions = try entry.actions.map(ActionRule.init)
    route = try entry.match.map { match throws(RequestMapFileError) in
      try RestRoute(match: match, require: entry.require ?? [])
    }
    readsBody = actions.contains {
      $0.templates.contains {
        $0.references.contains {
          if case .body = $0.location { return true } else { return false }
        }
      }
    }
  }
}

/// One action an operation needs, with how to name its resources and condition keys.
public struct ActionRule: Sendable {
  /// `service:Action`.
  public let action: String
  let resources: [(template: ValueTemplate, type: String)]
  let when: [ValueTemplate]
  let unless: [ValueTemplate]
  let conditions: [(key: String, template: ValueTemplate)]

  init(_ entry: RequestMapFile.Action) throws {
    action = entry.action
    resources = try entry.resources.map { (try ValueTemplate($0.arn), $0.type) }
    when = try (entry.when ?? []).map { text throws(RequestMapFileError) in try ValueTemplate(text)
    }
    unless = try (entry.unless ?? []).map { text throws(RequestMapFileError) in
      try ValueTemplate(text)
    }
    conditions = try (entry.conditions ?? [:]).sorted { $0.key < $1.key }.map {
      (key: $0.key, template: try ValueTemplate($0.value))
    }
  }

  /// Every template of the rule.
  var templates: [ValueTemplate] {
    resources.map(\.template) + when + unless + conditions.map(\.template)
  }
}

/// The JSON shape of `request-map.json` (format 1).
struct RequestMapFile: Decodable {
  var format: Int
  var botocore: String
  var services: [String: Service]

  struct Service: Decodable {
    var model: String
    var prefix: String
    var protocols: [String]
    var targetPrefix: String?
    var jsonVersion: String?
    var apiVersion: String?
    var operations: [String: Operation]
    var unmapped: [String]?
  }

  struct Operation: Decodable {
    var actions: [Action]
    var match: String?
    var require: [String]?
  }

  struct Action: Decodable {
    var action: String
    var resources: [Resource]
    var when: [String]?
    var unless: [String]?
    var conditions: [String: String]?
  }

  struct Resource: Decodable {
    var arn: String
    var type: String
  }
}
