import IAM
import LocalHTTP

/// Answers some operations in place of the emulator, after the gateway has authorized them:
/// the runtime registers one for `states:StartExecution`, `DescribeExecution`,
/// `ListExecutions`, `GetExecutionHistory` and `lambda:Invoke`.
///
/// ```swift
/// struct StepFunctionsBackend: GatewayBackend {
///   func handle(_ request: AuthorizedRequest) async -> HTTPResponse { … }
/// }
/// gateway.register(StepFunctionsBackend(), service: "states",
///   operations: ["StartExecution", "DescribeExecution", "ListExecutions", "GetExecutionHistory"])
/// ```
public protocol GatewayBackend: Sendable {
  /// The answer to an authorized request, in the service's protocol.
  func handle(_ request: AuthorizedRequest) async -> LocalHTTP.HTTPResponse
}

/// A request the gateway verified and authorized, handed to a ``GatewayBackend``.
public struct AuthorizedRequest: Sendable {
  /// The request, its body the plain payload (an `aws-chunked` body decoded).
  public var http: LocalHTTP.HTTPRequest
  /// The SigV4 signing name (`states`, `lambda`).
  public var service: String
  /// The operation (`StartExecution`, `Invoke`).
  public var operation: String
  /// The protocol the request used (answer in it).
  public var wireProtocol: WireProtocol
  /// The region of its credential scope.
  public var region: String
  /// The account of the caller.
  public var account: String
  /// Who called.
  public var principal: RequestPrincipal
  /// The credentials that signed (the runtime may run a function's code as the caller).
  public var credentials: IssuedCredentials
  /// The gateway's request id (logged with each decision; answer with it).
  public var requestID: String
  /// The decisions that allowed it.
  public var decisions: [DecisionRecord]
}
