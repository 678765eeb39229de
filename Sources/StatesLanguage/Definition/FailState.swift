import CloudFormation
import Foundation
import JSONPaths

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
