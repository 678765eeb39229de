import Foundation
import LocalHTTP
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

@Suite("the HTTP client through a proxy (HTTPS_PROXY, HTTP_PROXY)")
struct ProxyTests {
  @Test func tlsGoesThroughAConnectTunnelAndIsVerifiedEndToEnd() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "facestack-proxy-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let files = try CertificateAuthority.ensure(in: folder)
    let server = try await HTTPServer.start(
      host: "127.0.0.1", port: 0, tls: try files.serverContext()
    ) { request in
      HTTPResponse(status: 200, contentType: "text/plain", text: "secure=\(request.isSecure)")
    }
    let proxy = try await TestProxy.start()
    let client = HTTPClient(
      host: "localhost", port: server.port,
      tls: try HTTPClient.trusting(caBundle: files.caCertificate.path),
      proxy: HTTPProxy(host: "127.0.0.1", port: proxy.port, authorization: "Basic dTpw"))
    for _ in 0..<3 {
      let response = try await client.send(HTTPRequest(method: "GET", target: "/x"))
      #expect(response.status == 200)
      #expect(response.text == "secure=true")
    }
    // One tunnel, kept alive for all three requests; the proxy saw only the CONNECT.
    #expect(
      proxy.heads == [
        "CONNECT localhost:\(server.port) HTTP/1.1\r\nHost: localhost:\(server.port)\r\n"
          + "Proxy-Authorization: Basic dTpw"
      ])
    await client.shutdown()
    await server.shutdown()
    try await proxy.stop()
  }

  @Test func theTunnelStillChecksTheServersCertificate() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "facestack-proxy-\(UUID().uuidString)")
    let other = folder.appendingPathComponent("other")
    defer { try? FileManager.default.removeItem(at: folder) }
    let files = try CertificateAuthority.ensure(in: folder)
    let stranger = try CertificateAuthority.ensure(in: other)
    let server = try await HTTPServer.start(
      host: "127.0.0.1", port: 0, tls: try files.serverContext()
    ) { _ in HTTPResponse(status: 200) }
    let proxy = try await TestProxy.start()
    let client = HTTPClient(
      host: "localhost", port: server.port,
      tls: try HTTPClient.trusting(caBundle: stranger.caCertificate.path),
      proxy: HTTPProxy(host: "127.0.0.1", port: proxy.port))
    await #expect(throws: (any Error).self) {
      _ = try await client.send(HTTPRequest(method: "GET", target: "/"), timeout: .seconds(20))
    }
    await client.shutdown()
    await server.shutdown()
    try await proxy.stop()
  }

  @Test func aProxyThatNeverAnswersTheTunnelIsNotWaitedForForever() async throws {
    // A listener that accepts and never speaks.
    let silent = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .bind(host: "127.0.0.1", port: 0).get()
    let client = HTTPClient(
      host: "example.com", port: 443, tls: try HTTPClient.systemTrust(),
      proxy: HTTPProxy(host: "127.0.0.1", port: silent.localAddress?.port ?? 0))
    do {
      _ = try await client.send(HTTPRequest(method: "GET", target: "/"), timeout: .seconds(5))
      Issue.record("a silent proxy answered")
    } catch let error as HTTPClientError {
      #expect("\(error)" == "no response in time")
    }
    await client.shutdown()
    try await silent.close()
  }

  @Test func tlsToAnIPAddressIsNotSentThroughATunnel() async throws {
    let client = HTTPClient(
      host: "10.0.0.1", port: 443, tls: try HTTPClient.systemTrust(),
      proxy: HTTPProxy(host: "127.0.0.1", port: 9))
    do {
      _ = try await client.send(HTTPRequest(method: "GET", target: "/"))
      Issue.record("an IP address went through the tunnel")
    } catch let error as HTTPClientError {
      #expect(
        "\(error)"
          == "TLS to the IP address 10.0.0.1 cannot be verified through a proxy; add it to NO_PROXY"
      )
    }
  }

  @Test func aRefusedTunnelFailsWithTheProxysStatusLine() async throws {
    let proxy = try await TestProxy.start(refuse: true)
    let client = HTTPClient(
      host: "example.com", port: 443, tls: try HTTPClient.systemTrust(),
      proxy: HTTPProxy(host: "127.0.0.1", port: proxy.port))
    do {
      _ = try await client.send(HTTPRequest(method: "GET", target: "/"), timeout: .seconds(20))
      Issue.record("the request went through a refusing proxy")
    } catch let error as HTTPClientError {
      #expect(
        "\(error)" == "the proxy refused the tunnel: HTTP/1.1 407 Proxy Authentication Required")
    }
    await client.shutdown()
    try await proxy.stop()
  }

  @Test func plainHTTPIsSentToTheProxyInAbsoluteForm() async throws {
    let proxy = try await TestProxy.start()
    let client = HTTPClient(
      host: "169.254.170.2", port: 80,
      proxy: HTTPProxy(host: "127.0.0.1", port: proxy.port, authorization: "Basic dTpw"))
    let response = try await client.send(HTTPRequest(method: "GET", target: "/v2/credentials?a=b"))
    #expect(response.status == 200)
    #expect(response.text.hasPrefix("GET http://169.254.170.2:80/v2/credentials?a=b HTTP/1.1\r\n"))
    #expect(response.text.contains("Proxy-Authorization: Basic dTpw"))
    await client.shutdown()
    try await proxy.stop()
  }
}

