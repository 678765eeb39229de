/// The form parameters of an AWS Query protocol request (CloudFormation, STS, IAM), flattened
/// the way those services expect:
///
/// - a list of strings: `Capabilities.member.1=CAPABILITY_IAM`;
/// - a list of structures: `Parameters.member.1.ParameterKey=Env`,
///   `Parameters.member.1.ParameterValue=dev`, `Tags.member.2.Key=team`;
/// - a map: `Attributes.entry.1.key=...`, `Attributes.entry.1.value=...`.
///
/// Indexes start at 1. The body is `Action=...&Version=...&` then the parameters in insertion
/// order, form-encoded as botocore encodes them (Python's `urlencode`: RFC 3986 unreserved
/// characters kept, space as `+`, everything else `%XX`). AWS accepts any form encoding, but
/// moto re-encodes the parsed form that way to check the payload hash, so matching it keeps
/// signatures valid on the emulator.
public struct QueryParameters: Sendable, Equatable {
  /// Name and value pairs in order, not yet encoded.
  public private(set) var pairs: [(name: String, value: String)]

  /// Starts the parameters of `action` for API `version`.
  public init(action: String, version: String) {
    pairs = [("Action", action), ("Version", version)]
  }

  /// Adds `name=value`; a nil value adds nothing.
  public mutating func add(_ name: String, _ value: String?) {
    guard let value else { return }
    pairs.append((name, value))
  }

  /// Adds a boolean as `true` / `false`; nil adds nothing.
  public mutating func add(_ name: String, _ value: Bool?) {
    guard let value else { return }
    pairs.append((name, value ? "true" : "false"))
  }

  /// Adds an integer; nil adds nothing.
  public mutating func add(_ name: String, _ value: Int?) {
    guard let value else { return }
    pairs.append((name, String(value)))
  }

  /// Adds `name.member.N=value` for each value. An empty list adds nothing, because the Query
  /// protocol cannot tell an empty list from an absent one (use ``addEmptyList(_:)`` where an
  /// empty list means "clear").
  public mutating func addList(_ name: String, _ values: [String]) {
    for (index, value) in values.enumerated() {
      pairs.append(("\(name).member.\(index + 1)", value))
    }
  }

  /// Adds `name=` alone, which the Query protocol reads as an empty list.
  public mutating func addEmptyList(_ name: String) {
    pairs.append((name, ""))
  }

  /// Adds `name.member.N.Field=value` for each structure's fields, in the order given; nil
  /// field values are skipped.
  public mutating func addStructureList(_ name: String, _ structures: [[(String, String?)]]) {
    for (index, fields) in structures.enumerated() {
      for (field, value) in fields {
        guard let value else { continue }
        pairs.append(("\(name).member.\(index + 1).\(field)", value))
      }
    }
  }

  /// Adds `name.entry.N.key` / `name.entry.N.value`, sorted by key for a stable body.
  public mutating func addMap(_ name: String, _ map: [String: String]) {
    for (index, key) in map.keys.sorted().enumerated() {
      pairs.append(("\(name).entry.\(index + 1).key", key))
      pairs.append(("\(name).entry.\(index + 1).value", map[key] ?? ""))
    }
  }

  /// The value of `name`, for tests and logs.
  public subscript(_ name: String) -> String? {
    pairs.first(where: { $0.name == name })?.value
  }

  /// The `application/x-www-form-urlencoded` body.
  public var encodedBody: String {
    pairs.map { Self.formEncode($0.name) + "=" + Self.formEncode($0.value) }
      .joined(separator: "&")
  }

  /// `application/x-www-form-urlencoded` as Python's `quote_plus`: space becomes `+`.
  static func formEncode(_ text: String) -> String {
    text.split(separator: " ", omittingEmptySubsequences: false)
      .map { PercentEncoding.encode(String($0)) }
      .joined(separator: "+")
  }

  public static func == (lhs: QueryParameters, rhs: QueryParameters) -> Bool {
    lhs.pairs.elementsEqual(rhs.pairs, by: { $0 == $1 })
  }
}
