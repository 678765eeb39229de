import CloudFormation
import JSONPaths
import StatesLanguage
import Testing

/// Step Functions developer guide, "Processing input and output": the examples of
/// "InputPath, Parameters and ResultSelector", "ResultPath", "OutputPath" and "Context object",
/// run through Pass and Task states.
@Suite struct InputOutputTests {
  /// "InputPath": `$.dataset2` selects part of the input; a slice yields a list.
  @Test func inputPath() async throws {
    let input = #"""
      {"comment": "Example for InputPath.", "dataset1": {"val1": 1, "val2": 2, "val3": 3},
       "dataset2": {"val1": "a", "val2": "b", "val3": "c"}}
      """#
    let result = try await execute(
      machine(#"{"Type": "Pass", "InputPath": "$.dataset2", "End": true}"#), input: input)
    #expect(result.output == (try json(#"{"val1": "a", "val2": "b", "val3": "c"}"#)))
    let slice = try await execute(
      machine(#"{"Type": "Pass", "InputPath": "$.a[0:2]", "End": true}"#),
      input: #"{"a": [1, 2, 3, 4]}"#)
    #expect(slice.output == (try json("[1, 2]")))
  }

  /// "Parameters", "Key-value pairs": static values and `.$` paths, nested.
  @Test func parameters() async throws {
    let input = #"""
      {"comment": "Example for Parameters.",
       "product": {"details": {"color": "blue", "size": "small", "material": "cotton"},
                   "availability": "in stock", "sku": "2317", "cost": "$23"}}
      """#
    let state = #"""
      {"Type": "Pass", "End": true,
       "Parameters": {"comment": "Selecting what I care about.",
                      "MyDetails": {"size.$": "$.product.details.size",
                                    "exists.$": "$.product.availability", "StaticValue": "foo"}}}
      """#
    let result = try await execute(machine(state), input: input)
    #expect(
      result.output
        == (try json(
          #"""
          {"comment": "Selecting what I care about.",
           "MyDetails": {"size": "small", "exists": "in stock", "StaticValue": "foo"}}
          """#)))
  }

  /// "ResultSelector": select parts of a task's result before `ResultPath`.
  @Test func resultSelector() async throws {
    let invoker = StubInvoker { _, _, _, _ in
      try json(
        #"{"resourceType": "elasticmapreduce", "output": {"ClusterId": "AKIAIOSFODNN7EXAMPLE"}}"#)
    }
    let state = #"""
      {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:emr", "End": true,
       "ResultSelector": {"ClusterId.$": "$.output.ClusterId", "ResourceType.$": "$.resourceType"},
       "ResultPath": "$.EMROutput"}
      """#
    let result = try await execute(machine(state), input: #"{"cluster": "c"}"#, invoker: invoker)
    #expect(
      result.output
        == (try json(
          #"{"cluster": "c", "EMROutput": {"ClusterId": "AKIAIOSFODNN7EXAMPLE", "ResourceType": "elasticmapreduce"}}"#
        )))
  }

  /// "ResultPath": replace the input, discard the result, include it, update a node.
  @Test func resultPath() async throws {
    let hello = StubInvoker { _, _, _, _ in .string("Hello, AWS Step Functions!") }
    let input = #"""
      {"comment": "An input comment.", "strings": {"string1": "foo", "string2": "bar", "string3": "baz"},
       "who": "AWS Step Functions"}
      """#
    func task(_ resultPath: String) -> String {
      machine(
        #"{"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:hello", "ResultPath": \#(resultPath), "End": true}"#
      )
    }
    #expect(
      try await execute(task(#""$""#), input: input, invoker: hello).output
        == .string("Hello, AWS Step Functions!"))
    #expect(
      try await execute(task("null"), input: input, invoker: hello).output == (try json(input)))
    let child = try await execute(task(#""$.strings.lambdaresult""#), input: input, invoker: hello)
    #expect(child.output?["strings"]?["lambdaresult"] == .string("Hello, AWS Step Functions!"))
    #expect(child.output?["strings"]?["string1"] == .string("foo"))
    let replaced = try await execute(task(#""$.comment""#), input: input, invoker: hello)
    #expect(replaced.output?["comment"] == .string("Hello, AWS Step Functions!"))
    #expect(replaced.output?.members?.map(\.0) == ["comment", "strings", "who"])
  }

  /// "ResultPath": a path into a value that is not an object is `States.Runtime`.
  @Test func resultPathIntoAString() async throws {
    let result = try await execute(
      machine(#"{"Type": "Pass", "Result": 1, "ResultPath": "$.a.b", "End": true}"#),
      input: #"{"a": "text"}"#)
    #expect(result.status == .failed)
    #expect(result.error == "States.Runtime")
    #expect(
      result.cause
        == #"An error occurred while executing the state 'S' (entered at the event id #2). Unable to apply ReferencePath $.a.b to input {"a":"text"}"#
    )
  }

  /// "OutputPath", and `null` for `InputPath`/`OutputPath` ("Paths": an empty object).
  @Test func outputPathAndNulls() async throws {
    let state =
      #"{"Type": "Pass", "Result": {"x": 1, "y": 2}, "ResultPath": "$.r", "OutputPath": "$.r.y", "End": true}"#
    #expect(try await execute(machine(state)).output == .integer(2))
    let nulls = #"{"Type": "Pass", "InputPath": null, "OutputPath": null, "End": true}"#
    #expect(try await execute(machine(nulls), input: #"{"a": 1}"#).output == .object([]))
    let inputNull = #"{"Type": "Pass", "InputPath": null, "End": true}"#
    #expect(try await execute(machine(inputNull), input: #"{"a": 1}"#).output == .object([]))
  }

  /// An `InputPath` that selects nothing: `States.Runtime`, with Step Functions' message.
  @Test func missingInputPath() async throws {
    let result = try await execute(
      machine(#"{"Type": "Pass", "InputPath": "$.NoSuchInputPath", "End": true}"#))
    #expect(result.error == "States.Runtime")
    #expect(
      result.cause
        == "An error occurred while executing the state 'S' (entered at the event id #2). Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']"
    )
    #expect(result.eventTypes == ["ExecutionStarted", "PassStateEntered", "ExecutionFailed"])
  }

  /// "Parameters": a `.$` path that selects nothing is `States.Runtime`.
  @Test func missingParameterPath() async throws {
    let result = try await execute(
      machine(#"{"Type": "Pass", "Parameters": {"value.$": "$.no_such_jsonpath"}, "End": true}"#),
      input: #"{"a": 1}"#)
    #expect(
      result.cause
        == #"An error occurred while executing the state 'S' (entered at the event id #2). The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{"a":1}'"#
    )
  }

  /// "Context object", "Accessing the context object": the execution's start time and name,
  /// and the state's fields.
  @Test func contextObject() async throws {
    let state = #"""
      {"Type": "Pass", "End": true, "ResultPath": "$.executionContext",
       "Parameters": {"startTime.$": "$$.Execution.StartTime", "execName.$": "$$.Execution.Name",
                      "id.$": "$$.Execution.Id", "role.$": "$$.Execution.RoleArn",
                      "input.$": "$$.Execution.Input", "state.$": "$$.State.Name",
                      "entered.$": "$$.State.EnteredTime", "retries.$": "$$.State.RetryCount",
                      "machine.$": "$$.StateMachine"}}
      """#
    let result = try await execute(machine(state), input: #"{"key": "value"}"#, name: "exec-1")
    let context = try #require(result.output?["executionContext"])
    #expect(context["startTime"] == .string("2023-11-14T22:13:20.000Z"))
    #expect(context["execName"] == .string("exec-1"))
    #expect(
      context["id"]
        == .string("arn:aws:states:us-east-1:123456789012:execution:test-machine:exec-1"))
    #expect(context["role"] == .string(roleArn))
    #expect(context["input"] == (try json(#"{"key": "value"}"#)))
    #expect(context["state"] == .string("S"))
    #expect(context["entered"] == .string("2023-11-14T22:13:20.000Z"))
    #expect(context["retries"] == .integer(0))
    #expect(
      context["machine"]
        == (try json(#"{"Id": "\#(stateMachineArn)", "Name": "test-machine"}"#)))
  }

  /// Pass state ("Pass workflow state"): `Result` with `ResultPath`, the document's example.
  @Test func passResult() async throws {
    let state = #"""
      {"Type": "Pass", "Result": {"x-datum": 0.381018, "y-datum": 622.2269926397355},
       "ResultPath": "$.coords", "End": true}
      """#
    let input = #"{"georefOf": "Home"}"#
    let result = try await execute(machine(state), input: input)
    #expect(
      result.output
        == (try json(
          #"{"georefOf": "Home", "coords": {"x-datum": 0.381018, "y-datum": 622.2269926397355}}"#)))
    #expect(
      result.eventTypes == [
        "ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded",
      ])
  }

  /// Succeed and Fail states ("Succeed workflow state", "Fail workflow state").
  @Test func succeedAndFail() async throws {
    let succeed = try await execute(
      machine(#"{"Type": "Succeed", "OutputPath": "$.a"}"#), input: #"{"a": {"b": 1}}"#)
    #expect(succeed.status == .succeeded)
    #expect(succeed.output == (try json(#"{"b": 1}"#)))
    #expect(
      succeed.eventTypes == [
        "ExecutionStarted", "SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded",
      ])
    let fail = try await execute(
      machine(#"{"Type": "Fail", "Error": "ErrorA", "Cause": "Kaiju attack"}"#))
    #expect(fail.status == .failed)
    #expect(fail.error == "ErrorA")
    #expect(fail.cause == "Kaiju attack")
    #expect(fail.eventTypes == ["ExecutionStarted", "FailStateEntered", "ExecutionFailed"])
    let paths = try await execute(
      machine(
        #"{"Type": "Fail", "ErrorPath": "$.e", "CausePath": "States.Format('caused by {}', $.c)"}"#),
      input: #"{"e": "Custom", "c": "x"}"#)
    #expect(paths.error == "Custom")
    #expect(paths.cause == "caused by x")
    let missing = try await execute(
      machine(#"{"Type": "Fail", "ErrorPath": "$.ErrorX"}"#), input: "{}")
    #expect(missing.error == "States.Runtime")
    #expect(
      missing.cause?.hasSuffix(
        "The JSONPath '$.ErrorX' specified for the field 'ErrorPath' could not be found in the input '{}'"
      ) == true)
  }
}
