import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A small HTTP/1.1 client: keep-alive connections to one origin, reused, no redirects, no
/// decompression. Plain for the local cloud's loopback calls (the gateway forwarding to the
/// emulator, the runtime reading it); TLS for facestack's own AWS client, with the system's trust
/// roots or those of a CA bundle (`AWS_CA_BUNDLE`), the certificate's name or IP address checked.
/// Through an HTTP proxy when given one: a `CONNECT` tunnel for TLS, absolute-form requests for
/// plain HTTP, as curl and the AWS CLI do with `HTTPS_PROXY` and `HTTP_PROXY`.
///
/// ```swift
/// let emulator = HTTPClient(host: "127.0.0.1", port: 5000)
/// let response = try await emulator.send(HTTPRequest(method: "GET", target: "/_facestack/health"))
/// ```
public final class HTTPClient: Sendable {
  /// The origin's host.
  public let host: String
  /// The origin's port.
  public let port: Int
  private let group: any EventLoopGroup
  private let pool: ConnectionPool
  private let tls: NIOSSLContext?
  private let proxy: HTTPProxy?

  /// A client of `host:port`; over TLS when `tls` is given, through `proxy` when given.
  public init(
    host: String, port: Int, tls: NIOSSLContext? = nil, proxy: HTTPProxy? = nil,
    group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
  ) {
    self.host = host
    self.port = port
    self.tls = tls
    self.proxy = proxy
    self.group = group
    pool = ConnectionPool()
  }

  /// A TLS context trusting the system's certificate authorities (Debian's
  /// /etc/ssl/certs/ca-certificates.crt and the other usual places), as the AWS CLI does by
  /// default.
  public static func systemTrust() throws -> NIOSSLContext {
    var configuration = TLSConfiguration.makeClientConfiguration()
    configuration.certificateVerification = .fullVerification
    return try NIOSSLContext(configuration: configuration)
  }

  /// A TLS context trusting only the certificates of the PEM bundle at `path`, as the AWS CLI
  /// does with `AWS_CA_BUNDLE`.
  public static func trusting(caBundle path: String) throws -> NIOSSLContext {
    var configuration = TLSConfiguration.makeClientConfiguration()
    configuration.trustRoots = .file(path)
    configuration.certificateVerification = .fullVerification
    return try NIOSSLContext(configuration: configuration)
  }

  /// Sends `request` (its `target` is the path and query) and returns the whole response.
  /// `Host` and `Content-Length` are set; other headers are sent as given.
  public func send(_ request: HTTPRequest, timeout: TimeAmount = .seconds(120)) async throws
    -> HTTPResponse
  {
    let channel = try await connection(timeout: timeout)
    var headers = HTTPHeaders(
      request.headers.filter {
        $0.name.lowercased() != "content-length" && $0.name.lowercased() != "transfer-encoding"
      }.map { ($0.name, $0.value) })
    if !headers.contains(name: "Host") { headers.add(name: "Host", value: "\(host):\(port)") }
    headers.replaceOrAdd(name: "Content-Length", value: String(request.body.count))
    var uri = request.target
    if let proxy, tls == nil {
      // Plain HTTP through a proxy: the absolute form, and the proxy's credentials.
      uri = "http://\(Self.authority(host: host, port: port))\(request.target)"
      if let authorization = proxy.authorization {
        headers.replaceOrAdd(name: "Proxy-Authorization", value: authorization)
      }
    }
    let head = HTTPRequestHead(
      version: .http1_1, method: HTTPMethod(rawValue: request.method), uri: uri, headers: headers)
    let promise = channel.eventLoop.makePromise(of: HTTPResponse.self)
    let body = request.body
    channel.eventLoop.execute {
      do {
        let handler = try channel.pipeline.syncOperations.handler(type: ResponseCollector.self)
        handler.start(promise)
      } catch {
        promise.fail(error)
        return
      }
      channel.write(HTTPClientRequestPart.head(head), promise: nil)
      if !body.isEmpty {
        channel.write(
          HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil)
      }
      channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
    }
    let deadline = channel.eventLoop.scheduleTask(in: timeout) {
      promise.fail(HTTPClientError.timedOut)
      channel.close(promise: nil)
    }
    do {
      let response = try await promise.futureResult.get()
      deadline.cancel()
      if response.header("Connection")?.lowercased() == "close" {
        try? await channel.close()
      } else {
        await pool.release(channel)
      }
      return response
    } catch {
      deadline.cancel()
      try? await channel.close()
      throw error
    }
  }

