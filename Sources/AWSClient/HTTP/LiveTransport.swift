import Foundation
import LocalHTTP
import NIOCore
import NIOSSL

extension HTTPTransport {
  /// The live transport, on SwiftNIO with BoringSSL: TLS trusting the system's certificate
  /// authorities, or exactly the certificates of the PEM bundle at `caBundle` (as the AWS CLI
  /// does with `AWS_CA_BUNDLE`; the local cloud's gateway presents a certificate of its own
  /// authority), through the proxies `environment` names (``ProxySettings``). One keep-alive
  /// client per origin.
  ///
  /// Why not Foundation's `URLSession`: on Linux it links FoundationNetworking and, through it,
  /// libcurl with its TLS, Kerberos, LDAP and SSH libraries, 36 shared libraries that every
  /// facestack command paid for at start-up (about 10 ms of CPU here, issue 20), synth included;
  /// and it cannot be given a CA bundle.
  ///
  /// - Parameter timeout: seconds a request may take before it fails (and is retried).
  public static func live(
    timeout: TimeInterval = 60, caBundle: String? = nil, environment: AWSEnvironment = .process
  ) throws -> HTTPTransport {
    let context: NIOSSLContext
    if let caBundle {
      guard FileManager.default.isReadableFile(atPath: caBundle) else {
        throw AWSClientError.invalidConfiguration(
          "the CA bundle \(caBundle) (AWS_CA_BUNDLE) cannot be read")
      }
      do {
        context = try LocalHTTP.HTTPClient.trusting(caBundle: caBundle)
      } catch {
        throw AWSClientError.invalidConfiguration(
          "the CA bundle \(caBundle) (AWS_CA_BUNDLE) holds no usable certificate: \(error)")
      }
    } else {
      do {
        context = try LocalHTTP.HTTPClient.systemTrust()
      } catch {
        throw AWSClientError.invalidConfiguration(
          "the system's certificate authorities cannot be loaded: \(error)")
      }
    }
    let proxies = try ProxySettings(environment: environment)
    let clients = OriginClients(tls: context)
    return HTTPTransport { request in
      guard let host = request.url.host, let scheme = request.url.scheme else {
        throw HTTPTransportError(message: "\(request.url.absoluteString) has no host")
      }
      let secure = scheme == "https"
      let port = request.url.port ?? (secure ? 443 : 80)
      let client = await clients.client(
        host: host, port: port, secure: secure, proxy: proxies.proxy(host: host, secure: secure))
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
          timeout: .milliseconds(
            Int64(Self.deadline(timeout, bodyBytes: request.body.count) * 1000)))
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

extension HTTPTransport {
  /// The seconds a request may take: `timeout`, or for a body over 1 MB (an asset zip, an
  /// image) what URLSession allowed a whole transfer, five times that and at least 300.
  static func deadline(_ timeout: TimeInterval, bodyBytes: Int) -> TimeInterval {
    bodyBytes > 1_000_000 ? max(timeout * 5, 300) : timeout
  }
}

/// The proxies of the environment, read as curl and the AWS CLI read them: `HTTPS_PROXY` (or
/// `https_proxy`) for HTTPS, `HTTP_PROXY` (or `http_proxy`) for HTTP, each `http://[user:pass@]
/// host[:port]` (port 80 when left out, as urllib3), and `NO_PROXY` (or `no_proxy`): hosts, or
/// domain suffixes, that go direct, `*` for all.
public struct ProxySettings: Sendable, Equatable {
  /// The proxy of HTTPS requests.
  public var https: HTTPProxy?
  /// The proxy of plain HTTP requests.
  public var http: HTTPProxy?
  /// Hosts and domains reached directly.
  public var bypass: [String]

  /// Reads the environment; an unusable proxy URL is a configuration error.
  public init(environment: AWSEnvironment) throws {
    // The lower-case name first, as curl and Python's urllib (the AWS CLI's) read them.
    func value(_ upper: String) -> String? { environment[upper.lowercased()] ?? environment[upper] }
    https = try value("HTTPS_PROXY").map { try Self.parse($0, variable: "HTTPS_PROXY") }
    http = try value("HTTP_PROXY").map { try Self.parse($0, variable: "HTTP_PROXY") }
    bypass = (value("NO_PROXY") ?? "").split(separator: ",").map {
      $0.trimmingCharacters(in: .whitespaces).lowercased()
    }.filter { !$0.isEmpty }
  }

  /// The proxy for a request to `host`, nil when it goes direct.
  public func proxy(host: String, secure: Bool) -> HTTPProxy? {
    let host = host.lowercased()
    // The local cloud and other loopback services are never reached through a proxy.
    if host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.") {
      return nil
    }
    for entry in bypass {
      if entry == "*" { return nil }
      let domain = entry.hasPrefix(".") ? String(entry.dropFirst()) : entry
      if host == domain || host.hasSuffix("." + domain) { return nil }
    }
    return secure ? https : http
  }

  static func parse(_ text: String, variable: String) throws -> HTTPProxy {
    let written = text.contains("://") ? text : "http://" + text
    // Messages never show the password of a proxy URL.
    var shown = text
    if let at = text.lastIndex(of: "@") {
      let start = text.range(of: "://")?.upperBound ?? text.startIndex
      if start <= at { shown = text.replacingCharacters(in: start..<at, with: "***") }
    }
    guard let url = URLComponents(string: written), let host = url.host, !host.isEmpty else {
      throw AWSClientError.invalidConfiguration("\(variable) \(shown) is not a proxy URL")
    }
    guard url.scheme?.lowercased() == "http" else {
      throw AWSClientError.invalidConfiguration(
        "\(variable) \(shown): only http:// proxies are supported (the tunnel carries TLS)")
    }
    var authorization: String?
    if let user = url.percentEncodedUser {
      // Decoded once: `%2541` in the URL is the three characters `%41`.
      let password = url.percentEncodedPassword ?? ""
      let credentials =
        (user.removingPercentEncoding ?? user) + ":"
        + (password.removingPercentEncoding ?? password)
      authorization = "Basic " + Data(credentials.utf8).base64EncodedString()
    }
    return HTTPProxy(host: host, port: url.port ?? 80, authorization: authorization)
  }
}

/// One keep-alive client per origin (and proxy).
private actor OriginClients {
  let tls: NIOSSLContext
  private var clients: [String: LocalHTTP.HTTPClient] = [:]

  init(tls: NIOSSLContext) { self.tls = tls }

  func client(host: String, port: Int, secure: Bool, proxy: HTTPProxy?) -> LocalHTTP.HTTPClient {
    let via = proxy.map { " via \($0.host):\($0.port)" } ?? ""
    let key = "\(secure ? "https" : "http")://\(host):\(port)\(via)"
    if let known = clients[key] { return known }
    let client = LocalHTTP.HTTPClient(
      host: host, port: port, tls: secure ? tls : nil, proxy: proxy)
    clients[key] = client
    return client
  }
}
