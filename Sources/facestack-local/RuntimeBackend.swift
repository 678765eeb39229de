import LocalGateway
import LocalHTTP
import LocalRuntime

/// The operations the runtime answers in place of the emulator (Step Functions' executions,
/// Lambda's `Invoke`), handed over by the gateway once it has authorized them.
struct RuntimeBackend: GatewayBackend {
  let runtime: LocalRuntime

  func handle(_ request: AuthorizedRequest) async -> HTTPResponse {
    var response = await runtime.answer(
      operation: "\(request.service):\(request.operation)", request: request.http,
      principal: request.principal.arn)
    if !response.headers.contains(where: { $0.name.lowercased() == "x-amzn-requestid" }) {
      response.headers.append(("x-amzn-RequestId", request.requestID))
    }
    return response
  }

  /// Registers the runtime's operations with `gateway` (`states:StartExecution` → service
  /// `states`, operation `StartExecution`).
  static func register(_ runtime: LocalRuntime, with gateway: Gateway) {
    var byService: [String: [String]] = [:]
    for operation in LocalRuntime.answeredOperations.sorted() {
      let parts = operation.split(separator: ":", maxSplits: 1).map(String.init)
      guard parts.count == 2 else { continue }
      byService[parts[0], default: []].append(parts[1])
    }
    for (service, operations) in byService {
      gateway.register(RuntimeBackend(runtime: runtime), service: service, operations: operations)
    }
  }
}
