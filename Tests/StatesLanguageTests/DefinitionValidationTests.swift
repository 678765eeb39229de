import StatesLanguage
import Testing

/// Definitions `CreateStateMachine` refuses (specification, "Structure of a State Machine",
/// "Transitions", "Errors"; developer guide, "State machine structure"), with Step Functions'
/// diagnostic codes and JSON pointers.
@Suite struct DefinitionValidationTests {
  @Test(arguments: [
    (
      #"{"StartAt": "Missing", "States": {"A": {"Type": "Succeed"}}}"#,
      "MISSING_TRANSITION_TARGET", "/StartAt"
    ),
    (
      #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Stor"}}}"#,
      "MISSING_TRANSITION_TARGET", "/States/A/Next"
    ),
    (
      #"{"StartAt": "A", "States": {"A": {"Type": "Pass"}}}"#,
      "SCHEMA_VALIDATION_FAILED", "/States/A"
    ),
    (
      #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "A", "End": true}}}"#,
      "SCHEMA_VALIDATION_FAILED", "/States/A/End"
    ),
    (
      #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "Foo": 1}}}"#,
      "SCHEMA_VALIDATION_FAILED", "/States/A/Foo"
    ),
    (
      #"{"StartAt": "A", "States": {"A": {"Type": "Task", "End": true}}}"#,
      "SCHEMA_VALIDATION_FAILED", "/States/A"
    ),
    (
      #"{"StartAt": "A", "States": {"A": {"Type": "Magic", "End": true}}}"#,
      "SCHEMA_VALIDATION_FAILED", "/States/A/Type"
    ),
    (
      #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "InputPath": "not a path", "End": true}}}"#,
      "SCHEMA_VALIDATION_FAILED", "/States/A/InputPath"
    ),
    (
      #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "ResultPath": "$.a[*]", "End": true}}}"#,
      "SCHEMA_VALIDATION_FAILED", "/States/A/ResultPath"
    ),
    (
      #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"x.$": "States.Nope()"}, "End": true}}}"#,
      "SCHEMA_VALIDATION_FAILED", "/States/A/Parameters"
    ),
    (
      #"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"x.$": "States.Format('{}', 'a"}, "End": true}}}"#,
      "SCHEMA_VALIDATION_FAILED", "/States/A/Parameters"
    ),
    (
      #"{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": []}}}"#,
      "SCHEMA_VALIDATION_FAILED", "/States/A/Choices"
    ),
    (
      #"{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "Next": "A"}]}}}"#,
      "SCHEMA_VALIDATION_FAILED", "/States/A/Choices/0"
    ),
    (
      #"{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": "1", "Next": "A"}]}}}"#,
      "SCHEMA_VALIDATION_FAILED", "/States/A/Choices/0/NumericEquals"
    ),
    (
      #"{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Not": {"Variable": "$.x", "IsNull": true, "Next": "A"}, "Next": "A"}]}}}"#,
      "SCHEMA_VALIDATION_FAILED", "/States/A/Choices/0/Not/Next"
    ),
    (
      #"{"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": 1, "Timestamp": "2016-03-14T01:59:00Z", "End": true}}}"#,
      "SCHEMA_VALIDATION_FAILED", "/States/A"
    ),
    (
      #"{"StartAt": "A", "States": {"A": {"Type": "Wait", "Timestamp": "2016-03-14 01:59:00", "End": true}}}"#,
      "SCHEMA_VALIDATION_FAILED", "/States/A/Timestamp"
    ),
    (
      #"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true, "Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["E"]}]}}}"#,
      "SCHEMA_VALIDATION_FAILED", "/States/A/Retry/0/ErrorEquals"
    ),
    (
      #"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true, "Retry": [{"ErrorEquals": ["States.ALL", "E"]}]}}}"#,
      "SCHEMA_VALIDATION_FAILED", "/States/A/Retry/0/ErrorEquals"
    ),
    (
      #"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true, "Retry": [{"ErrorEquals": ["E"], "BackoffRate": 0.5}]}}}"#,
      "SCHEMA_VALIDATION_FAILED", "/States/A/Retry/0/BackoffRate"
    ),
    (
      #"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true, "Retry": [{"ErrorEquals": ["E"], "JitterStrategy": "HALF"}]}}}"#,
      "SCHEMA_VALIDATION_FAILED", "/States/A/Retry/0/JitterStrategy"
    ),
    (
      #"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true, "Catch": [{"ErrorEquals": ["E"], "Next": "Nowhere"}]}}}"#,
      "MISSING_TRANSITION_TARGET", "/States/A/Catch/0/Next"
    ),
    (
      #"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true, "TimeoutSeconds": 10, "HeartbeatSeconds": 10}}}"#,
      "SCHEMA_VALIDATION_FAILED", "/States/A/HeartbeatSeconds"
    ),
    (
      #"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "P", "States": {"P": {"Type": "Succeed"}}}]}}}"#,
      "DUPLICATE_STATE_NAME", "/States/P/Branches/0/States/P"
    ),
    (
      #"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "Next": "P"}}}]}}}"#,
      "MISSING_TRANSITION_TARGET", "/States/P/Branches/0/States/B/Next"
    ),
    ("[]", "INVALID_JSON_DESCRIPTION", "/"),
    ("{", "INVALID_JSON_DESCRIPTION", "/"),
  ])
  func refused(definition: String, code: String, location: String) throws {
    let error = try #require(refusal(definition))
    #expect(error.code.rawValue == code)
    #expect(error.location == location)
  }

  /// The message Step Functions returns for an invalid definition.
  @Test func message() throws {
    let error = try #require(
      refusal(#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Stor"}}}"#))
    #expect(
      error.description
        == "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: Stor at /States/A/Next'"
    )
  }

  /// Definitions Step Functions accepts, whatever the interpreter later supports.
  @Test func accepted() {
    let definitions = [
      #"{"Comment": "c", "Version": "1.0", "TimeoutSeconds": 10, "StartAt": "A", "States": {"A": {"Type": "Succeed", "Comment": "ok"}}}"#,
      #"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem", "Parameters": {"TableName": "t"}, "End": true}}}"#,
      #"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $states.input %}", "End": true}}}"#,
      #"{"StartAt": "A", "States": {"A": {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}, "ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "b"}}, "End": true}}}"#,
      #"{"StartAt": "A", "States": {"A": {"Type": "Fail", "ErrorPath": "$.e", "CausePath": "States.Format('{}', $.c)"}}}"#,
    ]
    for definition in definitions {
      #expect(refusal(definition) == nil, "\(definition)")
    }
  }

  /// What the interpreter would stop at, listed before any execution.
  @Test func unsupportedFeaturesAreListed() throws {
    let definition = #"""
      {"StartAt": "A", "States": {
        "A": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem", "Parameters": {}, "Next": "B"},
        "B": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "C", "States": {
          "C": {"Type": "Pass", "Assign": {"x": 1}, "End": true}}}]}}}
      """#
    let features = try StateMachine.parse(definition).unsupportedFeatures
    #expect(features.map(\.state) == ["A", "C"])
    #expect(
      features.map(\.feature) == [
        "the service integration 'dynamodb:putItem'", "workflow variables (Assign)",
      ])
  }
}
