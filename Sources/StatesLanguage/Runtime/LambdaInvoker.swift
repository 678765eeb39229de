import CloudFormation
import Foundation
import JSONPaths

/// Runs a Lambda function as Lambda's `Invoke` API does (`RequestResponse`): the local cloud's
/// side of the Lambda integrations.
public protocol LambdaInvoker: Sendable {
  /// Invokes `functionName` (a name or ARN, with `qualifier` when one is given) with `payload`.
  /// A function error is a result with ``LambdaInvocationResult/functionError``; an error of the
  /// Lambda service itself (no such function, throttling) is a thrown ``TaskFailure`` named as
  /// Step Functions names it (`Lambda.ResourceNotFoundException`,
  /// `Lambda.TooManyRequestsException`, `Lambda.ServiceException`, ...).
  func invoke(functionName: String, qualifier: String?, payload: JSONDocument, context: TaskContext)
    async throws -> LambdaInvocationResult
}
