import EventPatterns
import Testing

/// Patterns `PutRule` and `TestEventPattern` refuse with `InvalidEventPatternException`, with
/// the reasons EventBridge gives (User Guide, "Event patterns" and "Content filtering"; the
/// reasons are event-ruler's `JsonRuleCompiler` messages, which EventBridge returns).
@Suite struct PatternValidationTests {
  @Test(arguments: [
    (#"{"source": "aws.s3"}"#, #""source" must be an object or an array"#),
    (#"{"resources": []}"#, "Empty arrays are not allowed"),
    (#"{"detail": {}}"#, "Empty objects are not allowed"),
    (#"{"a": [["x"]]}"#, "Match value must be String, number, true, false, or null"),
    (#"{"a": [{"EXISTS": true}]}"#, "Unrecognized match type EXISTS"),
    (#"{"a": [{"prefix": "x", "suffix": "y"}]}"#, "Only one key allowed in match expression"),
    (#"{"a": [{"prefix": 1}]}"#, "prefix match pattern must be a string"),
    (#"{"a": [{"suffix": ["x"]}]}"#, "suffix match pattern must be a string"),
    (#"{"a": [{"equals-ignore-case": 1}]}"#, "equals-ignore-case match pattern must be a string"),
    (#"{"a": [{"wildcard": 1}]}"#, "wildcard match pattern must be a string"),
    (#"{"a": [{"wildcard": "a**b"}]}"#, "Consecutive wildcard characters at pos 2"),
    (#"{"a": [{"exists": "yes"}]}"#, "exists match pattern must be either true or false."),
    (#"{"a": [{"numeric": 5}]}"#, "Value of numeric must be an array."),
    (#"{"a": [{"numeric": [">", "5"]}]}"#, "Value of > must be numeric"),
    (#"{"a": [{"numeric": [">", 0, ">", 5]}]}"#, "Bad numeric range operator: >"),
    (#"{"a": [{"numeric": ["=", 1, "<", 5]}]}"#, "Too many elements in numeric expression"),
    (#"{"a": [{"cidr": "10.0.0.0"}]}"#, "Malformed CIDR, one '/' required"),
    (#"{"a": [{"cidr": "10.0.0.0/x"}]}"#, "Malformed CIDR, mask bits must be an integer"),
    (#"{"a": [{"cidr": "xx.11.xx/24"}]}"#, "Nonstandard IP address: xx.11.xx"),
    (
      #"{"a": [{"anything-but": null}]}"#,
      "Value of anything-but must be an array or single string/number value."
    ),
    (
      #"{"a": [{"anything-but": [null]}]}"#,
      "Inside anything but list, start|null|boolean is not supported."
    ),
    (#"{"a": [{"anything-but": {"prefix": ""}}]}"#, "Null prefix/suffix not allowed"),
    (#"{"a": [{"anything-but": {"suffix": 1}}]}"#, "prefix/suffix match pattern must be a string"),
    (
      #"{"a": [{"anything-but": {"equals-ignore-case": 1}}]}"#,
      "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported."
    ),
    (
      #"{"a": [{"anything-but": {"contains": "x"}}]}"#, "Unsupported anything-but pattern: contains"
    ),
    (#"{"$or": [{"a": ["x"]}]}"#, "There must have at least 2 Objects in $or relationship."),
    (#"{"$or": [{"a": ["x"]}, "b"]}"#, "Only JSON object is allowed in array of $or relationship."),
    ("[]", "Filter is not an object"),
  ])
  func refused(pattern: String, reason: String) {
    #expect(refusal(pattern) == reason)
  }

  /// The whole message, as the API returns it.
  @Test func messageHasEventBridgesPrefix() throws {
    do {
      _ = try EventPattern.parse(#"{"resources": []}"#)
      Issue.record("an empty array must be refused")
    } catch {
      #expect(
        error.description == "Event pattern is not valid. Reason: Empty arrays are not allowed")
      #expect(error.field == "resources")
    }
  }

  /// "Complex example with `$or` matching": more than 1,000 rule combinations are refused.
  @Test func tooManyOrCombinations() {
    let alternatives = (0..<32).map { #"{"f\#($0)": ["v"]}"# }.joined(separator: ",")
    let pattern = #"{"a": {"$or": [\#(alternatives)]}, "b": {"$or": [\#(alternatives)]}}"#
    #expect(refusal(pattern)?.contains("1024 rule combinations") == true)
    let fewer = #"{"a": {"$or": [\#(alternatives)]}}"#
    #expect(refusal(fewer) == nil)
  }
}
