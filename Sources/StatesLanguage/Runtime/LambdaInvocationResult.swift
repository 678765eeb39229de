import CloudFormation
import Foundation
import JSONPaths

/// What Lambda's `Invoke` returned.
public struct LambdaInvocationResult: Sendable, Equatable {
  /// The response payload as text (the function's return value, or its error document).
  public var payload: String
  /// `X-Amz-Function-Error` (`Unhandled`), when the function failed.
  public var functionError: String?
  /// `X-Amz-Executed-Version`.
  public var executedVersion: String
  /// `x-amzn-RequestId`; generated when `nil`.
  public var requestId: String?

  /// A result as Lambda returns it.
  public init(
    payload: String, functionError: String? = nil, executedVersion: String = "$LATEST",
    requestId: String? = nil
  ) {
    self.payload = payload
    self.functionError = functionError
    self.executedVersion = executedVersion
    self.requestId = requestId
  }

  /// A function that returned `value`.
  public static func success(_ value: JSONDocument, requestId: String? = nil) -> Self {
    LambdaInvocationResult(payload: value.compactText, requestId: requestId)
  }

  /// A function that raised: the error document of Lambda's runtimes
  /// (`{"errorMessage", "errorType", "requestId", "stackTrace"}`), `Unhandled`.
  public static func failure(
    errorType: String, errorMessage: String, stackTrace: [String] = [], requestId: String
  ) -> Self {
    let document = JSONDocument.object([
      ("errorMessage", .string(errorMessage)), ("errorType", .string(errorType)),
      ("requestId", .string(requestId)),
      ("stackTrace", .array(stackTrace.map(JSONDocument.string))),
    ])
    return LambdaInvocationResult(
      payload: document.compactText, functionError: "Unhandled", requestId: requestId)
  }
}
