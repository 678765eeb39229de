import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// An HTTP/1.1 server on one address, plain or TLS, that hands each whole request to an async
/// handler. Keep-alive and pipelining are handled by SwiftNIO; one connection runs its
/// requests in order, connections run concurrently.
///
/// ```swift
/// let server = try await HTTPServer.start(host: "127.0.0.1", port: 0, tls: nil) { request in
///   HTTPResponse(status: 200, contentType: "text/plain", text: "ok")
/// }
/// print(server.port)
/// ```
public final class HTTPServer: Sendable {
  /// The handler of every request.
  public typealias Handler = @Sendable (HTTPRequest) async -> HTTPResponse

  /// The port it listens on.
  public let port: Int
  private let channel:
    NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>
  private let task: Task<Void, Never>

  private init(
    port: Int,
    channel: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>,
    task: Task<Void, Never>
  ) {
    self.port = port
    self.channel = channel
    self.task = task
  }

  /// The largest body accepted (larger requests get 413).
  public static let maximumBodySize = 64 << 20

  /// Starts a server on `host:port` (`0`: a free port), TLS when `tls` is given. Its handlers
  /// run on the cooperative pool, as any task.
  public static func start(
    host: String, port: Int, tls: NIOSSLContext?,
    group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
    handler: @escaping Handler
  ) async throws -> HTTPServer {
    // The task's body is a closure literal. With the function value itself as `Task`'s
    // operation, a debug build of facestack-local crashed as its servers started (the task's
    // first job resumed at a bad address); a literal calling it does not.
    try await start(host: host, port: port, tls: tls, group: group, handler: handler) { serve in
      Task { await serve() }
    }
  }

  /// Starts a server as ``start(host:port:tls:group:handler:)`` does, whose handlers run on
  /// `executor`: it keeps answering while the cooperative pool's threads are all blocked (a
  /// test's stand-in for a server that a client waits on with a deadline).
  @available(macOS 15, *)
  public static func start(
    host: String, port: Int, tls: NIOSSLContext?,
    group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
    executor: any TaskExecutor, handler: @escaping Handler
  ) async throws -> HTTPServer {
    try await start(host: host, port: port, tls: tls, group: group, handler: handler) { serve in
      Task(executorPreference: executor) { await serve() }
    }
  }

  private static func start(
    host: String, port: Int, tls: NIOSSLContext?, group: any EventLoopGroup,
    handler: @escaping Handler,
    spawn: (@escaping @Sendable () async -> Void) -> Task<Void, Never>
  ) async throws -> HTTPServer {
    let secure = tls != nil
    let channel = try await ServerBootstrap(group: group)
      .serverChannelOption(.backlog, value: 256)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
      .bind(host: host, port: port) { child in
        child.eventLoop.makeCompletedFuture {
          if let tls {
            try child.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
          }
          try child.pipeline.syncOperations.configureHTTPServerPipeline(
            withErrorHandling: true)
          return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
            wrappingChannelSynchronously: child)
        }
      }
    let bound = channel.channel.localAddress?.port ?? port
    let task = spawn {
      await withDiscardingTaskGroup { group in
        do {
          try await channel.executeThenClose { inbound in
            for try await connection in inbound {
              group.addTask {
                await serve(connection, secure: secure, handler: handler)
              }
            }
          }
        } catch {
          // The listening socket closed (shutdown): stop accepting.
        }
      }
    }
    return HTTPServer(port: bound, channel: channel, task: task)
  }

  /// Stops accepting connections and closes the listening socket.
  public func shutdown() async {
    try? await channel.channel.close()
    task.cancel()
  }

  private static func serve(
    _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>,
    secure: Bool, handler: Handler
  ) async {
    let remote = connection.channel.remoteAddress?.ipAddress
    do {
      try await connection.executeThenClose { inbound, outbound in
        var head: HTTPRequestHead?
        var body = ByteBuffer()
        var tooLarge = false
        for try await part in inbound {
          switch part {
          case .head(let value):
            head = value
            body.clear()
            tooLarge = false
            // Clients that send `Expect: 100-continue` (boto3 for streamed uploads) wait for
            // this before sending the body, up to a second otherwise.
            if value.headers[canonicalForm: "expect"].contains(where: {
              $0.lowercased() == "100-continue"
            }) {
              try await outbound.write(
                .head(HTTPResponseHead(version: value.version, status: .continue)))
            }
          case .body(var chunk):
            if body.readableBytes + chunk.readableBytes > maximumBodySize {
              tooLarge = true
            } else {
              body.writeBuffer(&chunk)
            }
          case .end:
            guard let requestHead = head else { continue }
            let response: HTTPResponse
            if tooLarge {
              response = HTTPResponse(
                status: 413, contentType: "text/plain", text: "request body too large")
            } else {
              let request = HTTPRequest(
                method: requestHead.method.rawValue, target: requestHead.uri,
                headers: requestHead.headers.map { ($0.name, $0.value) },
                body: Array(buffer: body), isSecure: secure, remoteAddress: remote)
              response = await handler(request)
            }
            var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
            // A HEAD response describes the body a GET would have: its Content-Length stays.
            if requestHead.method != .HEAD || !headers.contains(name: "Content-Length") {
              headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
            }
            if !requestHead.isKeepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
            try await outbound.write(
              .head(
                HTTPResponseHead(
                  version: requestHead.version,
                  status: HTTPResponseStatus(statusCode: response.status), headers: headers)))
            if !response.body.isEmpty, requestHead.method != .HEAD {
              try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: response.body))))
            }
            try await outbound.write(.end(nil))
            if !requestHead.isKeepAlive { return }
            head = nil
          }
        }
      }
    } catch {
      // The peer went away, or TLS failed: the connection is closed either way.
    }
  }
}
