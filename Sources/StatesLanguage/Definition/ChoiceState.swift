import CloudFormation
import JSONPaths

/// A `Choice` state.
public struct ChoiceState: Sendable, Equatable {
  /// `InputPath`, `OutputPath`.
  public let io: InputOutput
  /// `Choices`: conditions and where each leads, tried in order.
  public let choices: [(condition: ChoiceCondition, next: String)]
  /// `Default`.
  public let defaultState: String?

  /// Equal fields and rules, in the same order.
  public static func == (lhs: ChoiceState, rhs: ChoiceState) -> Bool {
    lhs.io == rhs.io && lhs.defaultState == rhs.defaultState
      && lhs.choices.count == rhs.choices.count
      && zip(lhs.choices, rhs.choices).allSatisfy {
        $0.condition == $1.condition && $0.next == $1.next
      }
  }

  init(_ reader: inout DefinitionReader) throws(DefinitionError) {
    io = try InputOutput(&reader, parameters: false, resultSelector: false, resultPath: false)
    guard let elements = reader.value("Choices")?.elements, !elements.isEmpty else {
      throw reader.error("Choices", "The value for the field 'Choices' must be a non-empty array")
    }
    var choices: [(condition: ChoiceCondition, next: String)] = []
    for (index, element) in elements.enumerated() {
      var rule = try DefinitionReader(element, at: reader.pointer("Choices/\(index)"))
      let next = try rule.requiredString("Next")
      let condition = try ChoiceCondition(&rule)
      _ = rule.value("Comment")
      _ = rule.accept(["Assign", "Output"])
      try rule.rejectUnknownFields()
      choices.append((condition, next))
    }
    self.choices = choices
    defaultState = try reader.string("Default")
  }
}
