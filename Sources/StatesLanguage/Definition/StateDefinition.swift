import CloudFormation
import JSONPaths

/// One state of a definition: its name, type-specific fields and transition.
public struct StateDefinition: Sendable, Equatable {
  /// The state's name.
  public let name: String
  /// `Comment`.
  public let comment: String?
  /// The type and its fields.
  public let kind: StateKind
  /// `Next` or `End` (Choice, Succeed and Fail states have none).
  public let transition: Transition?
  /// Fields present in the definition that the interpreter does not run (JSONata, workflow
  /// variables, cross-account credentials, Distributed Map): entering the state fails the
  /// execution with `States.Runtime` naming them.
  public let unsupportedFeatures: [String]

  /// The state's `Type`.
  public var type: String { kind.typeName }

  init(
    name: String, document: JSONDocument, at location: String, inheritedQueryLanguage: String?,
    names: inout Set<String>
  ) throws(DefinitionError) {
    var reader = try DefinitionReader(document, at: location)
    self.name = name
    comment = try reader.string("Comment")
    let type = try reader.requiredString("Type")
    var unsupported: [String] = []
    let queryLanguage = try reader.string("QueryLanguage") ?? inheritedQueryLanguage
    if queryLanguage == "JSONata" { unsupported.append("the JSONata query language") }
    for field in reader.accept(["Assign", "Output", "Arguments", "Credentials"]) {
      unsupported.append(Self.featureNames[field] ?? field)
    }
    switch type {
    case "Pass": kind = .pass(try PassState(&reader))
    case "Task": kind = .task(try TaskState(&reader))
    case "Choice": kind = .choice(try ChoiceState(&reader))
    case "Wait": kind = .wait(try WaitState(&reader))
    case "Succeed": kind = .succeed(try SucceedState(&reader))
    case "Fail": kind = .fail(try FailState(&reader))
    case "Parallel": kind = .parallel(try ParallelState(&reader, names: &names))
    case "Map":
      let map = try MapState(&reader, names: &names)
      unsupported += map.distributedFeatures
      kind = .map(map)
    default:
      throw reader.error(
        "Type",
        "The value for the field 'Type' must be one of Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map"
      )
    }
    transition = try Self.transition(&reader, for: kind)
    unsupportedFeatures = unsupported
    try reader.rejectUnknownFields()
  }

  private static let featureNames = [
    "Assign": "workflow variables (Assign)", "Output": "the JSONata field 'Output'",
    "Arguments": "the JSONata field 'Arguments'",
    "Credentials": "cross-account tasks (Credentials)",
  ]

  private static func transition(_ reader: inout DefinitionReader, for kind: StateKind)
    throws(DefinitionError) -> Transition?
  {
    switch kind {
    case .choice, .succeed, .fail: return nil
    default: break
    }
    let next = try reader.string("Next")
    let end = try reader.bool("End") ?? false
    switch (next, end) {
    case (let next?, false): return .next(next)
    case (nil, true): return .end
    case (.some, true):
      throw reader.error("End", "The fields 'Next' and 'End' are mutually exclusive")
    case (nil, false):
      throw DefinitionError(
        .schemaValidationFailed, "The field 'Next' or 'End' is required", at: reader.location)
    }
  }
}
