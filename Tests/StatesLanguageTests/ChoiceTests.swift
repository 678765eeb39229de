import CloudFormation
import JSONPaths
import StatesLanguage
import Testing

/// Step Functions developer guide, "Choice workflow state" (and the specification's "Choice
/// Rules"): the document's example, every comparison operator with its `Path` form, `And`,
/// `Or`, `Not`, the `Is...` tests, `StringMatches` escapes and timestamps.
@Suite struct ChoiceTests {
  /// Runs a Choice whose single rule is `rule` (without `Next`) on `input`; true when it held.
  func holds(_ rule: String, _ input: String) async throws -> Bool {
    let definition = #"""
      {"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [\#(rule.dropLast()), "Next": "Yes"}], "Default": "No"},
        "Yes": {"Type": "Pass", "Result": true, "End": true},
        "No": {"Type": "Pass", "Result": false, "End": true}}}
      """#
    let result = try await execute(definition, input: input)
    guard result.status == .succeeded, let output = result.output?.boolValue else {
      Issue.record("the choice failed: \(result.error ?? "") \(result.cause ?? "")")
      return false
    }
    return output
  }

  /// "Choice workflow state": the example machine sends `{"type": "Private", "value": 22}` to
  /// `ValueInTwenties`.
  @Test func documentExample() async throws {
    let definition = #"""
      {"StartAt": "ChoiceStateX", "States": {
        "ChoiceStateX": {"Type": "Choice", "Choices": [
          {"Not": {"Variable": "$.type", "StringEquals": "Private"}, "Next": "Public"},
          {"Variable": "$.value", "NumericEquals": 0, "Next": "ValueIsZero"},
          {"And": [{"Variable": "$.value", "NumericGreaterThanEquals": 20},
                   {"Variable": "$.value", "NumericLessThan": 30}], "Next": "ValueInTwenties"}],
          "Default": "DefaultState"},
        "Public": {"Type": "Pass", "Result": "Public", "End": true},
        "ValueIsZero": {"Type": "Pass", "Result": "ValueIsZero", "End": true},
        "ValueInTwenties": {"Type": "Pass", "Result": "ValueInTwenties", "End": true},
        "DefaultState": {"Type": "Fail", "Cause": "No Matches!"}}}
      """#
    let twenties = try await execute(definition, input: #"{"type": "Private", "value": 22}"#)
    #expect(twenties.output == .string("ValueInTwenties"))
    #expect(
      twenties.eventTypes == [
        "ExecutionStarted", "ChoiceStateEntered", "ChoiceStateExited", "PassStateEntered",
        "PassStateExited", "ExecutionSucceeded",
      ])
    #expect(
      try await execute(definition, input: #"{"type": "Public", "value": 22}"#).output
        == .string("Public"))
    #expect(
      try await execute(definition, input: #"{"type": "Private", "value": 0}"#).output
        == .string("ValueIsZero"))
    let none = try await execute(definition, input: #"{"type": "Private", "value": 40}"#)
    #expect(none.status == .failed)
    #expect(none.cause == "No Matches!")
  }

  @Test func stringOperators() async throws {
    #expect(
      try await holds(
        #"{"Variable": "$.foo", "StringEquals": "MyString"}"#, #"{"foo": "MyString"}"#))
    #expect(
      try await !holds(
        #"{"Variable": "$.foo", "StringEquals": "MyString"}"#, #"{"foo": "mystring"}"#))
    #expect(
      try await holds(
        #"{"Variable": "$.foo", "StringGreaterThan": "MyStringABC"}"#, #"{"foo": "MyStringABD"}"#))
    #expect(try await holds(#"{"Variable": "$.foo", "StringLessThan": "AB"}"#, #"{"foo": "A"}"#))
    #expect(try await !holds(#"{"Variable": "$.foo", "StringLessThan": "A"}"#, #"{"foo": "AB"}"#))
    #expect(try await holds(#"{"Variable": "$.foo", "StringLessThanEquals": ""}"#, #"{"foo": ""}"#))
    #expect(
      try await holds(#"{"Variable": "$.foo", "StringGreaterThanEquals": "b"}"#, #"{"foo": "b"}"#))
    // Java's compareTo: UTF-16 code units, so "Z" < "a" and "\u00e9" > "z".
    #expect(try await holds(#"{"Variable": "$.foo", "StringLessThan": "a"}"#, #"{"foo": "Z"}"#))
    #expect(try await holds(#"{"Variable": "$.foo", "StringGreaterThan": "z"}"#, #"{"foo": "é"}"#))
    // A value of another type makes the comparison false, without error.
    #expect(try await !holds(#"{"Variable": "$.foo", "StringEquals": "1"}"#, #"{"foo": 1}"#))
  }

  @Test func numericOperators() async throws {
    #expect(try await holds(#"{"Variable": "$.foo", "NumericEquals": 1}"#, #"{"foo": 1.0}"#))
    #expect(try await holds(#"{"Variable": "$.foo", "NumericEquals": 0}"#, #"{"foo": 0.0}"#))
    #expect(try await !holds(#"{"Variable": "$.foo", "NumericEquals": 1}"#, #"{"foo": 1.1}"#))
    #expect(try await holds(#"{"Variable": "$.foo", "NumericLessThan": 10}"#, #"{"foo": 9.99}"#))
    #expect(try await holds(#"{"Variable": "$.foo", "NumericGreaterThan": 10}"#, #"{"foo": 11}"#))
    #expect(
      try await holds(#"{"Variable": "$.foo", "NumericLessThanEquals": 10}"#, #"{"foo": 10}"#))
    #expect(
      try await holds(#"{"Variable": "$.foo", "NumericGreaterThanEquals": 10}"#, #"{"foo": 10}"#))
    #expect(try await !holds(#"{"Variable": "$.foo", "NumericEquals": 1}"#, #"{"foo": "1"}"#))
  }

  @Test func booleanAndTimestampOperators() async throws {
    #expect(try await holds(#"{"Variable": "$.foo", "BooleanEquals": true}"#, #"{"foo": true}"#))
    #expect(try await !holds(#"{"Variable": "$.foo", "BooleanEquals": true}"#, #"{"foo": "true"}"#))
    let equals = #"{"Variable": "$.foo", "TimestampEquals": "2001-01-01T12:00:00Z"}"#
    #expect(try await holds(equals, #"{"foo": "2001-01-01T12:00:00Z"}"#))
    #expect(try await holds(equals, #"{"foo": "2001-01-01T13:00:00+01:00"}"#))
    #expect(try await holds(equals, #"{"foo": "2001-01-01T12:00:00.000Z"}"#))
    #expect(try await !holds(equals, #"{"foo": "2001-01-01T12:00:00"}"#))
    #expect(try await !holds(equals, #"{"foo": "2001-01-01t12:00:00z"}"#))
    let t0 = #""2012-10-09T19:00:55Z""#
    #expect(
      try await holds(
        #"{"Variable": "$.foo", "TimestampLessThan": \#(t0)}"#, #"{"foo": "2012-10-09T19:00:54Z"}"#)
    )
    #expect(
      try await holds(
        #"{"Variable": "$.foo", "TimestampGreaterThan": \#(t0)}"#,
        #"{"foo": "2012-10-09T19:00:56Z"}"#))
    #expect(
      try await holds(
        #"{"Variable": "$.foo", "TimestampLessThanEquals": \#(t0)}"#, #"{"foo": \#(t0)}"#))
    #expect(
      try await holds(
        #"{"Variable": "$.foo", "TimestampGreaterThanEquals": \#(t0)}"#, #"{"foo": \#(t0)}"#))
  }

  /// "Choice Rules": comparing a variable with another value of the input, `...Path`.
  @Test func pathOperators() async throws {
    let input = #"""
      {"s": "b", "t": "b", "n": 2, "m": 3, "yes": true, "also": true,
       "early": "2012-10-09T19:00:55Z", "late": "2012-10-09T19:00:56Z"}
      """#
    #expect(try await holds(#"{"Variable": "$.s", "StringEqualsPath": "$.t"}"#, input))
    #expect(try await !holds(#"{"Variable": "$.s", "StringLessThanPath": "$.t"}"#, input))
    #expect(try await holds(#"{"Variable": "$.s", "StringLessThanEqualsPath": "$.t"}"#, input))
    #expect(try await holds(#"{"Variable": "$.s", "StringGreaterThanEqualsPath": "$.t"}"#, input))
    #expect(try await !holds(#"{"Variable": "$.s", "StringGreaterThanPath": "$.t"}"#, input))
    #expect(try await holds(#"{"Variable": "$.n", "NumericLessThanPath": "$.m"}"#, input))
    #expect(try await holds(#"{"Variable": "$.m", "NumericGreaterThanPath": "$.n"}"#, input))
    #expect(try await !holds(#"{"Variable": "$.m", "NumericEqualsPath": "$.n"}"#, input))
    #expect(try await holds(#"{"Variable": "$.n", "NumericLessThanEqualsPath": "$.m"}"#, input))
    #expect(try await holds(#"{"Variable": "$.m", "NumericGreaterThanEqualsPath": "$.m"}"#, input))
    #expect(try await holds(#"{"Variable": "$.yes", "BooleanEqualsPath": "$.also"}"#, input))
    #expect(try await holds(#"{"Variable": "$.early", "TimestampLessThanPath": "$.late"}"#, input))
    #expect(
      try await holds(#"{"Variable": "$.late", "TimestampGreaterThanPath": "$.early"}"#, input))
    #expect(try await holds(#"{"Variable": "$.late", "TimestampEqualsPath": "$.late"}"#, input))
    #expect(
      try await holds(#"{"Variable": "$.early", "TimestampLessThanEqualsPath": "$.late"}"#, input))
    #expect(
      try await holds(
        #"{"Variable": "$.late", "TimestampGreaterThanEqualsPath": "$.early"}"#, input))
    // A Path operand can read the context object.
    #expect(
      try await holds(
        #"{"Variable": "$.name", "StringEqualsPath": "$$.Execution.Name"}"#,
        #"{"name": "test-execution"}"#))
  }

  /// "Choice Rules": `StringMatches` with `*`, and the escapes `\\*` (a star) and `\\\\`.
  @Test func stringMatches() async throws {
    let logs = #"{"Variable": "$.foo", "StringMatches": "log-*.txt"}"#
    #expect(try await holds(logs, #"{"foo": "log-2024-01-01.txt"}"#))
    #expect(try await holds(logs, #"{"foo": "log-.txt"}"#))
    #expect(try await !holds(logs, #"{"foo": "log-1.txt.gz"}"#))
    let star = #"{"Variable": "$.foo", "StringMatches": "a\\*b"}"#
    #expect(try await holds(star, #"{"foo": "a*b"}"#))
    #expect(try await !holds(star, #"{"foo": "axxb"}"#))
    let backslash = #"{"Variable": "$.foo", "StringMatches": "a\\\\*"}"#
    #expect(try await holds(backslash, #"{"foo": "a\\anything"}"#))
    #expect(try await !holds(backslash, #"{"foo": "anything"}"#))
    #expect(try await holds(#"{"Variable": "$.foo", "StringMatches": "*"}"#, #"{"foo": ""}"#))
  }

  /// `And`, `Or`, `Not`, and the documented `IsPresent` guard before `StringEquals`.
  @Test func booleanCombinations() async throws {
    let guarded = #"""
      {"And": [{"Variable": "$.keyThatMightNotExist", "IsPresent": true},
               {"Variable": "$.keyThatMightNotExist", "StringEquals": "foo"}]}
      """#
    #expect(try await !holds(guarded, "{}"))
    #expect(try await holds(guarded, #"{"keyThatMightNotExist": "foo"}"#))
    let or =
      #"{"Or": [{"Variable": "$.a", "NumericEquals": 1}, {"Variable": "$.a", "NumericEquals": 2}]}"#
    #expect(try await holds(or, #"{"a": 2}"#))
    #expect(try await !holds(or, #"{"a": 3}"#))
    #expect(try await holds(#"{"Not": {"Variable": "$.a", "NumericEquals": 1}}"#, #"{"a": 3}"#))
  }

  /// `IsPresent`, `IsNull`, `IsNumeric`, `IsString`, `IsBoolean`, `IsTimestamp`, and their
  /// `false` forms.
  @Test func typeTests() async throws {
    #expect(try await holds(#"{"Variable": "$.x", "IsPresent": false}"#, "{}"))
    #expect(
      try await holds(
        #"{"Variable": "$.possiblyNullValue", "IsNull": true}"#, #"{"possiblyNullValue": null}"#))
    #expect(try await holds(#"{"Variable": "$.x", "IsNull": false}"#, #"{"x": 0}"#))
    #expect(try await holds(#"{"Variable": "$.x", "IsNumeric": true}"#, #"{"x": 1.1}"#))
    #expect(try await !holds(#"{"Variable": "$.x", "IsNumeric": true}"#, #"{"x": "1"}"#))
    #expect(try await holds(#"{"Variable": "$.x", "IsString": true}"#, #"{"x": ""}"#))
    #expect(try await holds(#"{"Variable": "$.x", "IsBoolean": true}"#, #"{"x": false}"#))
    #expect(try await holds(#"{"Variable": "$.x", "IsBoolean": false}"#, #"{"x": "false"}"#))
    #expect(
      try await holds(
        #"{"Variable": "$.x", "IsTimestamp": true}"#, #"{"x": "2012-10-09T19:00:55+01:00"}"#))
    #expect(try await !holds(#"{"Variable": "$.x", "IsTimestamp": true}"#, #"{"x": "2023-02-24"}"#))
  }

  /// A `Variable` that selects nothing, outside `IsPresent`: `States.Runtime`; no rule and no
  /// `Default`: `States.NoChoiceMatched`.
  @Test func runtimeErrors() async throws {
    let definition = #"""
      {"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.value", "NumericEquals": 1, "Next": "D"}]},
        "D": {"Type": "Succeed"}}}
      """#
    let missing = try await execute(definition, input: "{}")
    #expect(missing.error == "States.Runtime")
    #expect(
      missing.cause
        == "An error occurred while executing the state 'C' (entered at the event id #2). Invalid path '$.value': The choice state's condition path references an invalid value."
    )
    let unmatched = try await execute(definition, input: #"{"value": 2}"#)
    #expect(unmatched.error == "States.NoChoiceMatched")
    #expect(unmatched.eventTypes == ["ExecutionStarted", "ChoiceStateEntered", "ExecutionFailed"])
  }
}
