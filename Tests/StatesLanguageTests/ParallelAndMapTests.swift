import CloudFormation
import Foundation
import JSONPaths
import StatesLanguage
import Testing

/// Step Functions developer guide, "Parallel workflow state" and "Map workflow state" (inline
/// mode): their examples, input and output processing, `$$.Map.Item`, `MaxConcurrency`, error
/// handling, and the history events `GetExecutionHistory` shows for them.
@Suite struct ParallelAndMapTests {
  static let math = #"""
    {"Comment": "Parallel Example.", "StartAt": "FunWithMath", "States": {
      "FunWithMath": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "Add", "States": {"Add": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Add", "End": true}}},
        {"StartAt": "Subtract", "States": {"Subtract": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Subtract", "End": true}}}]}}}
    """#

  static let arithmetic = StubInvoker { resource, parameters, _, _ in
    let numbers = parameters.elements?.compactMap(\.integerValue) ?? []
    guard numbers.count == 2 else { throw TaskFailure(error: "BadInput") }
    return .integer(
      resource.arn.hasSuffix("Add") ? numbers[0] + numbers[1] : numbers[0] - numbers[1])
  }

  /// "Parallel state input and output processing": `[3, 2]` gives `[5, 1]`, in branch order,
  /// whether the branches run one after the other or at once.
  @Test(arguments: [false, true])
  func parallelExample(concurrent: Bool) async throws {
    let result = try await execute(
      Self.math, input: "[3, 2]", invoker: Self.arithmetic, concurrent: concurrent)
    #expect(result.output == (try json("[5, 1]")))
    #expect(result.eventTypes.first { $0.hasPrefix("Parallel") } == "ParallelStateEntered")
    #expect(
      result.eventTypes.filter { $0.hasPrefix("Parallel") } == [
        "ParallelStateEntered", "ParallelStateStarted", "ParallelStateSucceeded",
        "ParallelStateExited",
      ])
  }

  /// "Error handling": a failing branch fails the Parallel state with the branch's error; a
  /// catcher on the state handles it.
  @Test func parallelBranchFailure() async throws {
    let definition = #"""
      {"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "Next": "Done", "Branches": [
          {"StartAt": "Ok", "States": {"Ok": {"Type": "Pass", "End": true}}},
          {"StartAt": "Broken", "States": {"Broken": {"Type": "Fail", "Error": "FailureType", "Cause": "why"}}}],
          "Catch": [{"ErrorEquals": ["FailureType"], "ResultPath": "$.failure", "Next": "Done"}]},
        "Done": {"Type": "Succeed"}}}
      """#
    let caught = try await execute(definition, input: #"{"a": 1}"#)
    #expect(
      caught.output == (try json(#"{"a": 1, "failure": {"Error": "FailureType", "Cause": "why"}}"#))
    )
    let uncaught = try await execute(
      definition.replacingOccurrences(of: #"["FailureType"]"#, with: #"["Other"]"#))
    #expect(uncaught.error == "FailureType")
    #expect(uncaught.eventTypes.suffix(2) == ["ParallelStateFailed", "ExecutionFailed"])
  }

  /// The history of a Parallel state whose only branch fails at once, as Step Functions
  /// links it.
  @Test func parallelFailureHistory() async throws {
    let definition = #"""
      {"StartAt": "ParallelState", "States": {"ParallelState": {"Type": "Parallel", "End": true,
        "Branches": [{"StartAt": "Branch1", "States": {"Branch1": {"Type": "Fail", "Error": "FailureType"}}}]}}}
      """#
    let result = try await execute(definition)
    #expect(
      result.links == [
        "1 0 ExecutionStarted", "2 0 ParallelStateEntered", "3 2 ParallelStateStarted",
        "4 3 FailStateEntered", "5 4 ParallelStateFailed", "6 5 ExecutionFailed",
      ])
  }

  static let shipments = #"""
    {"ship-date": "2016-03-14T01:59:00Z", "detail": {"delivery-partner": "UQS", "shipped": [
      {"prod": "R31", "dest-code": 9511, "quantity": 1344}, {"prod": "S39", "dest-code": 9511, "quantity": 40},
      {"prod": "R31", "dest-code": 9833, "quantity": 12}, {"prod": "R40", "dest-code": 9860, "quantity": 887},
      {"prod": "R40", "dest-code": 9511, "quantity": 1220}]}}
    """#

  /// "Map state example with parameters": each iteration gets `{"parcel": item, "courier"}`;
  /// the results replace `detail.shipped`, in item order.
  @Test(arguments: [false, true])
  func mapExampleWithParameters(concurrent: Bool) async throws {
    let definition = #"""
      {"StartAt": "Validate-All", "States": {"Validate-All": {
        "Type": "Map", "InputPath": "$.detail", "ItemsPath": "$.shipped", "MaxConcurrency": 0,
        "ResultPath": "$.detail.shipped",
        "Parameters": {"parcel.$": "$$.Map.Item.Value", "courier.$": "$.delivery-partner", "index.$": "$$.Map.Item.Index"},
        "Iterator": {"StartAt": "Validate", "States": {"Validate": {"Type": "Task",
          "Resource": "arn:aws:lambda:us-east-1:123456789012:function:ship-val", "End": true}}},
        "End": true}}}
      """#
    let validate = StubInvoker { _, parameters, _, _ in
      .object([
        ("prod", parameters["parcel"]?["prod"] ?? .null),
        ("courier", parameters["courier"] ?? .null),
        ("index", parameters["index"] ?? .null),
      ])
    }
    let result = try await execute(
      definition, input: Self.shipments, invoker: validate, concurrent: concurrent)
    let shipped = try #require(result.output?["detail"]?["shipped"]?.elements)
    #expect(shipped.map { $0["prod"]?.stringValue } == ["R31", "S39", "R31", "R40", "R40"])
    #expect(shipped.map { $0["index"]?.integerValue } == [0, 1, 2, 3, 4])
    #expect(shipped.allSatisfy { $0["courier"] == .string("UQS") })
    #expect(validate.calls.count == 5)
    #expect(result.output?["ship-date"] == .string("2016-03-14T01:59:00Z"))
    #expect(
      result.history.first { $0.type == .mapStateStarted }?.json["mapStateStartedEventDetails"]?[
        "length"] == .integer(5))
  }

  /// `ItemSelector` and `ItemProcessor` (the current names), `MaxConcurrency: 1` (in order),
  /// and the history as Step Functions links a Map's iterations.
  @Test func mapHistory() async throws {
    let definition = #"""
      {"StartAt": "MapState", "States": {"MapState": {"Type": "Map", "ItemsPath": "$.arr", "MaxConcurrency": 1,
        "ItemSelector": {"value.$": "$$.Map.Item.Value"},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "HandleItem",
          "States": {"HandleItem": {"Type": "Pass", "OutputPath": "$.value", "End": true}}},
        "ResultPath": "$.arr", "End": true}}}
      """#
    let result = try await execute(definition, input: #"{"arr": [1, "Hello"]}"#, concurrent: true)
    #expect(result.output == (try json(#"{"arr": [1, "Hello"]}"#)))
    #expect(
      result.links == [
        "1 0 ExecutionStarted", "2 0 MapStateEntered", "3 2 MapStateStarted",
        "4 3 MapIterationStarted", "5 4 PassStateEntered", "6 5 PassStateExited",
        "7 6 MapIterationSucceeded", "8 6 MapIterationStarted", "9 8 PassStateEntered",
        "10 9 PassStateExited", "11 10 MapIterationSucceeded", "12 11 MapStateSucceeded",
        "13 11 MapStateExited", "14 13 ExecutionSucceeded",
      ])
    let iteration = try #require(result.history[3].json["mapIterationStartedEventDetails"])
    #expect(iteration == (try json(#"{"name": "MapState", "index": 0}"#)))
  }

  /// A failing iteration fails the Map state with its error; a catcher handles it
  /// ("Map workflow state", `Catch`), with the history Step Functions records.
  @Test func mapIterationFailure() async throws {
    let definition = #"""
      {"StartAt": "MapState", "States": {
        "MapState": {"Type": "Map", "ItemsPath": "$.arr",
          "Iterator": {"StartAt": "HandleItemFail", "States": {"HandleItemFail": {
            "Type": "Fail", "Error": "HandleItemFailError", "Cause": "HandleItemFailCause"}}},
          "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "FinalCaught"}], "End": true},
        "FinalCaught": {"Type": "Pass", "End": true}}}
      """#
    let result = try await execute(definition, input: #"{"arr": [1]}"#)
    #expect(
      result.output
        == (try json(#"{"Error": "HandleItemFailError", "Cause": "HandleItemFailCause"}"#)))
    #expect(
      result.links == [
        "1 0 ExecutionStarted", "2 0 MapStateEntered", "3 2 MapStateStarted",
        "4 3 MapIterationStarted", "5 4 FailStateEntered", "6 5 MapIterationFailed",
        "7 5 MapStateFailed", "8 7 MapStateExited", "9 8 PassStateEntered", "10 9 PassStateExited",
        "11 10 ExecutionSucceeded",
      ])
  }

  /// Iterations running at once: after one fails, the others are stopped (aborted) and the
  /// Map fails with the failure's error.
  @Test func concurrentIterationFailureStopsTheOthers() async throws {
    let clock = VirtualClock(start: startTime)
    let invoker = StubInvoker { _, parameters, _, _ in
      if parameters == .integer(2) { throw TaskFailure(error: "ItemFailed", cause: "item 2") }
      try await clock.sleep(until: startTime.addingTimeInterval(3_600))
      return parameters
    }
    let definition = #"""
      {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "Iterator": {"StartAt": "T",
        "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true}}}}}}
      """#
    let result = try await execute(
      definition, input: "[1, 2, 3]", invoker: invoker, clock: clock, concurrent: true)
    #expect(result.status == .failed)
    #expect(result.error == "ItemFailed")
    #expect(result.eventTypes.contains("MapStateFailed"))
  }

  /// `ItemsPath` must select an array.
  @Test func itemsPathMustBeAnArray() async throws {
    let definition = #"""
      {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "End": true,
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}
      """#
    let result = try await execute(definition, input: #"{"items": "not an array"}"#)
    #expect(result.error == "States.Runtime")
    #expect(result.cause?.hasSuffix(#"Reference path "$.items" must point to array."#) == true)
    let empty = try await execute(definition, input: #"{"items": []}"#)
    #expect(empty.output == .array([]))
  }

  /// `Retry` on a Map reruns every iteration ("Map workflow state", `Retry`).
  @Test func mapRetryRerunsAllIterations() async throws {
    let invoker = StubInvoker { _, parameters, _, call in
      if call == 1 { throw TaskFailure(error: "Flaky") }
      return parameters
    }
    let definition = #"""
      {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
        "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 1}],
        "Iterator": {"StartAt": "T", "States": {"T": {"Type": "Task",
          "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true}}}}}}
      """#
    let result = try await execute(definition, input: "[1, 2]", invoker: invoker)
    #expect(result.output == (try json("[1, 2]")))
    #expect(invoker.calls.count == 4)
    #expect(result.eventTypes.filter { $0 == "MapStateStarted" }.count == 2)
  }
}
