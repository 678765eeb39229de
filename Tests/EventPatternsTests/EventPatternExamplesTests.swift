import CloudFormation
import EventPatterns
import JSONPaths
import Testing

/// The examples of EventBridge User Guide, "Amazon EventBridge event patterns", "Matching null
/// values and empty strings" and "Arrays in Amazon EventBridge event patterns".
@Suite struct EventPatternExamplesTests {
  static let ec2Event = #"""
    {"version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
     "detail-type": "EC2 Instance State-change Notification", "source": "aws.ec2",
     "account": "111122223333", "time": "2017-12-22T18:43:48Z", "region": "us-west-1",
     "resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
     "detail": {"instance-id": "i-1234567890abcdef0", "state": "terminated"}}
    """#

  static let terminatedPattern = #"""
    {"source": ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"],
     "detail": {"state": ["terminated"]}}
    """#

  /// "Amazon EventBridge event patterns": the pattern that processes all instance-termination
  /// events matches the EC2 event, and not the same event in another state.
  @Test func instanceTerminationPattern() throws {
    #expect(try matches(Self.terminatedPattern, Self.ec2Event))
    let running = Self.ec2Event.replacingOccurrences(of: "\"terminated\"", with: "\"running\"")
    #expect(try !matches(Self.terminatedPattern, running))
    let explanation = try EventPattern.parse(Self.terminatedPattern).explain(json(running))
    #expect(explanation?.field == "detail.state")
    #expect(explanation?.description == #"detail.state: "running" matches none of ["terminated"]"#)
  }

  /// "Match values": `["aws.ec2", "aws.fargate"]` is either value.
  @Test func arrayOfValuesIsAnyOf() throws {
    let pattern = #"{"source": ["aws.ec2", "aws.fargate"]}"#
    #expect(try matches(pattern, #"{"source": "aws.fargate"}"#))
    #expect(try matches(pattern, #"{"source": "aws.ec2"}"#))
    #expect(try !matches(pattern, #"{"source": "aws.s3"}"#))
  }

  /// "Create event patterns": strings are matched character by character, no case folding,
  /// and a field of the pattern that the event lacks fails the match.
  @Test func exactCaseSensitiveAndRequiredFields() throws {
    #expect(try !matches(#"{"source": ["aws.ec2"]}"#, #"{"source": "AWS.EC2"}"#))
    #expect(try !matches(#"{"detail": {"state": ["x"]}}"#, #"{"source": "aws.ec2"}"#))
    let why = try EventPattern.parse(#"{"detail": {"state": ["x"]}}"#).explain(
      json(#"{"source": "aws.ec2"}"#))
    #expect(why?.description == #"detail.state: is missing; the pattern expects ["x"]"#)
  }

  /// "Example events and event patterns", "Field matching": `responseElements` is `null`.
  @Test func fieldMatchingNull() throws {
    let event = #"""
      {"version": "0", "id": "3e3c153a-8339-4e30-8c35-687ebef853fe",
       "detail-type": "EC2 Instance Launch Successful", "source": "aws.autoscaling",
       "account": "123456789012", "time": "2015-11-11T21:31:47Z", "region": "us-east-1",
       "resources": [], "detail": {"eventVersion": "", "responseElements": null}}
      """#
    let pattern = #"""
      {"source": ["aws.autoscaling"], "detail-type": ["EC2 Instance Launch Successful"],
       "detail": {"responseElements": [null]}}
      """#
    #expect(try matches(pattern, event))
    // "Matching null values and empty strings": each matches its own kind only.
    #expect(try matches(#"{"detail": {"eventVersion": [""]}}"#, event))
    #expect(try !matches(#"{"detail": {"eventVersion": [null]}}"#, event))
    #expect(try !matches(#"{"detail": {"responseElements": [""]}}"#, event))
    // An empty array holds no value, so not even null matches it.
    #expect(try !matches(#"{"resources": [null]}"#, event))
  }

  /// "Value matching": a Macie finding with severity score 1 and count 2.
  @Test func valueMatchingNumbers() throws {
    let event = #"""
      {"source": "aws.macie", "detail-type": "Macie Finding",
       "detail": {"severity": {"score": 1, "description": "Low"}, "count": 2}}
      """#
    let pattern = #"""
      {"source": ["aws.macie"], "detail-type": ["Macie Finding"],
       "detail": {"severity": {"score": [1]}, "count": [2]}}
      """#
    #expect(try matches(pattern, event))
    #expect(
      try !matches(pattern, event.replacingOccurrences(of: "\"count\": 2", with: "\"count\": 3")))
    // A number matches a number, never the string with the same digits.
    #expect(try !matches(#"{"detail": {"count": ["2"]}}"#, event))
  }

  /// "Create event patterns" says 300, 300.0 and 3.0e2 are not equal; EventBridge's matcher
  /// (event-ruler) compares a pattern's number both as written and by value, and EventBridge
  /// matches `[300]` with `300.0`. The matcher's behaviour is kept.
  @Test func numbersMatchByValue() throws {
    #expect(try matches(#"{"number": [300]}"#, #"{"number": 300.0}"#))
    #expect(try matches(#"{"number": [3.0e2]}"#, #"{"number": 300}"#))
    #expect(try !matches(#"{"number": [300]}"#, #"{"number": 301}"#))
  }

  /// "Arrays in Amazon EventBridge event patterns": an event array matches when it shares a
  /// value with the pattern's array.
  @Test func arraysIntersect() throws {
    let pattern = #"""
      {"resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
                     "arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f",
                     "arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f"]}
      """#
    let event = #"""
      {"resources": [
        "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b:autoScalingGroupName/ASGTerminate",
        "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f"]}
      """#
    #expect(try matches(pattern, event))
    #expect(try !matches(pattern, #"{"resources": ["arn:aws:ec2:us-east-1:1:instance/i-0"]}"#))
  }

  /// event-ruler's "JSON Array Matching" (the matcher EventBridge runs): fields of objects in
  /// an array must match within one element.
  @Test func objectsInsideArraysMatchElementByElement() throws {
    let event = #"""
      {"employees": [{"firstName": "John", "lastName": "Doe"},
                     {"firstName": "Anna", "lastName": "Smith"},
                     {"firstName": "Peter", "lastName": "Jones"}]}
      """#
    #expect(try matches(#"{"employees": {"firstName": ["Anna"]}}"#, event))
    #expect(try matches(#"{"employees": {"firstName": ["Anna"], "lastName": ["Smith"]}}"#, event))
    #expect(try !matches(#"{"employees": {"firstName": ["Anna"], "lastName": ["Jones"]}}"#, event))
  }
}
