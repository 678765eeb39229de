import Foundation
import LocalHTTP
import LocalRuntime
import NIOSSL

// TEMPORARY: stands in for the IAM gateway (issue 15, Sources/LocalGateway) until it is merged:
// TLS and forwarding to the emulator, the runtime's operations answered by the runtime, and an
// authorizer that allows everything. Removed when LocalGateway lands.

/// A pass-through gateway: TLS in front of the emulator, no authorization.
final class DevelopmentGateway: Sendable {
  let server: HTTPServer
  let attached: AttachedRuntime

  var port: Int { server.port }
  var authorizer: any RuntimeAuthorizer { AllowEverything() }

  private init(server: HTTPServer, attached: AttachedRuntime) {
    self.server = server
    self.attached = attached
  }

  static func start(port: Int, tls: NIOSSLContext, emulatorPort: Int) async throws
    -> DevelopmentGateway
  {
    let emulator = HTTPClient(host: "127.0.0.1", port: emulatorPort)
    let attached = AttachedRuntime()
    let server = try await HTTPServer.start(host: "127.0.0.1", port: port, tls: tls) { request in
      if let runtime = attached.runtime, let operation = Self.runtimeOperation(request) {
        return await runtime.answer(
          operation: operation, request: request, principal: "development")
      }
      var forwarded = request
      forwarded.headers.append(("X-Forwarded-For", "127.0.0.1"))
      do {
        return try await emulator.send(forwarded)
      } catch {
        return HTTPResponse(status: 502, contentType: "text/plain", text: "\(error)")
      }
    }
    return DevelopmentGateway(server: server, attached: attached)
  }

  func attach(_ runtime: LocalRuntime) { attached.runtime = runtime }

  func shutdown() async { await server.shutdown() }

  static func runtimeOperation(_ request: HTTPRequest) -> String? {
    if let target = request.header("X-Amz-Target"), target.hasPrefix("AWSStepFunctions.") {
      let operation = "states:" + target.dropFirst("AWSStepFunctions.".count)
      return LocalRuntime.answeredOperations.contains(operation) ? operation : nil
    }
    if request.method == "POST", request.rawPath.hasPrefix("/2015-03-31/functions/"),
      request.rawPath.hasSuffix("/invocations")
    {
      return "lambda:Invoke"
    }
    return nil
  }
}

final class AttachedRuntime: @unchecked Sendable {
  private let lock = NSLock()
  private var value: LocalRuntime?
  var runtime: LocalRuntime? {
    get { lock.lock(); defer { lock.unlock() }; return value }
    set { lock.lock(); value = newValue; lock.unlock() }
  }
}

struct AllowEverything: RuntimeAuthorizer {
  func mayAssume(role: String, service: String, sourceArn: String?, sourceAccount: String?)
    async -> AuthorizationDecision
  {
    AuthorizationDecision(allowed: true, explanation: "development gateway: no authorization")
  }

  func authorize(
    principal: String, action: String, resource: String, sourceArn: String?,
    sourceAccount: String?
  ) async -> AuthorizationDecision {
    AuthorizationDecision(allowed: true, explanation: "development gateway: no authorization")
  }
}
