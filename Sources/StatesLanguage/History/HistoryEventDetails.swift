import CloudFormation
import JSONPaths

/// The details of an event, by family.
public enum HistoryEventDetails: Sendable, Equatable {
  /// No details (`LambdaFunctionStarted`, `ParallelStateStarted`, `MapStateSucceeded`, ...).
  case none
  /// `ExecutionStarted`: the input as given, and the role.
  case executionStarted(input: String, roleArn: String)
  /// `ExecutionSucceeded`.
  case executionSucceeded(output: JSONDocument)
  /// `ExecutionFailed`, `ExecutionTimedOut`, `ExecutionAborted`, `LambdaFunctionFailed`,
  /// `LambdaFunctionTimedOut`.
  case failure(error: String?, cause: String?)
  /// `<Type>StateEntered`.
  case stateEntered(name: String, input: JSONDocument)
  /// `<Type>StateExited`.
  case stateExited(name: String, output: JSONDocument)
  /// `TaskScheduled`.
  case taskScheduled(
    resourceType: String, resource: String, region: String, parameters: JSONDocument,
    timeoutInSeconds: Int?, heartbeatInSeconds: Int?)
  /// `TaskStarted`.
  case taskStarted(resourceType: String, resource: String)
  /// `TaskSucceeded`.
  case taskSucceeded(resourceType: String, resource: String, output: JSONDocument)
  /// `TaskFailed`, `TaskTimedOut`.
  case taskFailure(resourceType: String, resource: String, error: String?, cause: String?)
  /// `LambdaFunctionScheduled`.
  case lambdaFunctionScheduled(resource: String, input: JSONDocument, timeoutInSeconds: Int?)
  /// `LambdaFunctionSucceeded`.
  case lambdaFunctionSucceeded(output: JSONDocument)
  /// `MapStateStarted`: how many items.
  case mapStateStarted(length: Int)
  /// `MapIterationStarted`, `...Succeeded`, `...Failed`, `...Aborted`: the Map state's name
  /// and the item's index.
  case mapIteration(name: String, index: Int)

  static let notTruncated = JSONDocument.object([("truncated", .bool(false))])

  /// The details object of the API's `HistoryEvent`.
  var json: JSONDocument? {
    func errorMembers(_ error: String?, _ cause: String?) -> [(String, JSONDocument)] {
      (error.map { [("error", JSONDocument.string($0))] } ?? [])
        + (cause.map { [("cause", JSONDocument.string($0))] } ?? [])
    }
    switch self {
    case .none: return nil
    case .executionStarted(let input, let roleArn):
      return .object([
        ("input", .string(input)), ("inputDetails", Self.notTruncated),
        ("roleArn", .string(roleArn)),
      ])
    case .executionSucceeded(let output), .lambdaFunctionSucceeded(let output):
      return .object([
        ("output", .string(output.compactText)), ("outputDetails", Self.notTruncated),
      ])
    case .failure(let error, let cause):
      return .object(errorMembers(error, cause))
    case .stateEntered(let name, let input):
      return .object([
        ("name", .string(name)), ("input", .string(input.compactText)),
        ("inputDetails", Self.notTruncated),
      ])
    case .stateExited(let name, let output):
      return .object([
        ("name", .string(name)), ("output", .string(output.compactText)),
        ("outputDetails", Self.notTruncated),
      ])
    case .taskScheduled(
      let type, let resource, let region, let parameters, let timeout, let heartbeat):
      var members: [(String, JSONDocument)] = [
        ("resourceType", .string(type)), ("resource", .string(resource)),
        ("region", .string(region)), ("parameters", .string(parameters.compactText)),
      ]
      if let timeout { members.append(("timeoutInSeconds", .integer(timeout))) }
      if let heartbeat { members.append(("heartbeatInSeconds", .integer(heartbeat))) }
      return .object(members)
    case .taskStarted(let type, let resource):
      return .object([("resourceType", .string(type)), ("resource", .string(resource))])
    case .taskSucceeded(let type, let resource, let output):
      return .object([
        ("resourceType", .string(type)), ("resource", .string(resource)),
        ("output", .string(output.compactText)), ("outputDetails", Self.notTruncated),
      ])
    case .taskFailure(let type, let resource, let error, let cause):
      return .object(
        [("resourceType", .string(type)), ("resource", .string(resource))]
          + errorMembers(error, cause))
    case .lambdaFunctionScheduled(let resource, let input, let timeout):
      var members: [(String, JSONDocument)] = [
        ("resource", .string(resource)), ("input", .string(input.compactText)),
        ("inputDetails", Self.notTruncated),
      ]
      if let timeout { members.append(("timeoutInSeconds", .integer(timeout))) }
      return .object(members)
    case .mapStateStarted(let length):
      return .object([("length", .integer(length))])
    case .mapIteration(let name, let index):
      return .object([("name", .string(name)), ("index", .integer(index))])
    }
  }
}
