import CloudFormation
import Foundation
import JSONPaths
import StatesLanguage
import Testing

/// A Lambda stand-in: its handler gets the function name and payload.
struct StubLambda: LambdaInvoker {
  let handler: @Sendable (String, JSONDocument) async throws -> LambdaInvocationResult

  func invoke(functionName: String, qualifier: String?, payload: JSONDocument, context: TaskContext)
    async throws -> LambdaInvocationResult
  {
    try await handler(functionName, payload)
  }
}

/// Step Functions developer guide, "Task workflow state", "Invoke an AWS Lambda function with
/// Step Functions" (the optimized `lambda:invoke` integration and function ARNs as
/// `Resource`), and `GetExecutionHistory`'s events for both.
@Suite struct TaskTests {
  static let function = "arn:aws:lambda:us-east-1:123456789012:function:detect"

  /// "Invoke Lambda": the optimized integration's result, `Payload` plus Lambda's response
  /// metadata, and its `TaskScheduled`/`TaskStarted`/`TaskSucceeded` events.
  @Test func optimizedIntegrationResultShape() async throws {
    let lambda = StubLambda { name, payload in
      #expect(name == Self.function)
      return .success(
        .object([("echo", payload)]), requestId: "3f8c1b2e-0000-4000-8000-000000000001")
    }
    let state = #"""
      {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
       "Parameters": {"FunctionName": "\#(Self.function)", "Payload": {"key.$": "$.key"}}}
      """#
    let result = try await execute(
      machine(state), input: #"{"key": "input/a.jpg"}"#,
      invoker: LambdaTaskInvoker(lambda: lambda, random: SeededRandomSource(seed: 1)))
    let output = try #require(result.output)
    #expect(
      output.members?.map(\.0) == [
        "ExecutedVersion", "Payload", "SdkHttpMetadata", "SdkResponseMetadata", "StatusCode",
      ])
    #expect(output["Payload"] == (try json(#"{"echo": {"key": "input/a.jpg"}}"#)))
    #expect(output["StatusCode"] == .integer(200))
    #expect(output["ExecutedVersion"] == .string("$LATEST"))
    #expect(
      output["SdkResponseMetadata"]?["RequestId"] == .string("3f8c1b2e-0000-4000-8000-000000000001")
    )
    let metadata = try #require(output["SdkHttpMetadata"])
    #expect(metadata["HttpStatusCode"] == .integer(200))
    #expect(metadata["HttpHeaders"]?["Content-Type"] == .string("application/json"))
    #expect(metadata["HttpHeaders"]?["Date"] == .string("Tue, 14 Nov 2023 22:13:20 GMT"))
    #expect(metadata["AllHttpHeaders"]?["X-Amz-Executed-Version"] == (try json(#"["$LATEST"]"#)))
    #expect(
      result.links == [
        "1 0 ExecutionStarted", "2 0 TaskStateEntered", "3 2 TaskScheduled", "4 3 TaskStarted",
        "5 4 TaskSucceeded", "6 5 TaskStateExited", "7 6 ExecutionSucceeded",
      ])
    let scheduled = try #require(result.history[2].json["taskScheduledEventDetails"])
    #expect(scheduled["resourceType"] == .string("lambda"))
    #expect(scheduled["resource"] == .string("invoke"))
    #expect(scheduled["region"] == .string("us-east-1"))
    #expect(
      scheduled["parameters"]
        == .string(#"{"FunctionName":"\#(Self.function)","Payload":{"key":"input/a.jpg"}}"#))
  }

  /// A function error: the error is the error document's `errorType`, the cause the document;
  /// `TaskFailed`, then `ExecutionFailed` with the same error and cause.
  @Test func functionErrorSurfacesAsErrorTypeAndCause() async throws {
    let lambda = StubLambda { _, _ in
      .failure(
        errorType: "KeyError", errorMessage: "'bucket'",
        stackTrace: ["  File \"/var/task/detect.py\", line 2, in handler\n"], requestId: "r-1")
    }
    let state = #"""
      {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
       "Parameters": {"FunctionName": "\#(Self.function)", "Payload.$": "$"}}
      """#
    let result = try await execute(machine(state), invoker: LambdaTaskInvoker(lambda: lambda))
    #expect(result.status == .failed)
    #expect(result.error == "KeyError")
    let cause = try json(try #require(result.cause))
    #expect(cause["errorType"] == .string("KeyError"))
    #expect(cause["errorMessage"] == .string("'bucket'"))
    #expect(cause["requestId"] == .string("r-1"))
    #expect(result.eventTypes.suffix(2) == ["TaskFailed", "ExecutionFailed"])
    let failed = try #require(
      result.history.first { $0.type == .taskFailed }?.json["taskFailedEventDetails"])
    #expect(failed["error"] == .string("KeyError"))
    #expect(failed["resourceType"] == .string("lambda"))
  }

  /// A function ARN as `Resource`: the payload is the effective input, the result the
  /// function's value, and the events are `LambdaFunction*`.
  @Test func functionArnResource() async throws {
    let lambda = StubLambda { _, payload in .success(.object([("got", payload)])) }
    let result = try await execute(
      machine(#"{"Type": "Task", "Resource": "\#(Self.function)", "End": true}"#),
      input: #"{"a": 1}"#,
      invoker: LambdaTaskInvoker(lambda: lambda))
    #expect(result.output == (try json(#"{"got": {"a": 1}}"#)))
    #expect(
      result.eventTypes == [
        "ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted",
        "LambdaFunctionSucceeded", "TaskStateExited", "ExecutionSucceeded",
      ])
    let scheduled = try #require(result.history[2].json["lambdaFunctionScheduledEventDetails"])
    #expect(scheduled["resource"] == .string(Self.function))
    #expect(scheduled["input"] == .string(#"{"a":1}"#))
    #expect(result.history[3].json["lambdaFunctionStartedEventDetails"] == nil)
  }

  /// `TimeoutSeconds`: a task still running at the deadline fails with `States.Timeout`
  /// (`TaskTimedOut`); a catcher sees `{"Error": "States.Timeout", "Cause": ""}`.
  @Test func taskTimeout() async throws {
    let clock = VirtualClock(start: startTime)
    let slow = StubInvoker { _, _, context, _ in
      #expect(context.timeoutSeconds == 5)
      #expect(context.deadline == startTime.addingTimeInterval(5))
      await clock.advance(by: 10)
      return .object([])
    }
    let state = #"""
      {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 5,
       "Parameters": {"FunctionName": "f"}, "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "Handler"}],
       "End": true}
      """#
    let result = try await execute(
      machine(state, extraStates: #""Handler": {"Type": "Pass", "End": true}"#), invoker: slow,
      clock: clock)
    #expect(result.output == (try json(#"{"Error": "States.Timeout", "Cause": ""}"#)))
    #expect(result.eventTypes.contains("TaskTimedOut"))
    let timedOut = try #require(result.history.first { $0.type == .taskTimedOut })
    #expect(timedOut.json["taskTimedOutEventDetails"]?["error"] == .string("States.Timeout"))
    let scheduled = try #require(result.history.first { $0.type == .taskScheduled })
    #expect(scheduled.json["taskScheduledEventDetails"]?["timeoutInSeconds"] == .integer(5))
  }

  /// A heartbeat timeout the runner reports: `States.HeartbeatTimeout`, matched by
  /// `States.Timeout` and not by `States.TaskFailed`.
  @Test func heartbeatTimeout() async throws {
    let silent = StubInvoker { _, _, context, _ in
      #expect(context.heartbeatSeconds == 10)
      throw TaskFailure.heartbeatTimeout
    }
    let state = #"""
      {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 60,
       "HeartbeatSeconds": 10, "Parameters": {"FunctionName": "f"},
       "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Wrong"},
                 {"ErrorEquals": ["States.Timeout"], "ResultPath": "$.error", "Next": "Right"}],
       "End": true}
      """#
    let result = try await execute(
      machine(state, extraStates: #""Wrong": {"Type": "Fail"}, "Right": {"Type": "Succeed"}"#),
      invoker: silent)
    #expect(result.status == .succeeded)
    #expect(result.output?["error"]?["Error"] == .string("States.HeartbeatTimeout"))
    #expect(result.eventTypes.contains("TaskTimedOut"))
  }

  /// The 256 KiB quota: a task result over it fails the task with `States.DataLimitExceeded`,
  /// which Step Functions lets a `States.ALL` catcher handle; a state output over it fails the
  /// execution.
  @Test func payloadQuota() async throws {
    let big = String(repeating: "x", count: 262_145)
    let huge = StubInvoker { _, _, _, _ in .string(big) }
    let state = #"""
      {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
       "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handle"}], "End": true}
      """#
    let caught = try await execute(
      machine(state, extraStates: #""Handle": {"Type": "Pass", "End": true}"#), invoker: huge)
    #expect(caught.output?["Error"] == .string("States.DataLimitExceeded"))
    #expect(
      caught.output?["Cause"]
        == .string(
          "The state/task 'lambda' returned a result with a size exceeding the maximum number of bytes service limit."
        ))
    let pass = try await execute(
      machine(#"{"Type": "Pass", "Result": "\#(big)", "End": true}"#))
    #expect(pass.error == "States.DataLimitExceeded")
    #expect(pass.eventTypes == ["ExecutionStarted", "PassStateEntered", "ExecutionFailed"])
  }

  /// Anything but the Lambda integrations: accepted in the definition, but the execution
  /// fails with `States.Runtime` naming the feature, and no catcher handles it.
  @Test(arguments: [
    ("arn:aws:states:::dynamodb:putItem", "the service integration 'dynamodb:putItem'"),
    ("arn:aws:states:::sqs:sendMessage.waitForTaskToken", "the callback pattern"),
    ("arn:aws:states:::states:startExecution.sync:2", "the run-a-job pattern"),
    ("arn:aws:states:us-east-1:123456789012:activity:approve", "activities"),
  ])
  func unsupportedIntegrations(resource: String, feature: String) async throws {
    let state = #"""
      {"Type": "Task", "Resource": "\#(resource)", "Parameters": {},
       "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": true}
      """#
    let result = try await execute(
      machine(state, extraStates: #""Caught": {"Type": "Succeed"}"#))
    #expect(result.status == .failed)
    #expect(result.error == "States.Runtime")
    #expect(result.cause?.contains(feature) == true)
    #expect(result.eventTypes == ["ExecutionStarted", "TaskStateEntered", "ExecutionFailed"])
  }

  /// JSONata, workflow variables and Distributed Map fail the same way.
  @Test func unsupportedFeatures() async throws {
    let jsonata = try await execute(
      #"{"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": {"Type": "Pass", "End": true}}}"#
    )
    #expect(jsonata.error == "States.Runtime")
    #expect(jsonata.cause?.contains("JSONata") == true)
    let assign = try await execute(machine(#"{"Type": "Pass", "Assign": {"x": 1}, "End": true}"#))
    #expect(assign.cause?.contains("workflow variables (Assign)") == true)
    let distributed = #"""
      {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
       "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}
      """#
    let map = try await execute(machine(distributed), input: "[]")
    #expect(map.cause?.contains("Distributed Map") == true)
  }

  /// The execution's `TimeoutSeconds`: `ExecutionTimedOut`.
  @Test func executionTimeout() async throws {
    let definition = #"""
      {"TimeoutSeconds": 30, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}}
      """#
    let result = try await execute(definition)
    #expect(result.status == .timedOut)
    #expect(result.error == "States.Timeout")
    #expect(result.eventTypes == ["ExecutionStarted", "WaitStateEntered", "ExecutionTimedOut"])
    #expect(result.stopDate == startTime.addingTimeInterval(30))
  }
}

/// A task without `TimeoutSeconds` races the wall clock against no deadline
/// (`Date.distantFuture`), which is beyond a UInt64 of nanoseconds.
@Test func theSystemClockWaitsForATaskWithoutADeadline() async throws {
  let value = try await SystemClock().run(until: .distantFuture) { 42 }
  #expect(value == 42)
}
