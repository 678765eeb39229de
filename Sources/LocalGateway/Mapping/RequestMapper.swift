import IAM
import LocalHTTP

/// Maps an HTTP request to its operation and the IAM actions, resource ARNs and condition keys
/// it needs, with the bundled ``RequestMap``: the gateway's "what is this request asking".
///
/// ```swift
/// let mapper = try RequestMapper()
/// let mapped = try mapper.map(request, service: "s3",
///   context: ARNContext(region: "us-east-1", account: "123456789012"))
/// mapped.operation                         // "HeadObject"
/// mapped.authorizations.map(\.resource)    // ["arn:aws:s3:::images/input/a.jpg"]
/// ```
/// A request the map does not know is an error naming it (``RequestMappingError``): the
/// gateway denies it, never lets it through.
public struct RequestMapper: Sendable {
  /// The map.
  public let map: RequestMap
  /// The IAM catalog (ARN formats of resource types).
  public let catalog: IAMCatalog

  /// A mapper over the bundled map and catalog.
  public init() throws {
    try self.init(map: RequestMap.bundled(), catalog: IAMCatalog.bundled())
  }

  /// A mapper over `map` and `catalog`.
  public init(map: RequestMap, catalog: IAMCatalog) {
    self.map = map
    self.catalog = catalog
  }

  /// The operation of `request` sent to `service` (its signing name) and what it needs.
  /// `request.body` must be the plain payload (an `aws-chunked` body already decoded).
  public func map(_ request: LocalHTTP.HTTPRequest, service: String, context: ARNContext)
    throws(RequestMappingError) -> MappedRequest
  {
    guard let serviceMap = map.services[service] else {
      throw RequestMappingError.unknownService(service)
    }
    let recognized = try recognize(request, serviceMap)
    guard let operation = serviceMap.operations[recognized.operation] else {
      throw RequestMappingError.unknownOperation(
        service: serviceMap.prefix, operation: recognized.operation)
    }
    var input = RequestInput(
      labels: recognized.labels, query: QueryItems(request.rawQuery), headers: request.headers,
      body: .map([]))
    if operation.readsBody {
      if let body = recognized.body {
        input.body = body
      } else {
        input.body = try BodyDecoding.decode(request.body, recognized.wireProtocol)
      }
    }
    return MappedRequest(
      service: service, prefix: serviceMap.prefix, operation: operation.name,
      wireProtocol: recognized.wireProtocol,
      authorizations: operation.actions.flatMap { authorizations($0, input, context) })
  }

  /// The authorizations of one action rule.
  func authorizations(_ rule: ActionRule, _ input: RequestInput, _ context: ARNContext)
    -> [MappedAuthorization]
  {
    guard rule.when.allSatisfy({ input.render($0, context)?.isEmpty == false }),
      !rule.unless.contains(where: { input.render($0, context)?.isEmpty == false })
    else { return [] }
    var keys = ContextKeys()
    for (key, template) in rule.conditions {
      guard let values = input.render(template, context), !values.isEmpty else { continue }
      if key.contains("${TagKey}") {
        for pair in values {
          let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
          let tag = String(parts[0])
          keys[key.replacingOccurrences(of: "${TagKey}", with: tag)] =
            parts.count > 1 ? [String(parts[1])] : [""]
        }
      } else {
        keys[key] = values
      }
    }
    for candidate in rule.resources {
      guard let arns = input.render(candidate.template, context), !arns.isEmpty else { continue }
      if candidate.template.isBareReference,
        !arns.allSatisfy({ fits($0, type: candidate.type, action: rule.action) })
      {
        continue
      }
      return arns.map {
        MappedAuthorization(
          action: rule.action, resource: $0, resourceType: candidate.type, conditionKeys: keys)
      }
    }
    return [
      MappedAuthorization(
        action: rule.action, resource: "*", conditionKeys: keys,
        resourceUnbound: !rule.resources.isEmpty)
    ]
  }

  /// Whether an ARN read from an ARN-valued member is of the resource type the candidate names.
  private func fits(_ arn: String, type: String, action: String) -> Bool {
    let prefix = String(action.prefix { $0 != ":" })
    guard let format = catalog.service(prefix)?.resourceTypes[type] else { return false }
    return format.pattern.matches(arn)
  }

  private struct Recognized {
    var operation: String
    var wireProtocol: WireProtocol
    var labels: [String: String] = [:]
    var body: InputNode?
  }

  private func recognize(_ request: HTTPRequest, _ service: ServiceMap) throws(RequestMappingError)
    -> Recognized
  {
    let protocols = service.protocols
    if protocols.contains(.rpcV2CBOR), request.method == "POST" {
      let parts = request.rawPath.split(separator: "/")
      if parts.count == 4, parts[0] == "service", parts[2] == "operation" {
        return Recognized(operation: String(parts[3]), wireProtocol: .rpcV2CBOR)
      }
    }
    if protocols.contains(.json), let target = request.header("X-Amz-Target") {
      guard let dot = target.lastIndex(of: "."),
        service.targetPrefix == nil || String(target[..<dot]) == service.targetPrefix
      else {
        throw RequestMappingError.unknownOperation(service: service.prefix, operation: target)
      }
      return Recognized(
        operation: String(target[target.index(after: dot)...]), wireProtocol: .json)
    }
    let queryProtocol = protocols.first { $0 == .query || $0 == .ec2 }
    if let queryProtocol {
      if let action = QueryItems(request.rawQuery).first("Action") {
        let merged = request.rawQuery + "&" + String(decoding: request.body, as: UTF8.self)
        return Recognized(
          operation: action, wireProtocol: queryProtocol,
          body: BodyDecoding.form(merged))
      }
      let form = BodyDecoding.form(String(decoding: request.body, as: UTF8.self))
      if let action = form["Action"]?.text {
        return Recognized(operation: action, wireProtocol: queryProtocol, body: form)
      }
    }
    if let rest = protocols.first(where: { $0 == .restJSON || $0 == .restXML }) {
      let query = QueryItems(request.rawQuery)
      for (route, operation) in service.routes {
        if let labels = route.match(
          method: request.method, rawPath: request.rawPath, query: query,
          header: { request.header($0) })
        {
          return Recognized(operation: operation, wireProtocol: rest, labels: labels)
        }
      }
    }
    throw RequestMappingError.unknownOperation(service: service.prefix, operation: nil)
  }
}