/// A forward proxy on loopback: `CONNECT` opens a tunnel to the target and relays bytes both
/// ways; any other request is answered by the proxy itself with the request head it read.
/// Every head it reads is kept (`heads`), without the final blank line.
final class TestProxy: Sendable {
  let port: Int
  private let channel: any Channel
  private let seen: NIOLockedValueBox<[String]>

  var heads: [String] { seen.withLockedValue { $0 } }

  private init(port: Int, channel: any Channel, seen: NIOLockedValueBox<[String]>) {
    self.port = port
    self.channel = channel
    self.seen = seen
  }

  static func start(refuse: Bool = false) async throws -> TestProxy {
    let seen = NIOLockedValueBox<[String]>([])
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelInitializer { child in
        child.eventLoop.makeCompletedFuture {
          try child.pipeline.syncOperations.addHandler(ProxyFront(seen: seen, refuse: refuse))
        }
      }
      .bind(host: "127.0.0.1", port: 0).get()
    return TestProxy(port: channel.localAddress?.port ?? 0, channel: channel, seen: seen)
  }

  func stop() async throws { try await channel.close() }
}

/// Reads a request head, then tunnels or answers. Used on its channel's event loop only.
private final class ProxyFront: ChannelInboundHandler, RemovableChannelHandler,
  @unchecked Sendable
{
  typealias InboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  private let seen: NIOLockedValueBox<[String]>
  private let refuse: Bool
  private var bytes: [UInt8] = []
  private var done = false

  init(seen: NIOLockedValueBox<[String]>, refuse: Bool) {
    self.seen = seen
    self.refuse = refuse
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    guard !done else { return }
    var buffer = unwrapInboundIn(data)
    bytes += buffer.readBytes(length: buffer.readableBytes) ?? []
    guard let end = bytes.firstRange(of: Array("\r\n\r\n".utf8)) else { return }
    done = true
    let head = String(decoding: bytes[..<end.lowerBound], as: UTF8.self)
    seen.withLockedValue { $0.append(head) }
    let channel = context.channel
    let parts = head.split(separator: " ")
    if refuse {
      channel.writeAndFlush(
        ByteBuffer(
          string: "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n")
      ).whenComplete { _ in channel.close(promise: nil) }
      return
    }
    guard parts.first == "CONNECT", parts.count > 1 else {
      let body = head + "\r\n"
      channel.writeAndFlush(
        ByteBuffer(
          string: "HTTP/1.1 200 OK\r\nContent-Length: \(body.utf8.count)\r\n"
            + "Connection: close\r\n\r\n\(body)")
      ).whenComplete { _ in channel.close(promise: nil) }
      return
    }
    let authority = parts[1]
    guard let colon = authority.lastIndex(of: ":"),
      let port = Int(authority[authority.index(after: colon)...])
    else {
      channel.close(promise: nil)
      return
    }
    let host = String(authority[..<colon])
    ClientBootstrap(group: channel.eventLoop)
      .channelInitializer { target in
        target.eventLoop.makeCompletedFuture {
          try target.pipeline.syncOperations.addHandler(Relay(partner: channel))
        }
      }
      .connect(host: host, port: port)
      .whenComplete { result in
        switch result {
        case .success(let target):
          do {
            try channel.pipeline.syncOperations.addHandler(Relay(partner: target))
            channel.pipeline.removeHandler(self, promise: nil)
            channel.writeAndFlush(
              ByteBuffer(string: "HTTP/1.1 200 Connection established\r\n\r\n"), promise: nil)
          } catch {
            channel.close(promise: nil)
          }
        case .failure:
          channel.writeAndFlush(
            ByteBuffer(string: "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
          ).whenComplete { _ in channel.close(promise: nil) }
        }
      }
  }
}

/// Writes what one channel reads to its partner; closes the partner when it closes.
private final class Relay: ChannelInboundHandler, Sendable {
  typealias InboundIn = ByteBuffer

  private let partner: any Channel

  init(partner: any Channel) { self.partner = partner }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    partner.writeAndFlush(unwrapInboundIn(data), promise: nil)
  }

  func channelInactive(context: ChannelHandlerContext) {
    partner.close(promise: nil)
    context.fireChannelInactive()
  }
}
