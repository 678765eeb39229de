import CloudFormation
import JSONPaths

/// `StartAt` and `States`: the body of a state machine, of a Parallel branch and of a Map's
/// item processor. Transitions stay inside one graph.
public struct StateGraph: Sendable, Equatable {
  /// `StartAt`.
  public let startAt: String
  /// The states, by name.
  public let states: [String: StateDefinition]
  /// The state names in definition order.
  public let order: [String]

  init(
    _ document: JSONDocument, at location: String, names: inout Set<String>,
    queryLanguage: String? = nil, extraFields: [String] = []
  ) throws(DefinitionError) {
    var reader = try DefinitionReader(document, at: location)
    let startAt = try reader.requiredString("StartAt")
    guard let statesDocument = reader.value("States"), let members = statesDocument.members
    else {
      throw DefinitionError(
        .schemaValidationFailed, "The field 'States' should be non-null", at: location)
    }
    _ = reader.value("Comment")
    _ = reader.accept(extraFields + ["QueryLanguage", "Version", "TimeoutSeconds"])
    try reader.rejectUnknownFields()
    var states: [String: StateDefinition] = [:]
    var order: [String] = []
    for (name, stateDocument) in members {
      let stateLocation = "\(location)/States/\(name)"
      guard (1...80).contains(name.count) else {
        throw DefinitionError(
          .schemaValidationFailed, "State names must have 1 to 80 characters", at: stateLocation)
      }
      guard names.insert(name).inserted else {
        throw DefinitionError(
          .duplicateStateName, "Duplicate State name: \(name)", at: stateLocation)
      }
      states[name] = try StateDefinition(
        name: name, document: stateDocument, at: stateLocation,
        inheritedQueryLanguage: queryLanguage, names: &names)
      order.append(name)
    }
    guard states[startAt] != nil else {
      throw DefinitionError(
        .missingTransitionTarget, "Missing 'Next' target: \(startAt)", at: "\(location)/StartAt")
    }
    self.startAt = startAt
    self.states = states
    self.order = order
    try checkTransitions(at: location)
  }

  private func checkTransitions(at location: String) throws(DefinitionError) {
    for name in order {
      guard let state = states[name] else { continue }
      var targets: [(String, String)] = []
      if case .next(let next)? = state.transition { targets.append((next, "Next")) }
      switch state.kind {
      case .choice(let choice):
        targets += choice.choices.enumerated().map {
          ($0.element.next, "Choices/\($0.offset)/Next")
        }
        if let fallback = choice.defaultState { targets.append((fallback, "Default")) }
      case .task(let task):
        targets += task.catchers.enumerated().map { ($0.element.next, "Catch/\($0.offset)/Next") }
      case .parallel(let parallel):
        targets += parallel.catchers.enumerated().map {
          ($0.element.next, "Catch/\($0.offset)/Next")
        }
      case .map(let map):
        targets += map.catchers.enumerated().map { ($0.element.next, "Catch/\($0.offset)/Next") }
      default: break
      }
      for (target, field) in targets where states[target] == nil {
        throw DefinitionError(
          .missingTransitionTarget, "Missing 'Next' target: \(target)",
          at: "\(location)/States/\(name)/\(field)")
      }
    }
  }
}
