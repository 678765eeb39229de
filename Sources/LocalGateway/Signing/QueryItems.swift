import AWSClient

/// A query string split into decoded name/value pairs, in order: `a=1&b&c=x%20y`.
/// `+` stays a plus sign, as SigV4 reads it.
public struct QueryItems: Sendable {
  /// Decoded pairs; a flag without `=` has an empty value.
  public var items: [(name: String, value: String)]

  /// The items of a raw (percent-encoded) query string.
  public init(_ raw: String) {
    items = raw.split(separator: "&", omittingEmptySubsequences: true).map { part in
      let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let name = PercentEncoding.decode(String(pair[0]))
      let value = pair.count > 1 ? PercentEncoding.decode(String(pair[1])) : ""
      return (name: name, value: value)
    }
  }

  /// The first value of `name` (case-sensitive, as AWS's query names are).
  public func first(_ name: String) -> String? {
    items.first { $0.name == name }?.value
  }

  /// Whether `name` is present (with or without a value).
  public func contains(_ name: String) -> Bool { items.contains { $0.name == name } }
}
