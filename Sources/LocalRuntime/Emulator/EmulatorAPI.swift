import AWSClient
import Foundation
import LocalHTTP

/// The runtime's calls to the emulator's own APIs (moto's server on loopback): reading what was
/// deployed (rules, functions, state machines, roles) and writing what the cloud itself writes
/// (log events). Requests are signed with the local cloud's internal credentials; moto runs with
/// its own IAM enforcement off, and reads the service from the signature's scope.
///
/// Calls made *on a principal's behalf* (a function's, a role's) do not come through here: they
/// go through the IAM gateway.
///
/// ```swift
/// let emulator = EmulatorAPI(client: HTTPClient(host: "127.0.0.1", port: 5000), region: "us-east-1")
/// let rules = try await emulator.json("events", target: "AWSEvents.ListRules", body: [:])
/// ```
public struct EmulatorAPI: Sendable {
  /// The emulator.
  public var client: HTTPClient
  /// The region the local cloud serves.
  public var region: String

  /// The local cloud's own credentials toward the emulator (never given to anyone).
  static let internalCredentials = AWSCredentials(
    accessKeyID: "FSLOCALRUNTIME00000", secretAccessKey: "facestack-local-runtime",
    source: "local cloud")

  /// An API over `client`.
  public init(client: HTTPClient, region: String) {
    self.client = client
    self.region = region
  }

  /// A JSON-protocol call (`X-Amz-Target`), body and result as JSON objects.
  public func json(
    _ service: String, target: String, body: [String: Any], version: String = "1.1"
  ) async throws -> [String: Any] {
    let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
    let response = try await send(
      service: service, method: "POST", path: "/", query: [],
      headers: [
        ("Content-Type", "application/x-amz-json-\(version)"), ("X-Amz-Target", target),
      ], body: Array(data))
    return try Self.object(response, service: service, operation: target)
  }

  /// A REST-JSON call (Lambda): `path` decoded, query decoded.
  public func rest(
    _ service: String, method: String, path: String, query: [(String, String)] = [],
    body: [String: Any]? = nil
  ) async throws -> [String: Any] {
    let data = try body.map { try JSONSerialization.data(withJSONObject: $0, options: []) }
    let response = try await send(
      service: service, method: method, path: path, query: query,
      headers: data == nil ? [] : [("Content-Type", "application/json")],
      body: data.map(Array.init) ?? [])
    return try Self.object(response, service: service, operation: "\(method) \(path)")
  }

  /// A query-protocol call (IAM, STS): form parameters in, the XML response text out.
  public func query(
    _ service: String, action: String, version: String, parameters: [(String, String)]
  )
    async throws -> XMLTree
  {
    let form = ([("Action", action), ("Version", version)] + parameters).map {
      "\(PercentEncoding.encode($0.0))=\(PercentEncoding.encode($0.1))"
    }.joined(separator: "&")
    let response = try await send(
      service: service, method: "POST", path: "/", query: [],
      headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
      body: Array(form.utf8))
    guard (200..<300).contains(response.status) else {
      throw EmulatorError.failed(
        service: service, operation: action, status: response.status, message: response.text)
    }
    return try XMLTree.parse(Data(response.body))
  }

  /// A raw, signed call.
  public func send(
    service: String, method: String, path: String, query: [(String, String)],
    headers: [(String, String)], body: [UInt8]
  ) async throws -> LocalHTTP.HTTPResponse {
    let host = "\(client.host):\(client.port)"
    let signer = SigV4Signer(
      credentials: Self.internalCredentials, region: region, service: service)
    let signing = SigningRequest(
      method: method, path: path, query: query.map { ($0.0, $0.1) },
      headers: [("Host", host)] + headers.map { ($0.0, $0.1) }, body: Data(body))
    let signature = signer.signHeaders(signing, date: Date())
    let queryText = query.map {
      "\(PercentEncoding.encode($0.0))=\(PercentEncoding.encode($0.1))"
    }.joined(separator: "&")
    let target =
      PercentEncoding.encode(path, keepingSlash: true) + (queryText.isEmpty ? "" : "?" + queryText)
    return try await client.send(
      LocalHTTP.HTTPRequest(
        method: method, target: target,
        headers: [("Host", host)] + headers.map { ($0.0, $0.1) }
          + signature.headersToAdd.map { ($0.name, $0.value) },
        body: body))
  }

  static func object(_ response: LocalHTTP.HTTPResponse, service: String, operation: String) throws
    -> [String: Any]
  {
    guard (200..<300).contains(response.status) else {
      throw EmulatorError.failed(
        service: service, operation: operation, status: response.status, message: response.text)
    }
    guard !response.body.isEmpty else { return [:] }
    guard let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
    else {
      throw EmulatorError.unreadable(service: service, operation: operation)
    }
    return object
  }
}

/// The emulator refused a call, or answered something unreadable.
public enum EmulatorError: Error, Sendable, CustomStringConvertible {
  /// A non-2xx answer.
  case failed(service: String, operation: String, status: Int, message: String)
  /// A body that is not the expected JSON.
  case unreadable(service: String, operation: String)

  public var description: String {
    switch self {
    case .failed(let service, let operation, let status, let message):
      let line = message.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
      return "the emulator's \(service) \(operation) failed (\(status)): \(line)"
    case .unreadable(let service, let operation):
      return "the emulator's \(service) \(operation) answered something unreadable"
    }
  }

  /// The HTTP status, when the emulator answered.
  public var status: Int? {
    if case .failed(_, _, let status, _) = self { return status }
    return nil
  }
}
