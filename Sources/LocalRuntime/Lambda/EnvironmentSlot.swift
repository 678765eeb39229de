import Foundation

/// The service's bookkeeping of one execution environment: its state, its mailbox of one
/// invocation, its counters. Used only from inside ``LambdaService``'s actor.
final class EnvironmentSlot: @unchecked Sendable {
  /// What the environment is doing.
  enum State { case busy, idle, retired }

  let environment: ExecutionEnvironment
  let logStream: String
  var state: State = .busy
  var lastUsed = Date()
  var invocations = 0
  /// From the process's start to its first `next`: Lambda's "Init Duration".
  var initDuration: TimeInterval?

  private var pending: PendingInvocation?
  private var delivered = false
  private var waiter: CheckedContinuation<PendingInvocation.Delivery?, Never>?

  init(environment: ExecutionEnvironment, logStream: String) {
    self.environment = environment
    self.logStream = logStream
  }

  var function: FunctionConfiguration { environment.function }

  /// Gives `invocation` to the environment (to its waiting `next`, or the next one).
  func assign(_ invocation: PendingInvocation) {
    pending = invocation
    delivered = false
    if let waiter {
      self.waiter = nil
      delivered = true
      waiter.resume(returning: invocation.delivery)
    }
  }

  /// The invocation for the environment's `next`, waiting for one.
  func nextInvocation() async -> PendingInvocation.Delivery? {
    if state == .retired { return nil }
    if let pending, !delivered {
      delivered = true
      return pending.delivery
    }
    return await withCheckedContinuation { continuation in
      waiter?.resume(returning: nil)
      waiter = continuation
    }
  }

  /// The pending invocation `requestID`, removed (its result is being given).
  func take(_ requestID: String) -> PendingInvocation? {
    guard let pending, pending.requestID == requestID else { return nil }
    self.pending = nil
    return pending
  }

  /// Whatever invocation is pending, removed.
  func takeAny() -> PendingInvocation? {
    defer { pending = nil }
    return pending
  }
}

/// An invocation given to an environment, until it answers.
struct PendingInvocation: Sendable {
  /// What `next` hands the bootstrap.
  struct Delivery: Sendable {
    var requestID: String
    var payload: [UInt8]
    var deadlineMilliseconds: Int64
    var functionArn: String
  }

  var requestID: String
  var payload: [UInt8]
  var deadline: Date
  var functionArn: String
  var continuation: CheckedContinuation<InvocationResult, Never>

  var delivery: Delivery {
    Delivery(
      requestID: requestID, payload: payload,
      deadlineMilliseconds: Int64(deadline.timeIntervalSince1970 * 1000), functionArn: functionArn)
  }
}

/// What an invocation returned, as `Invoke` answers it.
public struct InvocationResult: Sendable {
  /// The response payload: the function's result, or its error document.
  public var payload: [UInt8]
  /// `X-Amz-Function-Error`: `Unhandled` when the function failed.
  public var functionError: String?
  /// The handler's own time, seconds, when the bootstrap measured it.
  public var handlerDuration: TimeInterval?
  /// The request id.
  public var requestID = ""
  /// Whether the environment must not be reused (timed out, crashed, failed to start).
  var discardEnvironment = false
  /// Output the runtime collected itself (when the environment ended without its marker).
  var outputLines: [String] = []

  init(payload: [UInt8], functionError: String?, handlerDuration: TimeInterval?) {
    self.payload = payload
    self.functionError = functionError
    self.handlerDuration = handlerDuration
  }

  /// An error the runtime itself reports (a timeout, a crash), in Lambda's error shape.
  static func failure(
    errorType: String, message: String, requestID: String, discardEnvironment: Bool,
    outputLines: [String]
  ) -> InvocationResult {
    let document: [String: Any] = [
      "errorType": errorType, "errorMessage": message, "requestId": requestID,
    ]
    let data =
      (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data()
    var result = InvocationResult(
      payload: Array(data), functionError: "Unhandled", handlerDuration: nil)
    result.discardEnvironment = discardEnvironment
    result.outputLines = outputLines
    result.requestID = requestID
    return result
  }

  /// A Lambda service error (not the function's), for the asynchronous path's records.
  static func serviceFailure(_ error: any Error, requestID: String) -> InvocationResult {
    failure(
      errorType: (error as? LambdaServiceError)?.awsError.code ?? "ServiceException",
      message: "\(error)", requestID: requestID, discardEnvironment: false, outputLines: [])
  }

  /// The error's type (`errorType` of the error document), when the function failed.
  public var errorType: String? {
    guard functionError != nil,
      let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any]
    else { return nil }
    return object["errorType"] as? String
  }
}
