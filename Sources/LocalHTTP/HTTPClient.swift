import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A small HTTP/1.1 client: keep-alive connections to one origin, reused, no redirects, no
/// decompression. Plain for the local cloud's loopback calls (the gateway forwarding to the
/// emulator, the runtime reading it); TLS with the trust roots of a CA bundle for facestack's own
/// AWS client when `AWS_CA_BUNDLE` names one (the certificate's name, or IP address, checked).
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

  /// A client of `host:port`; over TLS when `tls` is given.
  public init(
    host: String, port: Int, tls: NIOSSLContext? = nil,
    group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
  ) {
    self.host = host
    self.port = port
    self.tls = tls
    self.group = group
    pool = ConnectionPool()
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
    let channel = try await connection()
    var headers = HTTPHeaders(
      request.headers.filter {
        $0.name.lowercased() != "content-length" && $0.name.lowercased() != "transfer-encoding"
      }.map { ($0.name, $0.value) })
    if !headers.contains(name: "Host") { headers.add(name: "Host", value: "\(host):\(port)") }
    headers.replaceOrAdd(name: "Content-Length", value: String(request.body.count))
    let head = HTTPRequestHead(
      version: .http1_1, method: HTTPMethod(rawValue: request.method), uri: request.target,
      headers: headers)
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

  private func connection() async throws -> any Channel {
    if let idle = await pool.acquire() { return idle }
    let tls = self.tls
    // An IP address is checked against the certificate's IP addresses; a name goes in SNI.
    let serverName = host.contains(":") || host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : host
    return try await ClientBootstrap(group: group)
      .channelOption(.socketOption(.tcp_nodelay), value: 1)
      .connectTimeout(.seconds(5))
      .channelInitializer { channel in
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
}

/// Why a request got no response.
public enum HTTPClientError: Error, Sendable, CustomStringConvertible {
  /// No response within the timeout.
  case timedOut
  /// The connection closed before the response ended.
  case connectionClosed

  public var description: String {
    switch self {
    case .timedOut: return "no response in time"
    case .connectionClosed: return "the connection closed before the response ended"
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
