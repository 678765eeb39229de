import Foundation

/// What each boto3 call needs from IAM, for the services the handlers use (the bundled
/// `boto3-iam-map.json`, see `Resources/README.md`).
///
/// ```swift
/// let map = try Boto3Map.bundled()
/// map.call(service: "s3", method: "list_objects_v2")?.actions   // ["s3:ListBucket"]
/// ```
public struct Boto3Map: Sendable {
  /// One boto3 method.
  public struct Call: Hashable, Sendable {
    /// The boto3 service name.
    public var service: String
    /// `get_object`, or `Table.put_item` for the resource API.
    public var method: String
    /// The botocore operation, when it is one.
    public var operation: String?
    /// Actions always needed.
    public var actions: [String]
    /// Actions needed only in some cases.
    public var conditionalActions: [String]
    /// Why the mapping is not one to one.
    public var note: String?
  }

  /// Every call by `service` then method.
  public let calls: [String: [String: Call]]
  /// The botocore version the map was generated from.
  public let botocoreVersion: String?

  /// The map bundled with the module, decoded on first use.
  public static func bundled() throws -> Boto3Map { try loaded.get() }

  private static let loaded: Result<Boto3Map, Error> = Result {
    guard let url = BundledResource.url("boto3-iam-map", "json") else {
      throw CatalogError("the bundled boto3-iam-map.json is missing")
    }
    return try Boto3Map(data: Data(contentsOf: url))
  }

  /// A map from the JSON of `boto3-iam-map.json` (format 1).
  public init(data: Data) throws {
    let file = try JSONDecoder().decode(Boto3MapFile.self, from: data)
    guard file.format == 1 else {
      throw CatalogError("unsupported boto3 map format \(file.format), expected 1")
    }
    var calls: [String: [String: Call]] = [:]
    for (service, entry) in file.services {
      var methods: [String: Call] = [:]
      var entries = entry.client ?? [:]
      for (className, resourceClass) in entry.resource ?? [:] {
        for (method, call) in resourceClass.methods ?? [:] {
          entries[className + "." + method] = call
        }
      }
      for (method, call) in entries {
        methods[method] = Call(
          service: service, method: method, operation: call.op, actions: call.actions,
          conditionalActions: call.conditional ?? [], note: call.note)
      }
      calls[service] = methods
    }
    self.calls = calls
    self.botocoreVersion = file.botocore
  }

  /// The call `service.method`, if mapped.
  public func call(service: String, method: String) -> Call? { calls[service]?[method] }

  /// Every call, sorted by service and method.
  public var allCalls: [Call] {
    calls.keys.sorted().flatMap { service in
      (calls[service] ?? [:]).keys.sorted().compactMap { calls[service]?[$0] }
    }
  }
}
