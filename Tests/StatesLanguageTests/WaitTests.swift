import CloudFormation
import Foundation
import JSONPaths
import StatesLanguage
import Testing

/// Step Functions developer guide, "Wait workflow state": `Seconds`, `Timestamp`,
/// `SecondsPath`, `TimestampPath`, on the virtual clock.
@Suite struct WaitTests {
  @Test func seconds() async throws {
    let clock = VirtualClock(start: startTime)
    let result = try await execute(
      machine(#"{"Type": "Wait", "Seconds": 10, "End": true}"#), input: #"{"a": 1}"#, clock: clock)
    #expect(result.output == (try json(#"{"a": 1}"#)))
    #expect(await clock.sleeps == [10])
    #expect(
      result.eventTypes == [
        "ExecutionStarted", "WaitStateEntered", "WaitStateExited", "ExecutionSucceeded",
      ])
    #expect(result.history[2].timestamp == startTime.addingTimeInterval(10))
  }

  /// `"Timestamp": "2016-03-14T01:59:00Z"`: waits until then, at once when it has passed.
  @Test func timestamp() async throws {
    let clock = VirtualClock(start: Date(timeIntervalSince1970: 1_457_920_000))
    _ = try await execute(
      machine(#"{"Type": "Wait", "Timestamp": "2016-03-14T01:59:00Z", "End": true}"#), clock: clock)
    #expect(await clock.now() == Date(timeIntervalSince1970: 1_457_920_740))
    let past = VirtualClock(start: startTime)
    _ = try await execute(
      machine(#"{"Type": "Wait", "Timestamp": "2016-03-14T01:59:00Z", "End": true}"#), clock: past)
    #expect(await past.now() == startTime)
  }

  /// `SecondsPath` and `TimestampPath` read the effective input.
  @Test func paths() async throws {
    let clock = VirtualClock(start: startTime)
    _ = try await execute(
      machine(#"{"Type": "Wait", "SecondsPath": "$.expiryseconds", "End": true}"#),
      input: #"{"expiryseconds": 5}"#, clock: clock)
    #expect(await clock.sleeps == [5])
    let until = VirtualClock(start: startTime)
    _ = try await execute(
      machine(#"{"Type": "Wait", "TimestampPath": "$.expirydate", "End": true}"#),
      input: #"{"expirydate": "2023-11-14T23:13:20+01:00"}"#, clock: until)
    #expect(await until.now() == startTime)
  }

  /// Bad path values are `States.Runtime`, with Step Functions' messages.
  @Test(arguments: [
    (#"{"w": -1}"#, "The SecondsPath parameter references a negative value: $.w == -1"),
    (#"{"w": 1.5}"#, "The SecondsPath parameter cannot be parsed as a long value: $.w == 1.5"),
    ("{}", "The SecondsPath parameter does not reference an input value: $.w"),
  ])
  func badSecondsPath(input: String, message: String) async throws {
    let result = try await execute(
      machine(#"{"Type": "Wait", "SecondsPath": "$.w", "End": true}"#), input: input)
    #expect(result.error == "States.Runtime")
    #expect(result.cause?.hasSuffix(message) == true)
  }

  @Test func badTimestampPath() async throws {
    let result = try await execute(
      machine(#"{"Type": "Wait", "TimestampPath": "$.t", "End": true}"#),
      input: #"{"t": "2016-12-05 21:29:29Z"}"#)
    #expect(
      result.cause?.hasSuffix(
        "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.t == 2016-12-05 21:29:29Z"
      ) == true)
  }
}
