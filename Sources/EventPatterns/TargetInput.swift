import CloudFormation
import JSONPaths

/// What a rule's target receives: the matched event, constant `Input`, the part of the event
/// `InputPath` selects, or an ``InputTransformer``'s output.
///
/// ```swift
/// let input = try TargetInput(target: targetJSON)  // a target of AWS::Events::Rule or PutTargets
/// let text = try input.render(event: event, rule: context)
/// ```
public enum TargetInput: Sendable {
  /// The whole event (no input option set).
  case event
  /// `Input`: this JSON text, whatever the event.
  case constant(String)
  /// `InputPath`: the value this path selects in the event.
  case path(JSONPath)
  /// `InputTransformer`.
  case transformer(InputTransformer)

  /// Reads a target's `Input`, `InputPath` and `InputTransformer` (at most one may be set).
  public init(target: JSONDocument) throws(InputTransformerError) {
    let targetId = target["Id"]?.stringValue ?? "Target0"
    let input = target["Input"]?.stringValue
    let inputPath = target["InputPath"]?.stringValue
    let transformer = target["InputTransformer"]
    guard [input != nil, inputPath != nil, transformer != nil].filter({ $0 }).count <= 1 else {
      throw .conflictingInputs(targetId: targetId)
    }
    if let input {
      guard JSONDocument.parseValue(input) != nil else { throw .invalidConstantInput(input) }
      self = .constant(input)
    } else if let inputPath {
      do {
        self = .path(try JSONPath(inputPath))
      } catch {
        throw .invalidPath(key: "InputPath", path: inputPath, reason: error.description)
      }
    } else if let transformer {
      self = .transformer(try InputTransformer(transformer, targetId: targetId))
    } else {
      self = .event
    }
  }

  /// The text the target receives for `event`.
  public func render(event: JSONDocument, rule: RuleContext) throws(InputTransformerError)
    -> String
  {
    switch self {
    case .event: return event.compactText
    case .constant(let text): return text
    case .path(let path):
      guard let value = try? path.value(in: event) else {
        throw .inputPathNotFound(path.text)
      }
      return value.compactText
    case .transformer(let transformer):
      return try transformer.render(event: event, rule: rule)
    }
  }
}
