import Foundation

/// What a policy's conditions and variables can read about a request: each key's values, or
/// that the key is absent, or (symbolic evaluation) that nothing is known.
public enum ContextLookup: Hashable, Sendable {
  /// The key is in the request context with these values (one for a single-valued key).
  case values([String])
  /// The key is not in the request context.
  case absent
  /// Nothing is known (symbolic evaluation): a test of it may or may not hold.
  case unknown
}

/// A source of condition keys for ``ConditionEvaluator`` and policy variables.
public protocol ConditionKeySource: Sendable {
  /// The values of `key` (case-insensitive, as IAM compares condition keys).
  func lookup(_ key: String) -> ContextLookup
}

/// A context in which nothing is known: every condition may hold. `iam review`'s coverage
/// evaluates with it.
public struct UnknownContext: ConditionKeySource {
  /// The unknown context.
  public init() {}
  /// Always ``ContextLookup/unknown``.
  public func lookup(_ key: String) -> ContextLookup { .unknown }
}

/// The condition keys of a concrete request: each key with its values, keys compared
/// case-insensitively.
///
/// ```swift
/// var keys = ContextKeys(["aws:SecureTransport": ["true"]])
/// keys["aws:SourceArn"] = ["arn:aws:events:eu-west-1:123456789012:rule/r"]
/// keys.lookup("AWS:SECURETRANSPORT")   // .values(["true"])
/// ```
public struct ContextKeys: ConditionKeySource, Hashable, Sendable, Sequence {
  private var storage: [String: Entry]

  private struct Entry: Hashable, Sendable {
    var key: String
    var values: [String]
  }

  /// Keys and their values.
  public init(_ values: [String: [String]] = [:]) {
    storage = [:]
    for (key, list) in values { self[key] = list }
  }

  /// The values of `key`, or nil when absent; setting nil removes the key.
  public subscript(key: String) -> [String]? {
    get { storage[key.lowercased()]?.values }
    set {
      if let newValue {
        storage[key.lowercased()] = Entry(key: key, values: newValue)
      } else {
        storage[key.lowercased()] = nil
      }
    }
  }

  /// Adds the keys of `other`, replacing those already set.
  public mutating func merge(_ other: ContextKeys) {
    for (key, values) in other { self[key] = values }
  }

  /// ``ContextLookup/values(_:)`` or ``ContextLookup/absent``; never unknown.
  public func lookup(_ key: String) -> ContextLookup {
    storage[key.lowercased()].map { .values($0.values) } ?? .absent
  }

  /// Keys (as first written) and values, sorted by key.
  public func makeIterator() -> IndexingIterator<[(key: String, values: [String])]> {
    storage.values.sorted { $0.key.lowercased() < $1.key.lowercased() }
      .map { (key: $0.key, values: $0.values) }.makeIterator()
  }

  /// Whether no key is set.
  public var isEmpty: Bool { storage.isEmpty }

  /// The global keys AWS derives from the principal: `aws:PrincipalArn`, `aws:PrincipalAccount`,
  /// `aws:PrincipalType`, `aws:username`, `aws:userid`, `aws:PrincipalTag/…`,
  /// `aws:PrincipalIsAWSService`, `aws:PrincipalServiceName`.
  public static func principalKeys(_ principal: RequestPrincipal) -> ContextKeys {
    var keys = ContextKeys()
    switch principal.kind {
    case .user, .assumedRole:
      keys["aws:PrincipalArn"] = [principal.principalARN]
      if let account = principal.account { keys["aws:PrincipalAccount"] = [account] }
      keys["aws:PrincipalType"] = [principal.kind.rawValue]
      keys["aws:PrincipalIsAWSService"] = ["false"]
      if principal.kind == .user, let name = principal.userName { keys["aws:username"] = [name] }
      if let userID = principal.userID { keys["aws:userid"] = [userID] }
      for (tag, value) in principal.tags { keys["aws:PrincipalTag/\(tag)"] = [value] }
    case .service:
      keys["aws:PrincipalIsAWSService"] = ["true"]
      keys["aws:PrincipalServiceName"] = [principal.arn]
    case .anonymous:
      keys["aws:PrincipalType"] = ["Anonymous"]
      keys["aws:PrincipalIsAWSService"] = ["false"]
    }
    return keys
  }

  /// `aws:CurrentTime` (ISO 8601, seconds, UTC) and `aws:EpochTime` for `date`.
  public static func timeKeys(_ date: Date) -> ContextKeys {
    ContextKeys([
      "aws:CurrentTime": [UTCTimestamp.iso8601(date)],
      "aws:EpochTime": [String(Int(date.timeIntervalSince1970))],
    ])
  }
}
