import Testing

@testable import CloudFormation

/// Malformed input and the exact one-line error each gives.
let readErrorCases: [(String, String)] = [
  ("", "bad.yaml: empty template: expected a map of sections"),
  ("- a\n- b\n", "bad.yaml:1:1: expected a map for the template's sections, got a list"),
  (
    "Resources:\n  A: [1\n",
    "bad.yaml:3:1: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)"
  ),
  (
    "Resources:\n\tA: 1\n",
    "bad.yaml:2:1: invalid YAML: found character that cannot start any token (while scanning for the next token)"
  ),
  (
    "Resource:\n  A: 1\n",
    "bad.yaml:1:1: unknown template section 'Resource'; expected one of AWSTemplateFormatVersion, Description, Metadata, Parameters, Rules, Mappings, Conditions, Transform, Resources, Outputs"
  ),
  ("Description: x\n", "bad.yaml:1:1: not a CloudFormation template: no Resources section"),
  ("Resources:\n  A:\n    Properties: {}\n", "bad.yaml:3:5: resource A has no Type"),
  (
    "Resources:\n  A:\n    Type: T\n    Propertes: {}\n",
    "bad.yaml:4:5: unknown key 'Propertes' in resource A; expected one of Type, Condition, DependsOn, Properties, DeletionPolicy, UpdateReplacePolicy, UpdatePolicy, CreationPolicy, Metadata"
  ),
  (
    "Resources:\n  A:\n    Type: T\n    DeletionPolicy: Keep\n",
    "bad.yaml:4:21: DeletionPolicy of resource A must be one of Delete, Retain, RetainExceptOnCreate, Snapshot, got 'Keep'"
  ),
  (
    "Resources:\n  A:\n    Type: T\n  A:\n    Type: U\n",
    "bad.yaml:4:3: duplicate key 'A' in Resources"
  ),
  (
    "Resources:\n  A:\n    Type: T\n    Properties:\n      X: !Join [a]\n",
    "bad.yaml:5:10: Fn::Join expects [delimiter, list of values], got a list of 1"
  ),
  (
    "Resources:\n  A:\n    Type: T\n    Properties:\n      X: !Ref [a]\n",
    "bad.yaml:5:10: Ref expects a logical name as a string, got a list of 1"
  ),
  (
    "Resources:\n  A:\n    Type: T\n    Properties:\n      X: !GetAtt NoDot\n",
    "bad.yaml:5:10: Fn::GetAtt expects 'Resource.Attribute', got 'NoDot'"
  ),
  (
    "Resources:\n  A:\n    Type: T\n    Properties:\n      X: !If [C, 1]\n",
    "bad.yaml:5:10: Fn::If expects [condition, value if true, value if false], got a list of 2"
  ),
  (
    "Parameters:\n  P:\n    Type: Strin\nResources:\n  A:\n    Type: T\n",
    "bad.yaml:3:11: unknown parameter type 'Strin' for parameter P"
  ),
  (
    "Parameters:\n  P:\n    Type: String\n    MinLength: two\nResources:\n  A:\n    Type: T\n",
    "bad.yaml:4:16: expected an integer for MinLength of parameter P, got 'two'"
  ),
  (
    "Parameters:\n  P:\n    Default: x\nResources:\n  A:\n    Type: T\n",
    "bad.yaml:3:5: parameter P has no Type"
  ),
  (
    "Resources:\n  A:\n    Type: T\nOutputs:\n  O:\n    Description: x\n",
    "bad.yaml:6:5: output O has no Value"
  ),
  (
    "AWSTemplateFormatVersion: 2011-01-01\nResources:\n  A:\n    Type: T\n",
    "bad.yaml:1:27: AWSTemplateFormatVersion must be 2010-09-09, got '2011-01-01'"
  ),
  (
    "Resources:\n  A:\n    Type: T\n---\nResources: {}\n",
    "bad.yaml:4:1: expected a single YAML document, found a second one"
  ),
  ("Resources:\n  A: *nothing\n", "bad.yaml:2:6: unknown alias *nothing"),
  (
    "{\"Resources\": {\"A\": {\"Type\": \"T\",}}}",
    "bad.yaml:1:34: invalid JSON: expected a string key in an object"
  ),
  (
    "{\"Resources\": {\"A\": {\"Type\": \"T\"}}",
    "bad.yaml:1:35: invalid JSON: unexpected end of input, expected ',' or '}'"
  ),
  (
    "{\"Resources\": {\"A\": {\"Type\": \"T\"}}} x",
    "bad.yaml:1:37: invalid JSON: expected the end of the document after the JSON value"
  ),
  (
    "{\"Resources\": {\"A\": {\"Type\": 01}}}", "bad.yaml:1:30: invalid JSON: malformed number '01'"
  ),
  (
    "{\"Resources\": {\"A\": {\"Type\": \"T\", \"Type\": \"U\"}}}",
    "bad.yaml:1:35: duplicate key 'Type' in resource A"
  ),
]

@Test(arguments: readErrorCases)
func malformedTemplatesGiveOneExactErrorLine(input: String, message: String) {
  do {
    _ = try TemplateReader.read(input, file: "bad.yaml")
    Issue.record("expected an error for \(input.debugDescription)")
  } catch let error as TemplateError {
    #expect(error.description == message)
    #expect(!error.description.contains("\n"))
  } catch {
    Issue.record("unexpected error type \(error)")
  }
}

@Test func invalidUTF8IsAnError() {
  #expect(throws: TemplateError(file: "b", mark: nil, message: "not UTF-8 text")) {
    try TemplateReader.read([0xFF, 0xFE, 0x41], file: "b")
  }
}

@Test func deepNestingIsRefusedNotACrash() {
  let text =
    "Resources: " + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)
  #expect(throws: TemplateError.self) { try TemplateReader.read(text, file: "deep") }
  let json =
    "{\"Resources\": " + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)
    + "}"
  #expect(throws: TemplateError.self) { try TemplateReader.read(json, file: "deep.json") }
}
