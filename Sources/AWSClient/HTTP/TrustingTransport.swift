import Foundation
import LocalHTTP
import NIOCore
import NIOSSL

extension HTTPTransport {
  /// A transport trusting exactly the certificates of the PEM bundle at `caBundle`, as the AWS
  /// CLI does with `AWS_CA_BUNDLE` (the local cloud's gateway presents a certificate of its own
  /// authority). Foundation's `URLSession` cannot be given a bundle on Linux, so this one runs on
  /// SwiftNIO; connections are kept per origin.
  ///
  /// - Parameter timeout: seconds a request may take before it fails (and is retried).
  public static func trusting(caBundle: String, timeout: TimeInterval = 60) throws -> HTTPTransport
  {
    guard FileManager.default.isReadableFile(atPath: caBundle) else {
      throw AWSClientError.invalidConfiguration(
        "the CA bundle \(caBundle) (AWS_CA_BUNDLE) cannot be read")
    }
    let context: NIOSSLContext
    do {
      context = try LocalHTTP.HTTPClient.trusting(caBundle: caBundle)
    } catch {
      throw AWSClientError.invalidConfiguration(
        "the CA bundle \(caBundle) (AWS_CA_BUNDLE) holds no usable certificate: \(error)")
    }
    let clients = OriginClients(tls: context)
    return HTTPTransport { request in
      guard let host = request.url.host, let scheme = request.url.scheme else {
        throw HTTPTransportError(message: "\(request.url.absoluteString) has no host")
      }
      let secure = scheme == "https"
      let port = request.url.port ?? (secure ? 443 : 80)
      let client = await clients.client(host: host, port: port, secure: secure)
      var target = request.url.path.isEmpty ? "/" : request.url.path
      // The path as encoded on the URL (signed that way), not decoded again.
      if let components = URLComponents(url: request.url, resolvingAgainstBaseURL: false) {
        target = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        if let query = components.percentEncodedQuery { target += "?" + query }
      }
      let hostHeader = request.url.port.map { "\(host):\($0)" } ?? host
      let headers =
        [("Host", request.header("Host") ?? hostHeader)]
        + request.headers.filter { $0.name.lowercased() != "host" }.map { ($0.name, $0.value) }
      do {
        let response = try await client.send(
          LocalHTTP.HTTPRequest(
            method: request.method, target: target, headers: headers, body: Array(request.body)),
          timeout: .milliseconds(Int64(timeout * 1000)))
        var fields: [String: String] = [:]
        for (name, value) in response.headers where fields[name.lowercased()] == nil {
          fields[name.lowercased()] = value
        }
        return HTTPResponse(statusCode: response.status, headers: fields, body: Data(response.body))
      } catch let error as LocalHTTP.HTTPClientError {
        if case .timedOut = error {
          throw HTTPTransportError(
            message: "\(request.method) \(host) failed: \(error)", isTimeout: true)
        }
        throw HTTPTransportError(message: "\(request.method) \(host) failed: \(error)")
      } catch {
        throw HTTPTransportError(message: "\(request.method) \(host) failed: \(error)")
      }
    }
  }
}

/// One keep-alive client per origin.
private actor OriginClients {
  let tls: NIOSSLContext
  private var clients: [String: LocalHTTP.HTTPClient] = [:]

  init(tls: NIOSSLContext) { self.tls = tls }

  func client(host: String, port: Int, secure: Bool) -> LocalHTTP.HTTPClient {
    let key = "\(secure ? "https" : "http")://\(host):\(port)"
    if let known = clients[key] { return known }
    let client = LocalHTTP.HTTPClient(host: host, port: port, tls: secure ? tls : nil)
    clients[key] = client
    return client
  }
}
