import CloudFormation
import JSONPaths

/// `InputPath` or `OutputPath`: a path, or `null` (which gives `{}`).
public enum OptionalPath: Sendable, Equatable {
  /// Select with this path (`$` by default).
  case path(JSONPath)
  /// `null`: the state sees, or emits, an empty object.
  case null
}

/// `ResultPath`: where the result goes in the state's input.
public enum ResultPathSetting: Sendable, Equatable {
  /// Put the result at this reference path (`$` replaces the input).
  case path(JSONPath)
  /// `null`: discard the result; the output is the input.
  case discard
}

/// Where a state goes next.
public enum Transition: Sendable, Equatable {
  /// `Next`.
  case next(String)
  /// `End: true`.
  case end
}

/// The input and output processing fields of a state (those its type allows; the others keep
/// their defaults).
public struct InputOutput: Sendable, Equatable {
  /// `InputPath`, `$` by default.
  public var inputPath: OptionalPath = .path(StateMachine.rootPath)
  /// `Parameters` (`ItemSelector` for a Map's items is separate).
  public var parameters: PayloadTemplate?
  /// `ResultSelector`.
  public var resultSelector: PayloadTemplate?
  /// `ResultPath`, `$` by default.
  public var resultPath: ResultPathSetting = .path(StateMachine.rootPath)
  /// `OutputPath`, `$` by default.
  public var outputPath: OptionalPath = .path(StateMachine.rootPath)

  /// Defaults everywhere.
  public init() {}

  /// Reads the fields a state of `type` may have.
  init(
    _ reader: inout DefinitionReader, parameters allowsParameters: Bool,
    resultSelector allowsResultSelector: Bool, resultPath allowsResultPath: Bool
  ) throws(DefinitionError) {
    inputPath = try reader.optionalPath("InputPath")
    outputPath = try reader.optionalPath("OutputPath")
    if allowsParameters, let value = reader.value("Parameters") {
      parameters = try PayloadTemplate(value, reader: reader, field: "Parameters")
    }
    if allowsResultSelector, let value = reader.value("ResultSelector") {
      resultSelector = try PayloadTemplate(value, reader: reader, field: "ResultSelector")
    }
    if allowsResultPath {
      resultPath = try Self.resultPath(&reader, field: "ResultPath")
    }
  }

  static func resultPath(_ reader: inout DefinitionReader, field: String) throws(DefinitionError)
    -> ResultPathSetting
  {
    guard let value = reader.value(field) else { return .path(StateMachine.rootPath) }
    if value.isNull { return .discard }
    guard let text = value.stringValue else {
      throw reader.error(field, "The value for the field '\(field)' must be a valid ReferencePath")
    }
    return .path(try reader.referencePath(text, field: field))
  }
}
