import CloudFormation
import Foundation
import JSONPaths

/// A `Pass` state.
public struct PassState: Sendable, Equatable {
  /// `InputPath`, `Parameters`, `ResultPath`, `OutputPath`.
  public let io: InputOutput
  /// `Result`: the state's result instead of its effective input.
  public let result: JSONDocument?

  init(_ reader: inout DefinitionReader) throws(DefinitionError) {
    io = try InputOutput(&reader, parameters: true, resultSelector: false, resultPath: true)
    result = reader.value("Result")
  }
}

/// A `Wait` state.
public struct WaitState: Sendable, Equatable {
  /// `InputPath`, `OutputPath`.
  public let io: InputOutput
  /// How long or until when.
  public let duration: Duration

  /// Exactly one of `Seconds`, `Timestamp`, `SecondsPath`, `TimestampPath`.
  public enum Duration: Sendable, Equatable {
    /// `Seconds`.
    case seconds(Int)
    /// `Timestamp`.
    case timestamp(Date)
    /// `SecondsPath`: a non-negative integer in the effective input.
    case secondsPath(JSONPath)
    /// `TimestampPath`: an RFC 3339 timestamp in the effective input.
    case timestampPath(JSONPath)
  }

  init(_ reader: inout DefinitionReader) throws(DefinitionError) {
    io = try InputOutput(&reader, parameters: false, resultSelector: false, resultPath: false)
    var found: [Duration] = []
    if let seconds = try reader.integer("Seconds", in: 0...99_999_999) {
      found.append(.seconds(seconds))
    }
    if let text = try reader.string("Timestamp") {
      guard let date = Timestamp.parse(text) else {
        throw reader.error(
          "Timestamp", "The value for the field 'Timestamp' must be a valid timestamp")
      }
      found.append(.timestamp(date))
    }
    if let text = try reader.string("SecondsPath") {
      found.append(.secondsPath(try reader.referencePath(text, field: "SecondsPath")))
    }
    if let text = try reader.string("TimestampPath") {
      found.append(.timestampPath(try reader.referencePath(text, field: "TimestampPath")))
    }
    guard found.count == 1, let duration = found.first else {
      throw DefinitionError(
        .schemaValidationFailed,
        "A Wait state must have exactly one of 'Seconds', 'Timestamp', 'SecondsPath' or 'TimestampPath'",
        at: reader.location)
    }
    self.duration = duration
  }
}

/// A `Succeed` state.
public struct SucceedState: Sendable, Equatable {
  /// `InputPath`, `OutputPath`.
  public let io: InputOutput

  init(_ reader: inout DefinitionReader) throws(DefinitionError) {
    io = try InputOutput(&reader, parameters: false, resultSelector: false, resultPath: false)
  }
}

/// A `Fail` state.
public struct FailState: Sendable, Equatable {
  /// `Error` or `ErrorPath`.
  public let error: Field?
  /// `Cause` or `CausePath`.
  public let cause: Field?

  /// A literal, or a path or intrinsic function evaluated on the state's input.
  public enum Field: Sendable, Equatable {
    /// The text as written.
    case literal(String)
    /// `...Path`: a path or an intrinsic call.
    case dynamic(DynamicValue, field: String)
  }

  init(_ reader: inout DefinitionReader) throws(DefinitionError) {
    error = try Self.field(&reader, "Error")
    cause = try Self.field(&reader, "Cause")
  }

  private static func field(_ reader: inout DefinitionReader, _ name: String)
    throws(DefinitionError) -> Field?
  {
    let literal = try reader.string(name)
    let dynamicText = try reader.string("\(name)Path")
    if literal != nil, dynamicText != nil {
      throw reader.error(name, "The fields '\(name)' and '\(name)Path' are mutually exclusive")
    }
    if let literal { return .literal(literal) }
    guard let dynamicText else { return nil }
    guard let dynamic = DynamicValue(dynamicText) else {
      throw reader.error(
        "\(name)Path",
        "The value for the field '\(name)Path' must be a valid JSONPath or a valid intrinsic function call"
      )
    }
    return .dynamic(dynamic, field: "\(name)Path")
  }
}
