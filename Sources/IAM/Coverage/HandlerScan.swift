import CloudFormation
import Foundation

/// The output of `scripts/scan_handler_calls.py` (format 1): every boto3 call a handler's code
/// makes, with the IAM actions it needs, and the calls it could not resolve.
///
/// ```swift
/// let scan = try HandlerScan(json: Data(contentsOf: URL(fileURLWithPath: "detect.calls.json")))
/// ```
public struct HandlerScan: Hashable, Sendable, Codable {
  /// The boto3 calls found.
  public var calls: [HandlerCall]
  /// Calls that might be boto3 calls but whose service could not be told.
  public var unresolved: [UnresolvedCall]
  /// The entry modules scanned.
  public var entries: [String]
  /// Every module followed.
  public var files: [String]

  /// A scan result.
  public init(
    calls: [HandlerCall], unresolved: [UnresolvedCall] = [], entries: [String] = [],
    files: [String] = []
  ) {
    self.calls = calls
    self.unresolved = unresolved
    self.entries = entries
    self.files = files
  }

  /// Decodes the scanner's JSON.
  public init(json: Data) throws {
    let decoded = try JSONDecoder().decode(HandlerScan.self, from: json)
    self = decoded
  }

  enum CodingKeys: String, CodingKey { case calls, unresolved, entries, files, format }

  public init(from decoder: Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let format = try container.decodeIfPresent(Int.self, forKey: .format) ?? 1
    guard format == 1 else {
      throw DecodingError.dataCorruptedError(
        forKey: .format, in: container,
        debugDescription: "unsupported handler scan format \(format), expected 1")
    }
    calls = try container.decode([HandlerCall].self, forKey: .calls)
    unresolved = try container.decodeIfPresent([UnresolvedCall].self, forKey: .unresolved) ?? []
    entries = try container.decodeIfPresent([String].self, forKey: .entries) ?? []
    files = try container.decodeIfPresent([String].self, forKey: .files) ?? []
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(1, forKey: .format)
    try container.encode(calls, forKey: .calls)
    try container.encode(unresolved, forKey: .unresolved)
    try container.encode(entries, forKey: .entries)
    try container.encode(files, forKey: .files)
  }
}

/// One boto3 call in a handler.
public struct HandlerCall: Hashable, Sendable, Codable {
  /// The file, relative to the repository.
  public var file: String
  /// 1-based line.
  public var line: Int
  /// 0-based column.
  public var column: Int
  /// The boto3 service (`s3`).
  public var service: String
  /// The method called (`get_object`, or `put_item` on a `Table`).
  public var operation: String
  /// The boto3 resource class, for the resource API (`Table`).
  public var resource: String?
  /// `client`, `resource`, `paginator`, ...
  public var via: String?
  /// Actions the call always needs.
  public var iamActions: [String]
  /// Actions it needs only in some cases (never reported missing, never unused).
  public var conditionalActions: [String]

  /// A call.
  public init(
    file: String, line: Int, column: Int = 0, service: String, operation: String,
    resource: String? = nil,
    via: String? = "client", iamActions: [String], conditionalActions: [String] = []
  ) {
    self.file = file
    self.line = line
    self.column = column
    self.service = service
    self.operation = operation
    self.resource = resource
    self.via = via
    self.iamActions = iamActions
    self.conditionalActions = conditionalActions
  }

  enum CodingKeys: String, CodingKey {
    case file, line, column, service, operation, resource, via
    case iamActions = "iam_actions"
    case conditionalActions = "conditional_actions"
  }

  public init(from decoder: Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    file = try container.decode(String.self, forKey: .file)
    line = try container.decode(Int.self, forKey: .line)
    column = try container.decodeIfPresent(Int.self, forKey: .column) ?? 0
    service = try container.decode(String.self, forKey: .service)
    operation = try container.decode(String.self, forKey: .operation)
    resource = try container.decodeIfPresent(String.self, forKey: .resource)
    via = try container.decodeIfPresent(String.self, forKey: .via)
    iamActions = try container.decodeIfPresent([String].self, forKey: .iamActions) ?? []
    conditionalActions =
      try container.decodeIfPresent([String].self, forKey: .conditionalActions) ?? []
  }

  /// `service.operation`, or `service.Resource.operation`.
  public var callName: String {
    [service, resource, operation].compactMap { $0 }.joined(separator: ".")
  }
}

/// A call the scanner could not resolve; coverage reports it, since its needs are unknown.
public struct UnresolvedCall: Hashable, Sendable, Codable {
  /// The file, relative to the repository.
  public var file: String
  /// 1-based line.
  public var line: Int
  /// The method called.
  public var operation: String
  /// The boto3 service, when known.
  public var service: String?
  /// Why the scanner could not resolve it.
  public var reason: String
}
