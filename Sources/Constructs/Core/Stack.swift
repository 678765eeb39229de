import CloudFormation

/// A CloudFormation stack: the root of a construct tree, with its environment, parameters,
/// outputs and the diagnostics found while building it.
///
/// ```swift
/// let stack = Stack(name: "FaceRecognition", environment: dev)
/// let bucket = Bucket(stack, "Images")
/// stack.output("BucketName", bucket.name, description: "where images are uploaded")
/// ```
public final class Stack: Construct {
  /// The stack's name without the environment's prefix.
  public let name: String
  /// The environment it is built for.
  public let environment: Environment
  /// The template's description.
  public var templateDescription: String?
  /// Parameters, by logical name.
  public var parameters = OrderedMap<Parameter>()
  /// Conditions, by name.
  public var conditions = OrderedMap<Value>()
  /// Outputs, by logical ID.
  public private(set) var outputs = OrderedMap<Output>()
  /// Aspects applied at synthesis, in order.
  public private(set) var aspects: [any Aspect] = []
  /// Problems found while building the tree; errors stop synthesis.
  public private(set) var diagnostics: [Diagnostic] = []

  /// A stack for `environment`.
  public init(name: String, environment: Environment, file: String = #fileID, line: Int = #line) {
    self.name = name
    self.environment = environment
    super.init(detached: name, file: file, line: line)
  }

  /// The deployed stack's name: the environment's prefix and the stack's name.
  public var stackName: String { "\(environment.namePrefix)-\(name)" }

  /// Records a problem found while building the stack.
  public func report(
    _ severity: Diagnostic.Severity, _ message: String, at location: SourceLocation?
  ) {
    diagnostics.append(Diagnostic(severity, message, at: location?.description))
  }

  /// Adds an output.
  public func output(
    _ id: String, _ value: Value, description: String? = nil, export: Value? = nil,
    file: String = #fileID, line: Int = #line
  ) {
    if outputs.contains(id) {
      report(.error, "duplicate output '\(id)'", at: SourceLocation(file: file, line: line))
    }
    outputs[id] = Output(value: value, description: description, exportName: export)
  }

  /// Adds an aspect, run over every construct at synthesis.
  public func add(aspect: any Aspect) { aspects.append(aspect) }

  /// Every resource in the tree, in creation order.
  public var resources: [CfnResource] { subtree.compactMap { $0 as? CfnResource } }

  /// A parameter reference, declaring the parameter on first use.
  public func parameter(_ name: String, _ parameter: Parameter) -> Value {
    if parameters[name] == nil { parameters[name] = parameter }
    return .ref(name)
  }
}
