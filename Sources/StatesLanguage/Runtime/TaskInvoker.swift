import CloudFormation
import Foundation

/// Does a Task state's work. The interpreter makes no AWS call itself: the local cloud gives it
/// an invoker that runs the function, tests give it stubs.
///
/// ```swift
/// struct Stub: TaskInvoker {
///   func invoke(resource: TaskResource, parameters: JSONDocument, context: TaskContext)
///     async throws -> JSONDocument
///   {
///     throw TaskFailure(error: "Lambda.ServiceException", cause: "throttled")
///   }
/// }
/// ```
///
/// For Lambda, ``LambdaTaskInvoker`` turns a plain function runner (``LambdaInvoker``) into
/// an invoker with the result shapes and errors of Step Functions' Lambda integrations.
public protocol TaskInvoker: Sendable {
  /// Runs the task and returns its result, or throws ``TaskFailure`` with the error name and
  /// cause Step Functions would report. `parameters` is the state's effective input (after
  /// `InputPath` and `Parameters`).
  func invoke(resource: TaskResource, parameters: JSONDocument, context: TaskContext)
    async throws -> JSONDocument
}