  /// Closes every idle connection.
  public func shutdown() async {
    for channel in await pool.drain() { try? await channel.close() }
  }

  private func connection(timeout: TimeAmount) async throws -> any Channel {
    if let idle = await pool.acquire() { return idle }
    let tls = self.tls
    // An IP address is checked against the certificate's IP addresses; a name goes in SNI.
    let serverName =
      host.contains(":") || host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : host
    let bootstrap = ClientBootstrap(group: group)
      .channelOption(.socketOption(.tcp_nodelay), value: 1)
      .connectTimeout(.seconds(5))
    guard let proxy else {
      return try await bootstrap.channelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          if let tls {
            try channel.pipeline.syncOperations.addHandler(
              try NIOSSLClientHandler(context: tls, serverHostname: serverName))
          }
          try channel.pipeline.syncOperations.addHTTPClientHandlers()
          try channel.pipeline.syncOperations.addHandler(ResponseCollector())
        }
      }
      .connect(host: host, port: port).get()
    }
    guard let tls else {
      // Plain HTTP: requests go to the proxy in absolute form.
      return try await bootstrap.channelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.addHTTPClientHandlers()
          try channel.pipeline.syncOperations.addHandler(ResponseCollector())
        }
      }
      .connect(host: proxy.host, port: proxy.port).get()
    }
    // TLS: a CONNECT tunnel through the proxy, then TLS and HTTP inside it. The certificate is
    // checked against the name sent in SNI; an IP address would be checked against the
    // connection's peer, which is the proxy, so it is refused.
    guard serverName != nil else { throw HTTPClientError.ipThroughProxy(host) }
    let authority = Self.authority(host: host, port: port)
    let tunnel = TunnelHandshake(authority: authority, authorization: proxy.authorization)
    let channel = try await bootstrap.channelInitializer { channel in
      channel.eventLoop.makeCompletedFuture {
        try channel.pipeline.syncOperations.addHandler(tunnel)
      }
    }
    .connect(host: proxy.host, port: proxy.port).get()
    do {
      try await tunnel.established(on: channel, timeout: timeout).get()
      // On the event loop, in one step: no byte can reach the handshake handler once TLS runs.
      try await channel.eventLoop.flatSubmit {
        channel.pipeline.removeHandler(tunnel).flatMapThrowing {
          try channel.pipeline.syncOperations.addHandler(
            try NIOSSLClientHandler(context: tls, serverHostname: serverName))
          try channel.pipeline.syncOperations.addHTTPClientHandlers()
          try channel.pipeline.syncOperations.addHandler(ResponseCollector())
        }
      }.get()
      return channel
    } catch {
      try? await channel.close()
      throw error
    }
  }

  private static func authority(host: String, port: Int) -> String {
    host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
  }
}

/// An HTTP proxy: where it listens and, when its URL carries a user, the `Proxy-Authorization`
/// value (Basic).
public struct HTTPProxy: Sendable, Equatable {
  /// The proxy's host.
  public var host: String
  /// The proxy's port.
  public var port: Int
  /// The `Proxy-Authorization` header's value, if any.
  public var authorization: String?

  /// A proxy at `host:port`.
  public init(host: String, port: Int, authorization: String? = nil) {
    self.host = host
    self.port = port
    self.authorization = authorization
  }
}

/// Opens a `CONNECT` tunnel: sends the request when the connection is up and succeeds on a 2xx
/// answer; anything else fails the connection with the proxy's status line.
private final class TunnelHandshake: ChannelDuplexHandler, RemovableChannelHandler, Sendable {
  typealias InboundIn = ByteBuffer
  typealias OutboundIn = ByteBuffer

  private let authority: String
  private let authorization: String?
  private let state = NIOLockedValueBox<(promise: EventLoopPromise<Void>?, answer: [UInt8])>(
    (nil, []))

  init(authority: String, authorization: String?) {
    self.authority = authority
    self.authorization = authorization
  }

