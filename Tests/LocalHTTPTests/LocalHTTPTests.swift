import Foundation
import LocalHTTP
import NIOSSL
import Testing

@Suite("local HTTP server, client and certificate authority")
struct LocalHTTPTests {
  @Test func serverAndClientRoundTripKeepAliveAndBodies() async throws {
    let server = try await HTTPServer.start(host: "127.0.0.1", port: 0, tls: nil) { request in
      HTTPResponse(
        status: request.method == "POST" ? 201 : 200,
        headers: [("X-Target", request.target), ("X-Secure", String(request.isSecure))],
        body: request.body.reversed())
    }
    let client = HTTPClient(host: "127.0.0.1", port: server.port)
    for index in 0..<5 {
      let response = try await client.send(
        HTTPRequest(method: "POST", target: "/a%20b?x=\(index)", body: Array("abc\(index)".utf8)))
      #expect(response.status == 201)
      #expect(response.header("x-target") == "/a%20b?x=\(index)")
      #expect(response.header("X-Secure") == "false")
      #expect(response.text == "\(index)cba")
    }
    let empty = try await client.send(HTTPRequest(method: "GET", target: "/"))
    #expect(empty.status == 200 && empty.body.isEmpty)
    await client.shutdown()
    await server.shutdown()
  }

  @Test func aHeadResponseKeepsTheContentLengthOfTheBodyAGetWouldHave() async throws {
    // What a proxy relays from S3's HeadObject: the object's size, no body.
    let server = try await HTTPServer.start(host: "127.0.0.1", port: 0, tls: nil) { request in
      HTTPResponse(status: 200, headers: [("Content-Length", "279922"), ("ETag", "\"x\"")])
    }
    let client = HTTPClient(host: "127.0.0.1", port: server.port)
    let head = try await client.send(HTTPRequest(method: "HEAD", target: "/bucket/key"))
    #expect(head.status == 200)
    #expect(head.header("Content-Length") == "279922")
    #expect(head.body.isEmpty)
    // The connection is still usable after a HEAD.
    let again = try await client.send(HTTPRequest(method: "HEAD", target: "/bucket/key"))
    #expect(again.header("Content-Length") == "279922")
    await client.shutdown()
    await server.shutdown()
  }

  @Test func concurrentRequestsAreServedConcurrently() async throws {
    // Every handler waits until all eight requests are inside a handler at once: a server that
    // served them one by one would never let the first one finish (it gives up after 60 s).
    let barrier = Barrier(count: 8)
    let server = try await HTTPServer.start(host: "127.0.0.1", port: 0, tls: nil) { request in
      let together = await barrier.arriveAndWait(timeout: 60)
      return HTTPResponse(
        status: together ? 200 : 504, contentType: "text/plain", text: request.target)
    }
    let client = HTTPClient(host: "127.0.0.1", port: server.port)
    let responses = try await withThrowingTaskGroup(of: HTTPResponse.self) { group in
      for index in 0..<8 {
        group.addTask { try await client.send(HTTPRequest(method: "GET", target: "/\(index)")) }
      }
      return try await group.reduce(into: [HTTPResponse]()) { $0.append($1) }
    }
    #expect(Set(responses.map(\.text)) == Set((0..<8).map { "/\($0)" }))
    #expect(responses.allSatisfy { $0.status == 200 })
    await server.shutdown()
  }

  @Test func tlsWithTheLocalCertificateAuthorityIsTrustedByAnIndependentClient() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "facestack-tls-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let files = try CertificateAuthority.ensure(in: folder)
    let again = try CertificateAuthority.ensure(in: folder)
    #expect(
      try Data(contentsOf: files.caCertificate) == Data(contentsOf: again.caCertificate),
      "made once")
    let keyMode =
      try FileManager.default.attributesOfItem(atPath: files.serverKey.path)[
        .posixPermissions] as? Int
    #expect(keyMode == 0o600)
    let server = try await HTTPServer.start(
      host: "127.0.0.1", port: 0, tls: try files.serverContext()
    ) { request in
      HTTPResponse(status: 200, contentType: "text/plain", text: "secure=\(request.isSecure)")
    }
    defer { Task { await server.shutdown() } }
    // Python's ssl module (OpenSSL) as the independent client: it verifies the chain against
    // the CA, the name (127.0.0.1 and localhost), and the key usage.
    for host in ["127.0.0.1", "localhost"] {
      let script = """
        import ssl, sys, urllib.request
        context = ssl.create_default_context(cafile=sys.argv[1])
        with urllib.request.urlopen(sys.argv[2], context=context, timeout=120) as response:
            print(response.read().decode())
        """
      let result = try run(
        ["python3", "-c", script, files.caCertificate.path, "https://\(host):\(server.port)/x"])
      #expect(result.status == 0, "\(result.output)")
      #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == "secure=true")
    }
    // Without the CA, the same client refuses the certificate.
    let untrusted = try run([
      "python3", "-c",
      "import urllib.request; urllib.request.urlopen('https://127.0.0.1:\(server.port)/', timeout=120)",
    ])
    #expect(untrusted.status != 0)
    #expect(untrusted.output.contains("CERTIFICATE_VERIFY_FAILED"))
  }

  func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }
}

/// Lets `count` arrivals through together.
actor Barrier {
  let count: Int
  private var arrived = 0
  private var waiting: [CheckedContinuation<Bool, Never>] = []

  init(count: Int) { self.count = count }

  /// True when all arrived; false when `timeout` seconds pass first.
  func arriveAndWait(timeout: Double) async -> Bool {
    arrived += 1
    if arrived >= count {
      for continuation in waiting { continuation.resume(returning: true) }
      waiting.removeAll()
      return true
    }
    Task {
      try? await Task.sleep(nanoseconds: UInt64(timeout * 1e9))
      self.release()
    }
    return await withCheckedContinuation { waiting.append($0) }
  }

  private func release() {
    for continuation in waiting { continuation.resume(returning: false) }
    waiting.removeAll()
  }
}
