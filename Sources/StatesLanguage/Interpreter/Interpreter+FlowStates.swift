import CloudFormation
import Foundation
import JSONPaths

extension Interpreter {
  /// Pass: `InputPath`, `Parameters`, `Result` (or the effective input), `ResultPath`,
  /// `OutputPath`.
  func runPass(_ pass: PassState, input: JSONDocument, scope: StateScope) async throws
    -> JSONDocument
  {
    let context = contextObject(scope)
    let effective = try DataFlow.select(pass.io.inputPath, in: input, context: context)
    let parameters =
      try await DataFlow.evaluate(
        pass.io.parameters, input: effective, context: context, random: random)
      ?? effective
    let result = pass.result ?? parameters
    let merged = try ResultPathWriter.apply(pass.io.resultPath, input: input, result: result)
    return try DataFlow.select(pass.io.outputPath, in: merged, context: context)
  }

  /// Choice: the first rule that holds on the effective input decides; then `Default`; then
  /// `States.NoChoiceMatched`.
  func runChoice(_ choice: ChoiceState, input: JSONDocument, scope: StateScope) throws -> Outcome {
    let context = contextObject(scope)
    let effective = try DataFlow.select(choice.io.inputPath, in: input, context: context)
    let evaluator = ChoiceEvaluator(input: effective, context: context)
    var target = choice.defaultState
    for rule in choice.choices where try evaluator.holds(rule.condition) {
      target = rule.next
      break
    }
    guard let target else {
      throw StateError(
        name: StatesErrorName.noChoiceMatched,
        cause:
          "No Choice Rule matched the input and the state has no Default: \(effective.compactText)",
        needsStatePrefix: true)
    }
    let output = try DataFlow.select(choice.io.outputPath, in: effective, context: context)
    return Outcome(output: output, transition: .next(target))
  }

  /// Wait: sleeps on the execution's clock, then passes its effective input on.
  func runWait(_ wait: WaitState, input: JSONDocument) async throws -> JSONDocument {
    let context = contextObject(StateScope(name: "", enteredTime: startDate, enteredEventId: 0))
    let effective = try DataFlow.select(wait.io.inputPath, in: input, context: context)
    let now = await clock.now()
    let until: Date
    switch wait.duration {
    case .seconds(let seconds): until = now.addingTimeInterval(Double(seconds))
    case .timestamp(let date): until = date
    case .secondsPath(let path):
      guard let value = try? path.value(input: effective, context: context) else {
        throw StateError.runtime(
          "The SecondsPath parameter does not reference an input value: \(path.text)")
      }
      guard let seconds = value.integerValue, value.doubleValue == Double(seconds) else {
        throw StateError.runtime(
          "The SecondsPath parameter cannot be parsed as a long value: \(path.text) == \(value.compactText)"
        )
      }
      guard seconds >= 0 else {
        throw StateError.runtime(
          "The SecondsPath parameter references a negative value: \(path.text) == \(seconds)")
      }
      until = now.addingTimeInterval(Double(seconds))
    case .timestampPath(let path):
      guard let value = try? path.value(input: effective, context: context) else {
        throw StateError.runtime(
          "The TimestampPath parameter does not reference an input value: \(path.text)")
      }
      guard let date = value.stringValue.flatMap(Timestamp.parse) else {
        throw StateError.runtime(
          "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: \(path.text) == \(value.stringValue ?? value.compactText)"
        )
      }
      until = date
    }
    try await sleep(until: until)
    return try DataFlow.select(wait.io.outputPath, in: effective, context: context)
  }

  /// Sleeps, but no further than the execution's deadline, where it times out.
  func sleep(until date: Date) async throws {
    if let deadline, date >= deadline {
      try await clock.sleep(until: deadline)
      throw ExecutionInterruption.timedOut
    }
    try await clock.sleep(until: date)
  }

  /// Fail: the error and cause, literal or from paths and intrinsic functions on the input.
  func failure(of fail: FailState, input: JSONDocument, scope: StateScope) async throws
    -> StateError
  {
    func resolve(_ field: FailState.Field?) async throws(StateError) -> String? {
      switch field {
      case nil: return nil
      case .literal(let text)?: return text
      case .dynamic(let dynamic, let name)?:
        let context = contextObject(scope)
        if case .path(let path) = dynamic, (try? path.value(input: input, context: context)) == nil
        {
          throw StateError.runtime(
            "The JSONPath '\(path.text)' specified for the field '\(name)' could not be found in the input '\(input.compactText)'"
          )
        }
        let value = try await DataFlow.value(
          of: dynamic, field: name, input: input, context: context, random: random)
        return value.stringValue ?? value.compactText
      }
    }
    return StateError(name: try await resolve(fail.error), cause: try await resolve(fail.cause))
  }
}
