import CloudFormation
import Foundation
import JSONPaths
import StatesLanguage
import Testing

/// Step Functions API Reference, `GetExecutionHistory` and `HistoryEvent`: events encode to the
/// API's JSON (`timestamp` in epoch seconds, details under their member, inputs and outputs as
/// JSON text), and runners see them as they happen.
@Suite struct HistoryTests {
  static let definition = #"""
    {"StartAt": "Detect", "States": {
      "Detect": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                 "Parameters": {"FunctionName": "detect", "Payload.$": "$"}, "OutputPath": "$.Payload", "Next": "Done"},
      "Done": {"Type": "Succeed"}}}
    """#

  @Test func eventsEncodeToTheAPIShape() async throws {
    let lambda = StubLambda { _, payload in .success(payload, requestId: "r") }
    let result = try await execute(
      Self.definition, input: #"{"key": "input/a.jpg"}"#, invoker: LambdaTaskInvoker(lambda: lambda)
    )
    let page = HistoryEvent.historyJSON(result.history)
    let events = try #require(page["events"]?.elements)
    #expect(events.count == result.history.count)
    #expect(
      events[0]
        == (try json(
          #"""
          {"timestamp": 1700000000, "type": "ExecutionStarted", "id": 1, "previousEventId": 0,
           "executionStartedEventDetails": {"input": "{\"key\": \"input/a.jpg\"}",
             "inputDetails": {"truncated": false}, "roleArn": "\#(roleArn)"}}
          """#)))
    #expect(
      events[1]["stateEnteredEventDetails"]
        == (try json(
          #"{"name": "Detect", "input": "{\"key\":\"input/a.jpg\"}", "inputDetails": {"truncated": false}}"#
        )))
    #expect(
      events[3]["taskStartedEventDetails"]
        == (try json(#"{"resourceType": "lambda", "resource": "invoke"}"#)))
    let last = try #require(events.last)
    #expect(last["type"] == .string("ExecutionSucceeded"))
    #expect(
      last["executionSucceededEventDetails"]
        == (try json(
          #"{"output": "{\"key\":\"input/a.jpg\"}", "outputDetails": {"truncated": false}}"#)))
    // Every type the runner records is one of the API's HistoryEventType values.
    #expect(result.history.allSatisfy { HistoryEventType(rawValue: $0.type.rawValue) != nil })
  }

  @Test func timestampsKeepMilliseconds() async throws {
    let clock = VirtualClock(start: Date(timeIntervalSince1970: 1_700_000_000.25))
    let result = try await execute(machine(#"{"Type": "Pass", "End": true}"#), clock: clock)
    #expect(result.history[0].json["timestamp"] == .number("1700000000.25"))
  }

  /// The observer and the event stream see every event, in order, as it is recorded.
  @Test func observerAndStream() async throws {
    let seen = EventIds()
    let runner = ExecutionRunner(
      stateMachine: try StateMachine.parse(
        machine(#"{"Type": "Wait", "Seconds": 1, "End": true}"#)),
      invoker: echo, clock: VirtualClock(start: startTime))
    let execution = try await runner.start(
      ExecutionRequest(stateMachineArn: stateMachineArn, name: "e", roleArn: roleArn),
      observer: { event in seen.append(event.id) })
    var streamed: [String] = []
    for await event in await execution.events() {
      streamed.append(event.type.rawValue)
    }
    let result = await execution.result()
    #expect(streamed == result.eventTypes)
    #expect(seen.ids == [1, 2, 3, 4])
    #expect(await execution.history() == result.history)
    #expect(
      execution.executionArn == "arn:aws:states:us-east-1:123456789012:execution:test-machine:e")
  }

  /// `StopExecution`: the execution ends `ABORTED`.
  @Test func stop() async throws {
    let runner = ExecutionRunner(
      stateMachine: try StateMachine.parse(
        machine(#"{"Type": "Wait", "Seconds": 3600, "End": true}"#)),
      invoker: echo, clock: SystemClock())
    let execution = try await runner.start(
      ExecutionRequest(stateMachineArn: stateMachineArn, name: "e", roleArn: roleArn))
    execution.stop()
    let result = await execution.result()
    #expect(result.status == .aborted)
    #expect(result.eventTypes.last == "ExecutionAborted")
  }

  /// `StartExecution` refuses input that is not JSON or is over 256 KiB.
  @Test func startErrors() async throws {
    let runner = ExecutionRunner(
      stateMachine: try StateMachine.parse(machine(#"{"Type": "Succeed"}"#)), invoker: echo)
    await #expect(throws: ExecutionStartError.self) {
      _ = try await runner.run(
        ExecutionRequest(stateMachineArn: stateMachineArn, name: "e", input: "{", roleArn: roleArn))
    }
    let big = #"{"a": "\#(String(repeating: "x", count: 262_144))"}"#
    await #expect(throws: ExecutionStartError.inputTooLarge(bytes: big.utf8.count, limit: 262_144))
    {
      _ = try await runner.run(
        ExecutionRequest(stateMachineArn: stateMachineArn, name: "e", input: big, roleArn: roleArn))
    }
  }
}

/// Event ids an observer saw.
final class EventIds: @unchecked Sendable {
  private let lock = NSLock()
  private var seen: [Int] = []

  func append(_ id: Int) {
    lock.lock()
    defer { lock.unlock() }
    seen.append(id)
  }

  var ids: [Int] {
    lock.lock()
    defer { lock.unlock() }
    return seen
  }
}
