/// A definition Step Functions would refuse at `CreateStateMachine`
/// (`InvalidDefinition`), with its diagnostic code and the JSON pointer of the offending field.
///
/// ```
/// Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: Stor at /States/Detect/Next'
/// ```
public struct DefinitionError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Step Functions' diagnostic codes.
  public enum Code: String, Sendable {
    /// The text is not a JSON object.
    case invalidJSON = "INVALID_JSON_DESCRIPTION"
    /// A field is missing, unknown, of the wrong type or out of range.
    case schemaValidationFailed = "SCHEMA_VALIDATION_FAILED"
    /// `StartAt`, `Next` or `Default` names no state of its scope.
    case missingTransitionTarget = "MISSING_TRANSITION_TARGET"
    /// Two states share a name.
    case duplicateStateName = "DUPLICATE_STATE_NAME"
  }

  /// The diagnostic code.
  public let code: Code
  /// What is wrong, one line.
  public let message: String
  /// Where, as a JSON pointer into the definition (`/States/Detect/Retry/0/ErrorEquals`).
  public let location: String

  /// An error at `location`.
  public init(_ code: Code, _ message: String, at location: String) {
    self.code = code
    self.message = message
    self.location = location
  }

  /// The message Step Functions returns.
  public var description: String {
    "Invalid State Machine Definition: '\(code.rawValue): \(message) at \(location)'"
  }
}
