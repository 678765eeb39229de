import CloudFormation
import JSONPaths

/// A state machine definition in the Amazon States Language (JSONPath variant), validated as
/// `CreateStateMachine` validates it.
///
/// ```swift
/// let machine = try StateMachine.parse(definitionText)   // throws DefinitionError
/// machine.states["Detect"]?.type                         // "Task"
/// ```
///
/// Features the interpreter does not run (JSONata, workflow variables, Distributed Map,
/// service integrations other than Lambda) are accepted here, as Step Functions accepts them;
/// an execution that reaches them fails with `States.Runtime` naming the feature.
public struct StateMachine: Sendable, Equatable {
  /// `Comment`.
  public let comment: String?
  /// `TimeoutSeconds`: the execution times out after this long.
  public let timeoutSeconds: Int?
  /// `StartAt` and `States`.
  public let graph: StateGraph

  /// The states of the top level, by name.
  public var states: [String: StateDefinition] { graph.states }

  /// `$`.
  static let rootPath: JSONPath = {
    guard let root = try? JSONPath("$") else { preconditionFailure("'$' is a path") }
    return root
  }()

  /// Reads and validates definition text.
  public static func parse(_ text: String) throws(DefinitionError) -> StateMachine {
    let document: JSONDocument
    do {
      document = try JSONDocument.parse(text, file: "<definition>")
    } catch {
      throw DefinitionError(.invalidJSON, "Cannot parse the definition: \(error)", at: "/")
    }
    return try StateMachine(document)
  }

  /// Validates an already parsed definition.
  public init(_ document: JSONDocument) throws(DefinitionError) {
    guard document.members != nil else {
      throw DefinitionError(.invalidJSON, "The definition must be a JSON object", at: "/")
    }
    var reader = try DefinitionReader(document, at: "")
    comment = try reader.string("Comment")
    timeoutSeconds = try reader.integer("TimeoutSeconds", in: 1...99_999_999)
    let queryLanguage = try reader.string("QueryLanguage")
    if let queryLanguage, queryLanguage != "JSONPath", queryLanguage != "JSONata" {
      throw reader.error(
        "QueryLanguage", "The value for the field 'QueryLanguage' must be JSONPath or JSONata")
    }
    if let version = try reader.string("Version"), version != "1.0" {
      throw reader.error("Version", "The value for the field 'Version' must be 1.0")
    }
    var names: Set<String> = []
    graph = try StateGraph(document, at: "", names: &names, queryLanguage: queryLanguage)
  }
}

extension StateMachine {
  /// Every feature an execution would stop at with `States.Runtime`, by state (branches and
  /// item processors included): for warning at deploy time rather than at run time.
  public var unsupportedFeatures: [(state: String, feature: String)] {
    Self.unsupported(in: graph)
  }

  private static func unsupported(in graph: StateGraph) -> [(state: String, feature: String)] {
    var found: [(state: String, feature: String)] = []
    for name in graph.order {
      guard let state = graph.states[name] else { continue }
      found += state.unsupportedFeatures.map { (name, $0) }
      switch state.kind {
      case .task(let task):
        if case .unsupported(_, let feature) = task.resource { found.append((name, feature)) }
      case .parallel(let parallel):
        found += parallel.branches.flatMap(unsupported(in:))
      case .map(let map):
        found += unsupported(in: map.processor)
      default: break
      }
    }
    return found
  }
}
