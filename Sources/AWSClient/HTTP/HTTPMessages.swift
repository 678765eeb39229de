import Foundation

/// An HTTP request as the transport sends it.
public struct HTTPRequest: Sendable, Equatable, CustomStringConvertible,
  CustomDebugStringConvertible, CustomReflectable
{
  /// `GET`, `POST`, `PUT`, `HEAD`, `DELETE`.
  public var method: String
  /// The full URL, path and query already percent-encoded.
  public var url: URL
  /// Headers in order.
  public var headers: [HTTPHeader]
  /// The body.
  public var body: Data

  /// Creates a request.
  public init(method: String, url: URL, headers: [HTTPHeader] = [], body: Data = Data()) {
    self.method = method
    self.url = url
    self.headers = headers
    self.body = body
  }

  /// Method, URL and header names; the values of `Authorization` and `X-Amz-Security-Token`
  /// are redacted, the body is summarised by its size.
  public var description: String {
    let headerText = headers.map { header -> String in
      let name = header.name.lowercased()
      let hidden = name == "authorization" || name == "x-amz-security-token"
      return "\(header.name): \(hidden ? "<redacted>" : header.value)"
    }.joined(separator: ", ")
    return "HTTPRequest(\(method) \(url.absoluteString), [\(headerText)], \(body.count) bytes)"
  }

  public var debugDescription: String { description }

  public var customMirror: Mirror {
    Mirror(self, children: ["redacted": description], displayStyle: .struct)
  }

  /// The first value of header `name`, compared case-insensitively.
  public func header(_ name: String) -> String? {
    headers.first(where: { $0.name.lowercased() == name.lowercased() })?.value
  }
}

/// One header line.
public struct HTTPHeader: Sendable, Equatable {
  /// The header name.
  public var name: String
  /// The header value.
  public var value: String

  /// Creates a header.
  public init(_ name: String, _ value: String) {
    self.name = name
    self.value = value
  }
}

/// An HTTP response.
public struct HTTPResponse: Sendable, Equatable {
  /// The status code.
  public var statusCode: Int
  /// Headers, names lower-cased.
  public var headers: [String: String]
  /// The body.
  public var body: Data

  /// Creates a response; header names are lower-cased.
  public init(statusCode: Int, headers: [String: String] = [:], body: Data = Data()) {
    self.statusCode = statusCode
    self.headers = Dictionary(
      headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
    self.body = body
  }

  /// Creates a response with a UTF-8 body.
  public init(statusCode: Int, headers: [String: String] = [:], text: String) {
    self.init(statusCode: statusCode, headers: headers, body: Data(text.utf8))
  }

  /// The value of header `name` (any case).
  public func header(_ name: String) -> String? { headers[name.lowercased()] }

  /// The body as UTF-8 text.
  public var text: String { String(decoding: body, as: UTF8.self) }
}

/// A failure to get any HTTP response: refused connection, reset, DNS, timeout.
public struct HTTPTransportError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What happened, one line.
  public var message: String
  /// True when it was a timeout.
  public var isTimeout: Bool

  /// Creates an error.
  public init(message: String, isTimeout: Bool = false) {
    self.message = message
    self.isTimeout = isTimeout
  }

  public var description: String { message }
}
