/// The canonical request of SigV4: method, canonical path, canonical query, canonical headers,
/// signed header names and payload hash, one per line.
struct CanonicalRequest {
  let text: String
  let signedHeaders: String

  init(
    method: String, path: String, query: [(name: String, value: String)],
    headers: [(name: String, value: String)], payloadHash: String, normalizePath: Bool
  ) {
    let encoded = query.map {
      (name: PercentEncoding.encode($0.name), value: PercentEncoding.encode($0.value))
    }
    self.init(
      method: method, path: path, encodedQuery: encoded, headers: headers,
      payloadHash: payloadHash, normalizePath: normalizePath)
  }

  init(
    method: String, path: String, encodedQuery: [(name: String, value: String)],
    headers: [(name: String, value: String)], payloadHash: String, normalizePath: Bool
  ) {
    let canonicalPath = PercentEncoding.encode(
      normalizePath ? Self.normalize(path) : (path.isEmpty ? "/" : path), keepingSlash: true)
    let canonicalQuery =
      encodedQuery
      .sorted { $0.name == $1.name ? $0.value < $1.value : $0.name < $1.name }
      .map { "\($0.name)=\($0.value)" }
      .joined(separator: "&")
    let canonicalHeaders = Self.canonicalHeaders(headers)
    signedHeaders = canonicalHeaders.map(\.name).joined(separator: ";")
    text = [
      method, canonicalPath, canonicalQuery,
      canonicalHeaders.map { "\($0.name):\($0.value)\n" }.joined(),
      signedHeaders, payloadHash,
    ].joined(separator: "\n")
  }

  /// The `;`-joined, sorted, lower-case header names.
  static func signedHeaderNames(_ headers: [(name: String, value: String)]) -> String {
    canonicalHeaders(headers).map(\.name).joined(separator: ";")
  }

  /// Lower-cased names sorted by byte order; repeated headers joined with `,` in the order they
  /// appear; values trimmed with inner runs of whitespace (line folds included) collapsed.
  static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> [(
    name: String, value: String
  )] {
    var order: [String] = []
    var values: [String: [String]] = [:]
    for header in headers {
      let name = header.name.lowercased()
      if values[name] == nil { order.append(name) }
      values[name, default: []].append(collapseWhitespace(header.value))
    }
    return order.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
      .map { (name: $0, value: values[$0, default: []].joined(separator: ",")) }
  }

  static func collapseWhitespace(_ value: String) -> String {
    value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
      .joined(separator: " ")
  }

  /// RFC 3986 dot-segment removal plus collapsing of empty segments, keeping a trailing slash.
  static func normalize(_ path: String) -> String {
    var segments: [Substring] = []
    for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
      switch segment {
      case ".": continue
      case "..": _ = segments.popLast()
      default: segments.append(segment)
      }
    }
    var result = "/" + segments.joined(separator: "/")
    let endsInDirectory =
      path.hasSuffix("/") || path.hasSuffix("/.") || path.hasSuffix("/..")
    if endsInDirectory && !segments.isEmpty { result += "/" }
    return result
  }
}
