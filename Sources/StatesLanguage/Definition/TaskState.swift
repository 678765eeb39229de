import CloudFormation
import JSONPaths

/// A `Task` state.
public struct TaskState: Sendable, Equatable {
  /// `Resource`.
  public let resource: TaskResource
  /// `InputPath`, `Parameters`, `ResultSelector`, `ResultPath`, `OutputPath`.
  public let io: InputOutput
  /// `TimeoutSeconds` or `TimeoutSecondsPath` (Step Functions' default is 99999999 seconds).
  public let timeout: Duration?
  /// `HeartbeatSeconds` or `HeartbeatSecondsPath`.
  public let heartbeat: Duration?
  /// `Retry`.
  public let retriers: [Retrier]
  /// `Catch`.
  public let catchers: [Catcher]

  /// A number of seconds, fixed or read from the effective input.
  public enum Duration: Sendable, Equatable {
    /// A fixed number of seconds.
    case seconds(Int)
    /// A reference path to a positive integer in the state's effective input.
    case path(JSONPath)
  }

  init(_ reader: inout DefinitionReader) throws(DefinitionError) {
    resource = TaskResource(try reader.requiredString("Resource"))
    io = try InputOutput(&reader, parameters: true, resultSelector: true, resultPath: true)
    timeout = try Self.duration(&reader, "TimeoutSeconds")
    heartbeat = try Self.duration(&reader, "HeartbeatSeconds")
    if case .seconds(let beat)? = heartbeat, case .seconds(let limit)? = timeout, beat >= limit {
      throw reader.error(
        "HeartbeatSeconds", "The value of 'HeartbeatSeconds' must be less than 'TimeoutSeconds'")
    }
    (retriers, catchers) = try Self.errorHandling(&reader)
  }

  private static func duration(_ reader: inout DefinitionReader, _ field: String)
    throws(DefinitionError) -> Duration?
  {
    let seconds = try reader.integer(field, in: 1...99_999_999)
    let pathText = try reader.string("\(field)Path")
    if seconds != nil, pathText != nil {
      throw reader.error(field, "The fields '\(field)' and '\(field)Path' are mutually exclusive")
    }
    if let seconds { return .seconds(seconds) }
    if let pathText { return .path(try reader.referencePath(pathText, field: "\(field)Path")) }
    return nil
  }

  /// `Retry` and `Catch` of a Task, Parallel or Map state.
  static func errorHandling(_ reader: inout DefinitionReader) throws(DefinitionError)
    -> ([Retrier], [Catcher])
  {
    var retriers: [Retrier] = []
    if let value = reader.value("Retry") {
      guard let elements = value.elements else {
        throw reader.error("Retry", "The value for the field 'Retry' must be an ARRAY")
      }
      for (index, element) in elements.enumerated() {
        retriers.append(try Retrier(element, at: reader.pointer("Retry/\(index)")))
      }
      try ErrorMatching.checkAllIsLast(
        retriers.map(\.errorEquals), field: "Retry", at: reader.location)
    }
    var catchers: [Catcher] = []
    if let value = reader.value("Catch") {
      guard let elements = value.elements else {
        throw reader.error("Catch", "The value for the field 'Catch' must be an ARRAY")
      }
      for (index, element) in elements.enumerated() {
        catchers.append(try Catcher(element, at: reader.pointer("Catch/\(index)")))
      }
      try ErrorMatching.checkAllIsLast(
        catchers.map(\.errorEquals), field: "Catch", at: reader.location)
    }
    return (retriers, catchers)
  }
}
