import CloudFormation
import Foundation
import JSONPaths

/// Runs one execution: walks the states, records the history, applies retries and catchers.
struct Interpreter: Sendable {
  let invoker: any TaskInvoker
  let clock: any ExecutionClock
  let random: any RandomSource
  let options: ExecutionOptions
  let recorder: HistoryRecorder
  let request: ExecutionRequest
  let input: JSONDocument
  let startDate: Date
  /// When the state machine's `TimeoutSeconds` runs out.
  let deadline: Date?

  /// The last event of a sequence of states (the execution's, a branch's, an iteration's):
  /// the next event of the sequence follows it.
  struct Cursor: Sendable {
    var last: Int
  }

  /// What a state knows about itself while it runs (`$$.State`, the history's prefix).
  struct StateScope: Sendable {
    let name: String
    let enteredTime: Date
    let enteredEventId: Int
    var retryCount = 0
  }

  /// How a state ended: its output, where to go, and the event its exit follows.
  struct Outcome: Sendable {
    var output: JSONDocument
    var transition: Transition
    var exitFollows: Int?
  }

  var region: String { request.region ?? options.region }

  // MARK: - Execution

  func runExecution(_ graph: StateGraph) async -> ExecutionResult {
    await recorder.record(
      .executionStarted, .executionStarted(input: request.input, roleArn: request.roleArn),
      previous: 0)
    // Step Functions links the first state to no event (previousEventId 0).
    var cursor = Cursor(last: 0)
    let status: ExecutionResult.Status
    var output: JSONDocument?
    var errorName: String?
    var cause: String?
    do {
      let result = try await runGraph(graph, input: input, cursor: &cursor)
      await recorder.record(
        .executionSucceeded, .executionSucceeded(output: result), previous: cursor.last)
      status = .succeeded
      output = result
    } catch let error as StateError {
      await recorder.record(
        .executionFailed, .failure(error: error.name, cause: error.cause), previous: cursor.last)
      status = .failed
      errorName = error.name
      cause = error.cause
    } catch ExecutionInterruption.timedOut {
      await recorder.record(
        .executionTimedOut, .failure(error: StatesErrorName.timeout, cause: nil),
        previous: cursor.last)
      status = .timedOut
      errorName = StatesErrorName.timeout
    } catch {
      await recorder.record(
        .executionAborted, .failure(error: nil, cause: nil), previous: cursor.last)
      status = .aborted
    }
    let stopDate = await clock.now()
    await recorder.finish()
    return ExecutionResult(
      status: status, output: output, error: errorName, cause: cause, startDate: startDate,
      stopDate: stopDate, history: await recorder.events)
  }

  /// Runs a graph from its `StartAt` to an end; throws the error that ends it.
  func runGraph(_ graph: StateGraph, input: JSONDocument, cursor: inout Cursor) async throws
    -> JSONDocument
  {
    var name = graph.startAt
    var value = input
    while true {
      try await checkInterruption()
      guard let state = graph.states[name] else {
        throw StateError.runtime("No state named '\(name)'")
      }
      let outcome = try await runState(state, input: value, cursor: &cursor)
      switch outcome.transition {
      case .end: return outcome.output
      case .next(let next):
        name = next
        value = outcome.output
      }
    }
  }

  /// Cancellation (a stopped execution, a failed sibling branch) and the execution's timeout.
  func checkInterruption() async throws {
    try Task.checkCancellation()
    if let deadline, await clock.now() >= deadline { throw ExecutionInterruption.timedOut }
  }

  // MARK: - States

  func runState(_ state: StateDefinition, input: JSONDocument, cursor: inout Cursor) async throws
    -> Outcome
  {
    let entered = await recorder.record(
      .entered(state.type), .stateEntered(name: state.name, input: input), previous: cursor.last)
    cursor.last = entered
    var scope = StateScope(
      name: state.name, enteredTime: await clock.now(), enteredEventId: entered)
    do {
      if let feature = state.unsupportedFeatures.first {
        throw StateError.runtime(
          "The state uses \(feature), which facestack's local Step Functions interpreter does not support."
        )
      }
      let outcome = try await runKind(state, input: input, scope: &scope, cursor: &cursor)
      guard outcome.output.compactByteCount <= options.payloadLimitBytes else {
        throw StateError.dataLimit(state.name)
      }
      cursor.last = await recorder.record(
        .exited(state.type), .stateExited(name: state.name, output: outcome.output),
        previous: outcome.exitFollows ?? cursor.last)
      return outcome
    } catch let error as StateError {
      throw error.prefixed(state: state.name, enteredEventId: entered)
    }
  }

  private func runKind(
    _ state: StateDefinition, input: JSONDocument, scope: inout StateScope, cursor: inout Cursor
  ) async throws -> Outcome {
    let transition = state.transition ?? .end
    switch state.kind {
    case .pass(let pass):
      return Outcome(
        output: try await runPass(pass, input: input, scope: scope), transition: transition)
    case .task(let task):
      return try await runTask(task, state: state, input: input, scope: &scope, cursor: &cursor)
    case .choice(let choice):
      return try runChoice(choice, input: input, scope: scope)
    case .wait(let wait):
      return Outcome(output: try await runWait(wait, input: input), transition: transition)
    case .succeed(let succeed):
      let effective = try DataFlow.select(
        succeed.io.inputPath, in: input, context: contextObject(scope))
      let output = try DataFlow.select(
        succeed.io.outputPath, in: effective, context: contextObject(scope))
      return Outcome(output: output, transition: .end)
    case .fail(let fail):
      throw try await failure(of: fail, input: input, scope: scope)
    case .parallel(let parallel):
      return try await runParallel(
        parallel, state: state, input: input, scope: &scope, cursor: &cursor)
    case .map(let map):
      return try await runMap(map, state: state, input: input, scope: &scope, cursor: &cursor)
    }
  }

  // MARK: - Context object

  /// `$$` for a state (developer guide, "Context object"): `Execution`, `State`,
  /// `StateMachine` and, inside a Map's item selector, `Map.Item`.
  func contextObject(_ scope: StateScope, item: (index: Int, value: JSONDocument)? = nil)
    -> JSONDocument
  {
    var members: [(String, JSONDocument)] = [
      (
        "Execution",
        .object([
          ("Id", .string(request.executionArn)), ("Input", input), ("Name", .string(request.name)),
          ("RoleArn", .string(request.roleArn)),
          ("StartTime", .string(Timestamp.format(startDate))), ("RedriveCount", .integer(0)),
        ])
      ),
      (
        "State",
        .object([
          ("EnteredTime", .string(Timestamp.format(scope.enteredTime))),
          ("Name", .string(scope.name)), ("RetryCount", .integer(scope.retryCount)),
        ])
      ),
      (
        "StateMachine",
        .object([
          ("Id", .string(request.stateMachineArn)), ("Name", .string(request.stateMachineName)),
        ])
      ),
    ]
    if let item {
      members.append(
        (
          "Map",
          .object([("Item", .object([("Index", .integer(item.index)), ("Value", item.value)]))])
        ))
    }
    return .object(members)
  }
}
