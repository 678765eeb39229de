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

  @Test func concurrentRequestsAreServedConcurrently() async throws {
    let server = try await HTTPServer.start(host: "127.0.0.1", port: 0, tls: nil) { request in
      try? await Task.sleep(nanoseconds: 200_000_000)
      return HTTPResponse(status: 200, contentType: "text/plain", text: request.target)
    }
    let client = HTTPClient(host: "127.0.0.1", port: server.port)
    let start = Date()
    let targets = try await withThrowingTaskGroup(of: String.self) { group in
      for index in 0..<8 {
        group.addTask {
          try await client.send(HTTPRequest(method: "GET", target: "/\(index)")).text
        }
      }
      return try await group.reduce(into: [String]()) { $0.append($1) }
    }
    #expect(Set(targets) == Set((0..<8).map { "/\($0)" }))
    #expect(Date().timeIntervalSince(start) < 1.5)
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
        with urllib.request.urlopen(sys.argv[2], context=context, timeout=10) as response:
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
      "import urllib.request; urllib.request.urlopen('https://127.0.0.1:\(server.port)/', timeout=10)",
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
