import CloudFormation
import Foundation
import JSONPaths

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
