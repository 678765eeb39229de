import AWSClient

/// A REST operation's route: method, path template (`/{Bucket}/{Key+}`), the query flags its
/// `requestUri` names (`?tagging`, `?list-type=2`) and the query parameters and headers it
/// requires (`uploadId`, `x-amz-copy-source`).
struct RestRoute: Hashable, Sendable {
  enum Segment: Hashable, Sendable {
    case literal(String)
    case label(String)
    case greedy(String)
  }

  var method: String
  var segments: [Segment]
  var queryFlags: [(name: String, value: String?)]
  var requiredQuery: [String]
  var requiredHeaders: [String]

  static func == (lhs: RestRoute, rhs: RestRoute) -> Bool {
    lhs.method == rhs.method && lhs.segments == rhs.segments
      && lhs.queryFlags.elementsEqual(rhs.queryFlags, by: { $0 == $1 })
      && lhs.requiredQuery == rhs.requiredQuery && lhs.requiredHeaders == rhs.requiredHeaders
  }

  func hash(into hasher: inout Hasher) {
    hasher.combine(method)
    hasher.combine(segments)
  }

  /// `GET /{Bucket}/{Key+}?tagging` with `require` entries (`query:uploadId`, `header:…`).
  init(match: String, require: [String]) throws(RequestMapFileError) {
    let parts = match.split(separator: " ", maxSplits: 1)
    guard parts.count == 2 else { throw RequestMapFileError("malformed route '\(match)'") }
    method = String(parts[0])
    let uri = parts[1].split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
    segments = Self.trimmed(uri[0].split(separator: "/", omittingEmptySubsequences: false))
      .map { part in
        if part.hasPrefix("{"), part.hasSuffix("+}") {
          return .greedy(String(part.dropFirst().dropLast(2)))
        }
        if part.hasPrefix("{"), part.hasSuffix("}") {
          return .label(String(part.dropFirst().dropLast()))
        }
        return .literal(String(part))
      }
    queryFlags =
      uri.count > 1
      ? uri[1].split(separator: "&").map { flag in
        let pair = flag.split(separator: "=", maxSplits: 1)
        return (name: String(pair[0]), value: pair.count > 1 ? String(pair[1]) : nil)
      } : []
    requiredQuery = require.filter { $0.hasPrefix("query:") }.map { String($0.dropFirst(6)) }
    requiredHeaders = require.filter { $0.hasPrefix("header:") }.map {
      String($0.dropFirst(7)).lowercased()
    }
  }

  /// How specific a match is: query flags, then required parameters, then literal segments.
  var specificity: Int {
    queryFlags.count * 1000 + (requiredQuery.count + requiredHeaders.count) * 100
      + segments.filter { if case .literal = $0 { return true } else { return false } }.count
  }

  /// The labels of `path` when this route matches the request, else nil.
  func match(
    method: String, rawPath: String, query: QueryItems, header: (String) -> String?
  ) -> [String: String]? {
    guard method == self.method else { return nil }
    for flag in queryFlags {
      guard let value = query.items.first(where: { $0.name == flag.name })?.value else {
        return nil
      }
      if let expected = flag.value, expected != value { return nil }
    }
    for name in requiredQuery where !query.contains(name) { return nil }
    for name in requiredHeaders where header(name) == nil { return nil }
    let parts = Self.trimmed(rawPath.split(separator: "/", omittingEmptySubsequences: false))
    var labels: [String: String] = [:]
    var index = 0
    for (position, segment) in segments.enumerated() {
      switch segment {
      case .literal(let text):
        guard index < parts.count, PercentEncoding.decode(String(parts[index])) == text else {
          return nil
        }
        index += 1
      case .label(let name):
        guard index < parts.count, !parts[index].isEmpty else { return nil }
        labels[name] = PercentEncoding.decode(String(parts[index]))
        index += 1
      case .greedy(let name):
        guard position == segments.count - 1, index < parts.count else { return nil }
        let rest = parts[index...].joined(separator: "/")
        guard !rest.isEmpty else { return nil }
        labels[name] = PercentEncoding.decode(rest)
        index = parts.count
      }
    }
    return index == parts.count ? labels : nil
  }

  /// Path segments without the empty first one (the leading `/`) and a trailing empty one.
  private static func trimmed(_ parts: [Substring]) -> [Substring] {
    var result = Array(parts.dropFirst())
    if result.last?.isEmpty == true, result.count >= 1 { result.removeLast() }
    return result
  }
}
