import Dispatch
import Foundation
import LocalHTTP
import Testing

#if os(Linux)
  import Glibc

  /// A server whose handlers run on a ``QueueTaskExecutor`` answers while every thread of the
  /// cooperative pool is blocked: a test's stand-in server behind a client's deadline does not
  /// time out because other tests wait on subprocesses (GatewayFailureTests did, once in a while).
  /// Linux only: the plain socket below is written with Glibc's types.
  @Suite struct QueueTaskExecutorTests {
    @Test func aServerOnItsOwnExecutorAnswersWhileThePoolIsBlocked() async throws {
      let server = try await HTTPServer.start(
        host: "127.0.0.1", port: 0, tls: nil, executor: QueueTaskExecutor(label: "test server")
      ) { request in
        HTTPResponse(status: 200, contentType: "text/plain", text: "answered \(request.target)")
      }
      let width = ProcessInfo.processInfo.activeProcessorCount
      let started = DispatchSemaphore(value: 0)
      let release = DispatchSemaphore(value: 0)
      // One blocker per pool thread, each holding its thread until the answer is in (at most 30 s).
      let blockers = (0..<width).map { _ in
        Task.detached {
          started.signal()
          _ = release.wait(timeout: .now() + 30)
        }
      }
      let port = server.port
      let answer = await withCheckedContinuation { continuation in
        Thread.detachNewThread {
          // Other tests may hold some pool threads already: then fewer blockers start, and the
          // pool is just as blocked.
          // pool is just as blocked. One deadline for all: the pool is held until the answer.
          let deadline = DispatchTime.now() + 5
          for _ in 0..<width { _ = started.wait(timeout: deadline) }
          let answer = Self.get("/probe", port: port)
          for _ in 0..<width { release.signal() }
          continuation.resume(returning: answer)
        }
      }
      for blocker in blockers { await blocker.value }
      #expect(answer.hasPrefix("HTTP/1.1 200"))
      #expect(answer.hasSuffix("answered /probe"))
      await server.shutdown()
    }

    /// A GET over a plain blocking socket (no task involved), with a 10 s receive timeout; the
    /// response's text, or what went wrong.
    static func get(_ target: String, port: Int) -> String {
      let connection = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
      guard connection >= 0 else { return "socket failed" }
      defer { close(connection) }
      var timeout = timeval(tv_sec: 10, tv_usec: 0)
      setsockopt(
        connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
      var address = sockaddr_in()
      address.sin_family = sa_family_t(AF_INET)
      address.sin_port = in_port_t(UInt16(port).bigEndian)
      address.sin_addr.s_addr = inet_addr("127.0.0.1")
      let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          connect(connection, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
      }
      guard connected == 0 else { return "connect failed" }
      let request = Array("GET \(target) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8)
      guard send(connection, request, request.count, 0) == request.count else {
        return "send failed"
      }
      var response: [UInt8] = []
      var buffer = [UInt8](repeating: 0, count: 4096)
      while true {
        let count = recv(connection, &buffer, buffer.count, 0)
        if count < 0 { return "no answer: \(String(cString: strerror(errno)))" }
        if count == 0 { break }
        response += buffer[..<count]
      }
      return String(decoding: response, as: UTF8.self)
    }
  }
#endif
