import CloudFormation
import EventPatterns
import JSONPaths
import Testing

/// EventBridge User Guide, "Amazon EventBridge input transformation": the examples of
/// "Input transform examples", the "Predefined variables", and "Common issues with transforming
/// input" (quotes, paths that select nothing, objects inside strings).
@Suite struct InputTransformerTests {
  static let event = #"""
    {"version": "0", "id": "7bf73129-1428-4cd3-a780-95db273d1602",
     "detail-type": "EC2 Instance State-change Notification", "source": "aws.ec2",
     "account": "123456789012", "time": "2015-11-11T21:29:54Z", "region": "us-east-1",
     "resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],
     "detail": {"instance-id": "i-0123456789", "state": "RUNNING"}}
    """#

  static let paths = [
    ("timestamp", "$.time"), ("instance", "$.detail.instance-id"), ("state", "$.detail.state"),
    ("resource", "$.resources[0]"),
  ]

  static let rule = RuleContext(
    ruleArn: "arn:aws:events:us-east-2:123456789012:rule/example", ruleName: "example",
    ingestionTime: "2015-11-11T21:29:55Z")

  func render(_ template: String, paths: [(String, String)] = paths) throws -> String {
    let transformer = try InputTransformer(inputPathsMap: paths, inputTemplate: template)
    return try transformer.render(event: json(Self.event), rule: Self.rule)
  }

  /// "Input transform examples": every row of the table whose target is not CloudWatch Logs.
  @Test func documentedExamples() throws {
    #expect(
      try render(#""instance <instance> is in <state>""#)
        == #""instance i-0123456789 is in RUNNING""#)
    #expect(
      try render(#""instance \"<instance>\" is in <state>""#)
        == #""instance \"i-0123456789\" is in RUNNING""#)
    #expect(
      try render(#"{"instance" : <instance>, "state": <state>}"#)
        == #"{"instance" : "i-0123456789", "state": "RUNNING"}"#)
    let stringsAndVariables = #"""
      {"instance" : <instance>, "state": "<state>", "instanceStatus": "instance \"<instance>\" is in <state>"}
      """#
    #expect(
      try render(stringsAndVariables)
        == #"""
        {"instance" : "i-0123456789", "state": "RUNNING", "instanceStatus": "instance \"i-0123456789\" is in RUNNING"}
        """#)
    #expect(
      try render(
        #"{"instance" : <instance>, "state": [ 9, <state>, true ], "Transformed" : "Yes"}"#)
        == #"{"instance" : "i-0123456789", "state": [ 9, "RUNNING", true ], "Transformed" : "Yes"}"#
    )
    #expect(
      try render(#"{"resource": <resource>, "at": "<timestamp>"}"#)
        == #"{"resource": "arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111", "at": "2015-11-11T21:29:54Z"}"#
    )
  }

  /// "Predefined variables", as the table's "Including reserved variables" rows use them.
  @Test func predefinedVariables() throws {
    let template = #"""
      {"instance": <instance>, "ruleArn": <aws.events.rule-arn>, "ruleName": <aws.events.rule-name>,
       "originalEvent": <aws.events.event.json>, "received": "<aws.events.event.ingestion-time>"}
      """#
    let output = try json(render(template))
    #expect(output["ruleArn"] == .string("arn:aws:events:us-east-2:123456789012:rule/example"))
    #expect(output["ruleName"] == .string("example"))
    #expect(output["originalEvent"] == (try json(Self.event)))
    #expect(output["received"] == .string("2015-11-11T21:29:55Z"))
    #expect(try render(#""<aws.events.rule-name> triggered""#) == #""example triggered""#)
    // <aws.events.event> is the event without its detail.
    let envelope = try json(render(#"{"e": <aws.events.event>}"#))["e"]
    #expect(envelope?["detail"] == nil)
    #expect(envelope?["id"] == .string("7bf73129-1428-4cd3-a780-95db273d1602"))
  }

  /// "Common issues": a path that selects nothing gives an empty value, quoted or not.
  @Test func missingPathsGiveEmptyValues() throws {
    let paths = Self.paths + [("missing", "$.detail.notinmessage")]
    #expect(try render(#"{"command": <missing>}"#, paths: paths) == #"{"command": ""}"#)
    #expect(try render(#""detail <missing>.""#, paths: paths) == #""detail .""#)
  }

  /// Objects and arrays: as JSON outside quotes; inside a string template without quote marks;
  /// inside quotes of a JSON template the input is not deliverable.
  @Test func objectsAndArrays() throws {
    let paths = [("payload", "$.detail"), ("resources", "$.resources")]
    #expect(
      try render(#"{"body": <payload>}"#, paths: paths)
        == #"{"body": {"instance-id":"i-0123456789","state":"RUNNING"}}"#)
    #expect(
      try render(#""Payload of <payload>""#, paths: paths)
        == #""Payload of {instance-id:i-0123456789,state:RUNNING}""#)
    #expect(
      try render(#""<resources> in a list""#, paths: paths)
        == #""[arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111] in a list""#)
    #expect(throws: InputTransformerError.self) {
      try render(#"{"body": "<payload>"}"#, paths: paths)
    }
  }

  /// A value with quote marks stays valid JSON; a template that is not JSON is not delivered.
  @Test func outputIsAlwaysJSON() throws {
    let event = #"{"detail": {"name": "a \"quoted\" name"}}"#
    let transformer = try InputTransformer(
      inputPathsMap: [("name", "$.detail.name")], inputTemplate: #"{"n": <name>, "s": "x <name>"}"#)
    let output = try transformer.render(event: json(event), rule: Self.rule)
    #expect(try json(output)["n"] == .string(#"a "quoted" name"#))
    #expect(throws: InputTransformerError.self) { try render("<instance> is in <state>") }
  }

  /// `PutTargets` validation: placeholders must be defined; one input option at most.
  @Test func targetValidation() throws {
    #expect(
      throws: InputTransformerError.invalidPlaceholder(targetId: "Target0", name: "notdefinedkey")
    ) {
      try InputTransformer(
        inputPathsMap: Self.paths, inputTemplate: #""Event with not defined key <notdefinedkey>""#)
    }
    let both = try json(#"{"Id": "T1", "Input": "{}", "InputPath": "$.detail"}"#)
    #expect(throws: InputTransformerError.conflictingInputs(targetId: "T1")) {
      try TargetInput(target: both)
    }
    #expect(
      InputTransformerError.conflictingInputs(targetId: "T1").description
        == "Only one of Input, InputPath, or InputTransformer must be provided for target T1.")
  }

  /// "Targets": `Input` is sent as is, `InputPath` selects part of the event, and with neither
  /// the whole event goes.
  @Test func inputAndInputPath() throws {
    let event = try json(Self.event)
    let constant = try TargetInput(target: json(#"{"Id": "T", "Input": "{\"fixed\": true}"}"#))
    #expect(try constant.render(event: event, rule: Self.rule) == #"{"fixed": true}"#)
    let path = try TargetInput(target: json(#"{"Id": "T", "InputPath": "$.detail"}"#))
    #expect(
      try path.render(event: event, rule: Self.rule)
        == #"{"instance-id":"i-0123456789","state":"RUNNING"}"#)
    let scalar = try TargetInput(target: json(#"{"Id": "T", "InputPath": "$.detail.state"}"#))
    #expect(try scalar.render(event: event, rule: Self.rule) == #""RUNNING""#)
    let whole = try TargetInput(target: json(#"{"Id": "T"}"#))
    #expect(try json(whole.render(event: event, rule: Self.rule)) == event)
  }
}