  func established(on channel: any Channel, timeout: TimeAmount) -> EventLoopFuture<Void> {
    let promise = channel.eventLoop.makePromise(of: Void.self)
    channel.eventLoop.execute {
      self.state.withLockedValue { $0.promise = promise }
      var request = "CONNECT \(self.authority) HTTP/1.1\r\nHost: \(self.authority)\r\n"
      if let authorization = self.authorization {
        request += "Proxy-Authorization: \(authorization)\r\n"
      }
      request += "\r\n"
      channel.writeAndFlush(ByteBuffer(string: request)).cascadeFailure(to: promise)
      // A proxy that accepts the connection and never answers must not hang the caller.
      let deadline = channel.eventLoop.scheduleTask(in: timeout) {
        promise.fail(HTTPClientError.timedOut)
        channel.close(promise: nil)
      }
      promise.futureResult.whenComplete { _ in deadline.cancel() }
    }
    return promise.futureResult
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    var buffer = unwrapInboundIn(data)
    let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
    let (promise, answer) = state.withLockedValue { state in
      state.answer += bytes
      return (state.promise, state.answer)
    }
    guard let promise else { return }
    guard let end = answer.firstRange(of: Array("\r\n\r\n".utf8)) else {
      if answer.count > 16_384 {
        state.withLockedValue { $0.promise = nil }
        promise.fail(HTTPClientError.proxyRefused("an answer of over 16 KiB without an end"))
        context.close(promise: nil)
      }
      return
    }
    state.withLockedValue { $0.promise = nil }
    let statusLine =
      String(decoding: answer[..<end.lowerBound], as: UTF8.self)
      .split(separator: "\r\n").first.map(String.init) ?? ""
    let code = statusLine.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    guard (200..<300).contains(code), end.upperBound == answer.count else {
      promise.fail(HTTPClientError.proxyRefused(statusLine))
      context.close(promise: nil)
      return
    }
    promise.succeed(())
  }

  func channelInactive(context: ChannelHandlerContext) {
    state.withLockedValue { state in
      state.promise?.fail(HTTPClientError.connectionClosed)
      state.promise = nil
    }
    context.fireChannelInactive()
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    state.withLockedValue { state in
      state.promise?.fail(error)
      state.promise = nil
    }
    context.close(promise: nil)
  }
}

/// Why a request got no response.
public enum HTTPClientError: Error, Sendable, CustomStringConvertible {
  /// No response within the timeout.
  case timedOut
  /// The connection closed before the response ended.
  case connectionClosed
  /// The proxy did not open the tunnel; its status line.
  case proxyRefused(String)
  /// TLS to an IP address cannot be verified through a proxy's tunnel.
  case ipThroughProxy(String)

  public var description: String {
    switch self {
    case .timedOut: return "no response in time"
    case .connectionClosed: return "the connection closed before the response ended"
    case .proxyRefused(let status): return "the proxy refused the tunnel: \(status)"
    case .ipThroughProxy(let host):
      return "TLS to the IP address \(host) cannot be verified through a proxy; add it to NO_PROXY"
    }
  }
}

/// Idle keep-alive connections.
private actor ConnectionPool {
  private var idle: [any Channel] = []

  func acquire() -> (any Channel)? {
    while let channel = idle.popLast() {
      if channel.isActive { return channel }
    }
    return nil
  }

  func release(_ channel: any Channel) {
    if channel.isActive, idle.count < 64 { idle.append(channel) }
  }

  func drain() -> [any Channel] {
    defer { idle = [] }
    return idle
  }
}

/// Collects one response at a time into a promise.
private final class ResponseCollector: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPClientResponsePart

  private var promise: EventLoopPromise<HTTPResponse>?
  private var head: HTTPResponseHead?
  private var body = ByteBuffer()

  func start(_ promise: EventLoopPromise<HTTPResponse>) {
    self.promise = promise
    head = nil
    body.clear()
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head(let value): head = value
    case .body(var chunk): body.writeBuffer(&chunk)
    case .end:
      guard let head, let promise else { return }
      self.promise = nil
      promise.succeed(
        HTTPResponse(
          status: Int(head.status.code), headers: head.headers.map { ($0.name, $0.value) },
          body: Array(buffer: body)))
    }
  }

  func channelInactive(context: ChannelHandlerContext) {
    promise?.fail(HTTPClientError.connectionClosed)
    promise = nil
    context.fireChannelInactive()
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    promise?.fail(error)
    promise = nil
    context.close(promise: nil)
  }
}
