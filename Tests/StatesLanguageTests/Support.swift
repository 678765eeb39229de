import CloudFormation
import Foundation
import JSONPaths
import StatesLanguage
import Testing

/// Parses JSON text written in a test.
func json(_ text: String) throws -> JSONDocument { try JSONDocument.parse(text) }

/// The state machine every test execution belongs to.
let stateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:test-machine"
let roleArn = "arn:aws:iam::123456789012:role/test-machine-role"
let startTime = Date(timeIntervalSince1970: 1_700_000_000)

/// A task invoker whose behaviour a test gives as a closure; it records every call.
final class StubInvoker: TaskInvoker, @unchecked Sendable {
  typealias Handler =
    @Sendable (TaskResource, JSONDocument, TaskContext, Int) async throws ->
    JSONDocument
  private let lock = NSLock()
  private var recorded: [(resource: TaskResource, parameters: JSONDocument, context: TaskContext)] =
    []
  private let handler: Handler

  /// `handler` gets the resource, the parameters, the context and the call's number (0, 1, ...).
  init(_ handler: @escaping Handler) { self.handler = handler }

  /// Every call so far.
  var calls: [(resource: TaskResource, parameters: JSONDocument, context: TaskContext)] {
    lock.lock()
    defer { lock.unlock() }
    return recorded
  }

  func invoke(resource: TaskResource, parameters: JSONDocument, context: TaskContext)
    async throws -> JSONDocument
  {
    let number: Int = {
      lock.lock()
      defer { lock.unlock() }
      recorded.append((resource, parameters, context))
      return recorded.count - 1
    }()
    return try await handler(resource, parameters, context, number)
  }
}

/// An invoker that returns its parameters.
let echo = StubInvoker { _, parameters, _, _ in parameters }

/// Runs `definition` once on a virtual clock with a seeded random source, branches in order.
func execute(
  _ definition: String, input: String = "{}", invoker: any TaskInvoker = echo,
  clock: VirtualClock = VirtualClock(start: startTime), seed: UInt64 = 7,
  concurrent: Bool = false, name: String = "test-execution"
) async throws -> ExecutionResult {
  var options = ExecutionOptions()
  options.runsBranchesConcurrently = concurrent
  let runner = ExecutionRunner(
    stateMachine: try StateMachine.parse(definition), invoker: invoker, clock: clock,
    random: SeededRandomSource(seed: seed), options: options)
  return try await runner.run(
    ExecutionRequest(stateMachineArn: stateMachineArn, name: name, input: input, roleArn: roleArn))
}

/// A one-state machine around `state` (a JSON object's text), named `S`.
func machine(_ state: String, extraStates: String = "") -> String {
  #"{"StartAt": "S", "States": {"S": \#(state)\#(extraStates.isEmpty ? "" : ", " + extraStates)}}"#
}

extension ExecutionResult {
  /// The history's event types, in order.
  var eventTypes: [String] { history.map(\.type.rawValue) }

  /// `(id, previousEventId, type)` of every event.
  var links: [String] { history.map { "\($0.id) \($0.previousEventId) \($0.type.rawValue)" } }
}

/// The reason a definition is refused, or `nil` when it is valid.
func refusal(_ definition: String) -> DefinitionError? {
  do {
    _ = try StateMachine.parse(definition)
    return nil
  } catch {
    return error
  }
}
