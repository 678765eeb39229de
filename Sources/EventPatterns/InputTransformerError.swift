/// Why a target's input could not be configured (`PutTargets` answers `ValidationException`)
/// or could not be produced for one event (EventBridge then counts a failed invocation, and
/// the event goes to the target's dead-letter queue when it has one).
public enum InputTransformerError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A `<placeholder>` that is neither a key of `InputPathsMap` nor a predefined variable.
  case invalidPlaceholder(targetId: String, name: String)
  /// An `InputPathsMap` key that is not 1 to 256 of `[A-Za-z0-9_-]`, or is reserved.
  case invalidKey(String)
  /// An `InputPathsMap` value that is not a JSONPath.
  case invalidPath(key: String, path: String, reason: String)
  /// More than 100 variables.
  case tooManyVariables(Int)
  /// An empty template, or one over 8,192 characters.
  case invalidTemplateLength(Int)
  /// More than one of `Input`, `InputPath`, `InputTransformer`.
  case conflictingInputs(targetId: String)
  /// `Input` that is not JSON text.
  case invalidConstantInput(String)
  /// The filled template is not JSON (an object or array inside quotes, a template that is
  /// neither JSON nor a JSON string); EventBridge does not deliver such an input.
  case invalidOutput(String)
  /// `InputPath` selected nothing in the event.
  case inputPathNotFound(String)

  /// One line, in EventBridge's words where it has them.
  public var description: String {
    switch self {
    case .invalidPlaceholder(let targetId, let name):
      return "InputTemplate for target \(targetId) contains invalid placeholder \(name)."
    case .invalidKey(let key):
      return
        "InputPathsMap key '\(key)' must be 1 to 256 letters, digits, '_' or '-' and not start with 'AWS.'"
    case .invalidPath(let key, let path, let reason):
      return "InputPathsMap value '\(path)' of '\(key)' is not a valid JSON path: \(reason)"
    case .tooManyVariables(let count):
      return "InputPathsMap has \(count) variables; at most 100 are allowed"
    case .invalidTemplateLength(let length):
      return "InputTemplate must be 1 to 8192 characters, got \(length)"
    case .conflictingInputs(let targetId):
      return
        "Only one of Input, InputPath, or InputTransformer must be provided for target \(targetId)."
    case .invalidConstantInput(let text):
      return "Input is not valid JSON: \(text)"
    case .invalidOutput(let text):
      return "the transformed input is not valid JSON, so EventBridge would not deliver it: \(text)"
    case .inputPathNotFound(let path):
      return "InputPath \(path) selects nothing in the event"
    }
  }
}
