import Foundation
import LocalHTTP
import Testing

@testable import LocalGateway

/// Nothing is let through when the gateway cannot know: a policy the emulator fails to return
/// denies (logged `PolicyError`), an emulator that does not answer fails the request.
@Suite(.enabled(if: hasBotocore)) struct GatewayFailureTests {
  /// A stand-in emulator for this failure only: it knows one key, and every other call fails.
  /// It answers from an executor of its own where there is one: the gateway gives the
  /// credentials lookup 10 s, and with the cooperative pool's threads held by other tests'
  /// subprocess waits, a stand-in on the pool could not answer in time (the request then failed
  /// with 500, not 403).
  static func brokenEmulator() async throws -> HTTPServer {
    let handler: HTTPServer.Handler = { request in
      if request.rawPath.hasPrefix("/_facestack/credentials/") {
        return HTTPResponse(
          status: 200, contentType: "application/json",
          text: """
            {"accessKeyId": "AKIAGATEWAYTEST00001", "secretAccessKey": "gateway-test-secret",
             "sessionToken": null, "expiration": null, "accountId": "123456789012",
             "principal": {"type": "user", "arn": "arn:aws:iam::123456789012:user/tester",
                           "userName": "tester"}, "sessionPolicy": null}
            """)
      }
      return HTTPResponse(status: 500, contentType: "text/plain", text: "broken")
    }
    if #available(macOS 15, *) {
      return try await HTTPServer.start(
        host: "127.0.0.1", port: 0, tls: nil,
        executor: QueueTaskExecutor(label: "broken emulator"), handler: handler)
    }
    return try await HTTPServer.start(host: "127.0.0.1", port: 0, tls: nil, handler: handler)
  }

  @Test func anUnreadablePolicyDenies() async throws {
    let emulator = try await Self.brokenEmulator()
    let log = try DecisionLog()
    let gateway = try Gateway(
      emulator: HTTPClient(host: "127.0.0.1", port: emulator.port), log: log)
    let signed = try await signWithBotocore([
      SigningCase(
        name: "get", service: "s3", method_name: "get_object",
        params: ["Bucket": "b", "Key": "k"])
    ])
    let response = await gateway.handle(try #require(signed["get"]).request())
    #expect(response.status == 403)
    #expect(response.text.contains("<Code>AccessDenied</Code>"))
    #expect(response.text.contains("because a policy that applies could not be read: iam:GetUser"))
    let record = try #require(log.records().last)
    #expect(record.decision == .policyError && record.isDenied)
    await emulator.shutdown()
  }

  @Test func anEmulatorThatDoesNotAnswerFailsTheRequest() async throws {
    let port = try EmulatorProcess.freePort()
    let log = try DecisionLog()
    let gateway = try Gateway(emulator: HTTPClient(host: "127.0.0.1", port: port), log: log)
    let signed = try await signWithBotocore([
      SigningCase(
        name: "get", service: "dynamodb", method_name: "get_item",
        params: ["TableName": "T", "Key": ["id": ["S": "a"]]])
    ])
    let response = await gateway.handle(try #require(signed["get"]).request())
    #expect(response.status == 500)
    #expect(response.text.contains("InternalFailure"))
    #expect(log.records().last?.isDenied == true)
  }
}
