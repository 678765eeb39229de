import CloudFormation
import JSONPaths

/// A `Parallel` state.
public struct ParallelState: Sendable, Equatable {
  /// `InputPath`, `Parameters`, `ResultSelector`, `ResultPath`, `OutputPath`.
  public let io: InputOutput
  /// `Branches`: each gets the effective input; the result is their outputs, in order.
  public let branches: [StateGraph]
  /// `Retry`.
  public let retriers: [Retrier]
  /// `Catch`.
  public let catchers: [Catcher]

  init(_ reader: inout DefinitionReader, names: inout Set<String>) throws(DefinitionError) {
    io = try InputOutput(&reader, parameters: true, resultSelector: true, resultPath: true)
    guard let elements = reader.value("Branches")?.elements, !elements.isEmpty else {
      throw reader.error("Branches", "The value for the field 'Branches' must be a non-empty array")
    }
    var branches: [StateGraph] = []
    for (index, element) in elements.enumerated() {
      branches.append(
        try StateGraph(element, at: reader.pointer("Branches/\(index)"), names: &names))
    }
    self.branches = branches
    (retriers, catchers) = try TaskState.errorHandling(&reader)
  }
}
