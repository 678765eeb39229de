/// An HTTP request as the local cloud's servers receive it: the raw target (path and query,
/// exactly as sent, which SigV4 verification needs), headers in order, the whole body.
public struct HTTPRequest: Sendable {
  /// `GET`, `PUT`, ...
  public var method: String
  /// The request target as sent: `/bucket/key%20x?uploads`.
  public var target: String
  /// Header fields in the order they arrived; names as sent.
  public var headers: [(name: String, value: String)]
  /// The body.
  public var body: [UInt8]
  /// Whether it arrived over TLS (`aws:SecureTransport`).
  public var isSecure: Bool
  /// The peer's address (`127.0.0.1`).
  public var remoteAddress: String?

  /// A request.
  public init(
    method: String, target: String, headers: [(name: String, value: String)] = [],
    body: [UInt8] = [], isSecure: Bool = false, remoteAddress: String? = nil
  ) {
    self.method = method
    self.target = target
    self.headers = headers
    self.body = body
    self.isSecure = isSecure
    self.remoteAddress = remoteAddress
  }

  /// The path, still percent-encoded.
  public var rawPath: String { String(target.prefix { $0 != "?" }) }

  /// The query string without `?` (empty when none), still percent-encoded.
  public var rawQuery: String {
    guard let index = target.firstIndex(of: "?") else { return "" }
    return String(target[target.index(after: index)...])
  }

  /// The first value of header `name` (case-insensitive).
  public func header(_ name: String) -> String? {
    headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
  }
}

/// An HTTP response.
public struct HTTPResponse: Sendable {
  /// The status code.
  public var status: Int
  /// Header fields; `Content-Length` is added by the server.
  public var headers: [(name: String, value: String)]
  /// The body.
  public var body: [UInt8]

  /// A response.
  public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  /// A response with a JSON (or any) text body.
  public init(status: Int, contentType: String, text: String) {
    self.init(
      status: status, headers: [("Content-Type", contentType)], body: Array(text.utf8))
  }

  /// The first value of header `name` (case-insensitive).
  public func header(_ name: String) -> String? {
    headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
  }

  /// The body as UTF-8 text.
  public var text: String { String(decoding: body, as: UTF8.self) }
}
