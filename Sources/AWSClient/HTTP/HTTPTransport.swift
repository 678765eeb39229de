import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// Sends one HTTP request and returns its response, whatever the status. Throws
/// ``HTTPTransportError`` when there is no response at all.
///
/// A struct holding a closure, so tests substitute a stub (``stub(_:)``) and never touch the
/// network.
public struct HTTPTransport: Sendable {
  /// Sends a request.
  public var send: @Sendable (HTTPRequest) async throws -> HTTPResponse

  /// Creates a transport from a closure.
  public init(send: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) {
    self.send = send
  }

  /// A transport answering from a closure, for tests.
  public static func stub(_ answer: @escaping @Sendable (HTTPRequest) throws -> HTTPResponse)
    -> HTTPTransport
  {
    HTTPTransport { try answer($0) }
  }

  /// The live transport: Foundation's `URLSession` (`FoundationNetworking` on Linux).
  ///
  /// Why `URLSession` and not AsyncHTTPClient: it ships with every Swift toolchain, so the
  /// package builds without SwiftNIO and its dozen modules (minutes of compile time on a small
  /// CI machine and for every contributor), and the tool makes a few sequential, small requests
  /// per deploy, where NIO's throughput buys nothing. On Linux it is backed by libcurl, which
  /// handles TLS, proxies (`HTTPS_PROXY`) and HTTP/1.1 keep-alive for us.
  ///
  /// - Parameter timeout: seconds a request may wait for data before it fails (and is retried).
  public static func urlSession(timeout: TimeInterval = 60) -> HTTPTransport {
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = timeout
    configuration.timeoutIntervalForResource = max(timeout * 5, 300)
    configuration.httpCookieStorage = nil
    configuration.urlCache = nil
    configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
    let session = URLSession(configuration: configuration)
    return HTTPTransport { request in
      try await send(request, session: session, timeout: timeout)
    }
  }

  private static func send(_ request: HTTPRequest, session: URLSession, timeout: TimeInterval)
    async throws -> HTTPResponse
  {
    var urlRequest = URLRequest(url: request.url, timeoutInterval: timeout)
    urlRequest.httpMethod = request.method
    for header in request.headers where header.name.lowercased() != "host" {
      urlRequest.addValue(header.value, forHTTPHeaderField: header.name)
    }
    if !request.body.isEmpty || request.method == "PUT" || request.method == "POST" {
      urlRequest.httpBody = request.body
    }
    let boxed = UncheckedRequest(urlRequest)
    return try await withCheckedThrowingContinuation { continuation in
      let task = session.dataTask(with: boxed.request) { data, response, error in
        if let error {
          let nsError = error as NSError
          let isTimeout = nsError.code == NSURLErrorTimedOut
          continuation.resume(
            throwing: HTTPTransportError(
              message: "\(request.method) \(request.url.host ?? "") failed: "
                + error.localizedDescription,
              isTimeout: isTimeout))
          return
        }
        guard let http = response as? HTTPURLResponse else {
          continuation.resume(
            throwing: HTTPTransportError(message: "no http response from \(request.url.host ?? "")")
          )
          return
        }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
          headers[String(describing: key).lowercased()] = String(describing: value)
        }
        continuation.resume(
          returning: HTTPResponse(
            statusCode: http.statusCode, headers: headers, body: data ?? Data()))
      }
      task.resume()
    }
  }
}

/// `URLRequest` is not `Sendable` on every platform; it is only moved into the task here.
private struct UncheckedRequest: @unchecked Sendable {
  let request: URLRequest
  init(_ request: URLRequest) { self.request = request }
}
