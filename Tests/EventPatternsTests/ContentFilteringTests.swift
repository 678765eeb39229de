import CloudFormation
import EventPatterns
import JSONPaths
import Testing

/// Every comparison operator of EventBridge User Guide, "Content filtering in Amazon
/// EventBridge event patterns" (and "Comparison operators for use in event patterns"), matching
/// and not matching.
@Suite struct ContentFilteringTests {
  /// "Prefix matching": `time` starting with `2017-10-02`; strings only.
  @Test func prefix() throws {
    let pattern = #"{"time": [{"prefix": "2017-10-02"}]}"#
    #expect(try matches(pattern, #"{"time": "2017-10-02T18:43:48Z"}"#))
    #expect(try !matches(pattern, #"{"time": "2017-10-03T18:43:48Z"}"#))
    #expect(try !matches(#"{"n": [{"prefix": "1"}]}"#, #"{"n": 12}"#))
  }

  /// "Prefix matching while ignoring case".
  @Test func prefixIgnoringCase() throws {
    let pattern = #"{"detail": {"service": [{"prefix": {"equals-ignore-case": "EventB"}}]}}"#
    #expect(try matches(pattern, #"{"detail": {"service": "eventbridge"}}"#))
    #expect(try matches(pattern, #"{"detail": {"service": "EVENTBRIDGE"}}"#))
    #expect(try !matches(pattern, #"{"detail": {"service": "sns"}}"#))
  }

  /// "Suffix matching": `FileName` ending with `.png`.
  @Test func suffix() throws {
    let pattern = #"{"FileName": [{"suffix": ".png"}]}"#
    #expect(try matches(pattern, #"{"FileName": "image.png"}"#))
    #expect(try !matches(pattern, #"{"FileName": "image.PNG"}"#))
    #expect(try !matches(pattern, #"{"FileName": "image.jpg"}"#))
  }

  /// "Suffix matching while ignoring case".
  @Test func suffixIgnoringCase() throws {
    let pattern = #"{"detail": {"FileName": [{"suffix": {"equals-ignore-case": ".png"}}]}}"#
    #expect(try matches(pattern, #"{"detail": {"FileName": "photo.PNG"}}"#))
    #expect(try !matches(pattern, #"{"detail": {"FileName": "photo.gif"}}"#))
  }

  /// "Anything-but matching": single string and number, lists of each.
  @Test func anythingButValues() throws {
    #expect(
      try matches(#"{"state": [{"anything-but": "initializing"}]}"#, #"{"state": "running"}"#))
    #expect(
      try !matches(#"{"state": [{"anything-but": "initializing"}]}"#, #"{"state": "initializing"}"#)
    )
    #expect(try matches(#"{"x-limit": [{"anything-but": 123}]}"#, #"{"x-limit": 124}"#))
    #expect(try !matches(#"{"x-limit": [{"anything-but": 123}]}"#, #"{"x-limit": 123}"#))
    let list = #"{"state": [{"anything-but": ["stopped", "overloaded"]}]}"#
    #expect(try matches(list, #"{"state": "running"}"#))
    #expect(try !matches(list, #"{"state": "overloaded"}"#))
    let numbers = #"{"x-limit": [{"anything-but": [100, 200, 300]}]}"#
    #expect(try matches(numbers, #"{"x-limit": 150}"#))
    #expect(try !matches(numbers, #"{"x-limit": 200}"#))
    // A value of another type is not excluded; a missing field never matches.
    #expect(try matches(#"{"state": [{"anything-but": "x"}]}"#, #"{"state": null}"#))
    #expect(try !matches(#"{"state": [{"anything-but": "x"}]}"#, #"{"other": 1}"#))
  }

  /// "Anything-but matching" on a prefix, a suffix, ignoring case, and with a wildcard.
  @Test func anythingButOperators() throws {
    let prefix = #"{"state": [{"anything-but": {"prefix": "init"}}]}"#
    #expect(try matches(prefix, #"{"state": "running"}"#))
    #expect(try !matches(prefix, #"{"state": "initializing"}"#))
    #expect(try matches(prefix, #"{"state": 12}"#))
    let prefixes = #"{"state": [{"anything-but": {"prefix": ["init", "error"]}}]}"#
    #expect(try !matches(prefixes, #"{"state": "error-42"}"#))
    let suffix = #"{"FileName": [{"anything-but": {"suffix": ".png"}}]}"#
    #expect(try matches(suffix, #"{"FileName": "a.jpg"}"#))
    #expect(try !matches(suffix, #"{"FileName": "a.png"}"#))
    let ignoringCase =
      #"{"state": [{"anything-but": {"equals-ignore-case": ["Stopped", "OverLoaded"]}}]}"#
    #expect(try matches(ignoringCase, #"{"state": "running"}"#))
    #expect(try !matches(ignoringCase, #"{"state": "STOPPED"}"#))
    let wildcard = #"{"FilePath": [{"anything-but": {"wildcard": "*/lib/*"}}]}"#
    #expect(try matches(wildcard, #"{"FilePath": "/usr/bin/tool"}"#))
    #expect(try !matches(wildcard, #"{"FilePath": "/usr/lib/libz.so"}"#))
  }

  /// "Numeric matching": the document's three-field example, and range edges.
  @Test func numeric() throws {
    let pattern = #"""
      {"detail": {"c-count": [{"numeric": [">", 0, "<=", 5]}],
                  "d-count": [{"numeric": ["<", 10]}],
                  "x-limit": [{"numeric": ["=", 3.018e2]}]}}
      """#
    #expect(try matches(pattern, #"{"detail": {"c-count": 5, "d-count": 3, "x-limit": 301.8}}"#))
    #expect(try !matches(pattern, #"{"detail": {"c-count": 0, "d-count": 3, "x-limit": 301.8}}"#))
    #expect(try !matches(pattern, #"{"detail": {"c-count": 5, "d-count": 10, "x-limit": 301.8}}"#))
    #expect(try !matches(pattern, #"{"detail": {"c-count": 5, "d-count": 3, "x-limit": 301.9}}"#))
    // Numeric matching works with JSON numbers only.
    #expect(try !matches(pattern, #"{"detail": {"c-count": "5", "d-count": 3, "x-limit": 301.8}}"#))
    #expect(try matches(#"{"p": [{"numeric": [">=", 10, "<", 20]}]}"#, #"{"p": 10}"#))
    #expect(try !matches(#"{"p": [{"numeric": [">=", 10, "<", 20]}]}"#, #"{"p": 20}"#))
  }

  /// "IP address matching": IPv4 and IPv6 blocks.
  @Test func cidr() throws {
    let v4 = #"{"detail": {"sourceIPAddress": [{"cidr": "10.0.0.0/24"}]}}"#
    #expect(try matches(v4, #"{"detail": {"sourceIPAddress": "10.0.0.255"}}"#))
    #expect(try !matches(v4, #"{"detail": {"sourceIPAddress": "10.0.1.0"}}"#))
    #expect(try !matches(v4, #"{"detail": {"sourceIPAddress": 10}}"#))
    let v6 = #"{"detail": {"sourceIPAddress": [{"cidr": "2001:db8:1234:1a00::/64"}]}}"#
    #expect(try matches(v6, #"{"detail": {"sourceIPAddress": "2001:db8:1234:1a00::1"}}"#))
    #expect(try !matches(v6, #"{"detail": {"sourceIPAddress": "2001:db8:1234:1a01::1"}}"#))
  }

  /// "Exists matching": the document's events, and that it works on leaf nodes only.
  @Test func exists() throws {
    let present = #"{"detail": {"state": [{"exists": true}]}}"#
    let instance = #"""
      {"detail-type": "EC2 Instance State-change Notification",
       "detail": {"instance-id": "i-abcd1111", "state": "pending"}}
      """#
    let withoutState = #"{"detail": {"c-count": {"c1": 100}}}"#
    #expect(try matches(present, instance))
    #expect(try !matches(present, withoutState))
    let absent = #"{"detail": {"c-count": [{"exists": false}]}}"#
    #expect(try matches(absent, instance))
    // c-count is an object here, not a leaf, so it does not "exist" for the pattern.
    #expect(try matches(absent, withoutState))
    #expect(try !matches(absent, #"{"detail": {"c-count": 3}}"#))
    // A missing parent does not exist either.
    #expect(try matches(#"{"a": {"b": {"c": [{"exists": false}]}}}"#, #"{"x": 1}"#))
    #expect(
      try matches(#"{"detail": {"state": [{"exists": true}]}}"#, #"{"detail": {"state": null}}"#))
  }

  /// "Equals-ignore-case matching".
  @Test func equalsIgnoreCase() throws {
    let pattern =
      #"{"detail-type": [{"equals-ignore-case": "ec2 instance state-change notification"}]}"#
    #expect(try matches(pattern, #"{"detail-type": "EC2 Instance State-change Notification"}"#))
    #expect(try !matches(pattern, #"{"detail-type": "EC2 Spot Instance Interruption Warning"}"#))
  }

  /// "Wildcard matching": `*` matches any run of characters, `\*` a star.
  @Test func wildcard() throws {
    let pattern = #"{"EventBusArn": [{"wildcard": "arn:aws:events:us-east-1:*:event-bus/*"}]}"#
    #expect(
      try matches(
        pattern, #"{"EventBusArn": "arn:aws:events:us-east-1:123456789012:event-bus/default"}"#))
    #expect(
      try !matches(
        pattern, #"{"EventBusArn": "arn:aws:events:us-west-2:123456789012:event-bus/default"}"#))
    #expect(try matches(#"{"f": [{"wildcard": "dir/*.png"}]}"#, #"{"f": "dir/a/b.png"}"#))
    #expect(try matches(#"{"f": [{"wildcard": "a\\*b"}]}"#, #"{"f": "a*b"}"#))
    #expect(try !matches(#"{"f": [{"wildcard": "a\\*b"}]}"#, #"{"f": "axb"}"#))
    #expect(try matches(#"{"f": [{"wildcard": "*"}]}"#, #"{"f": ""}"#))
  }

  /// "Complex example with multiple matching", and the note that a key written twice keeps
  /// its last value.
  @Test func complexExampleAndRepeatedKeys() throws {
    let pattern = #"""
      {"time": [{"prefix": "2017-10-02"}],
       "detail": {"state": [{"anything-but": "initializing"}],
                  "c-count": [{"numeric": [">", 0, "<=", 5]}],
                  "d-count": [{"numeric": ["<", 10]}],
                  "x-limit": [{"anything-but": [100, 200, 300]}]}}
      """#
    let event = #"""
      {"time": "2017-10-02T16:24:49Z",
       "detail": {"state": "running", "c-count": 5, "d-count": 3, "x-limit": 301.8}}
      """#
    #expect(try matches(pattern, event))
    let repeated =
      #"{"detail": {"location": [{"prefix": "us-"}], "location": [{"anything-but": "us-east"}]}}"#
    #expect(try matches(repeated, #"{"detail": {"location": "eu-west"}}"#))
    #expect(try !matches(repeated, #"{"detail": {"location": "us-east"}}"#))
  }

  /// "Complex example with `$or` matching".
  @Test func or() throws {
    let pattern = #"""
      {"detail": {"$or": [{"c-count": [{"numeric": [">", 0, "<=", 5]}]},
                          {"d-count": [{"numeric": ["<", 10]}]},
                          {"x-limit": [{"numeric": ["=", 3.018e2]}]}]}}
      """#
    #expect(try matches(pattern, #"{"detail": {"c-count": 9, "d-count": 3}}"#))
    #expect(try matches(pattern, #"{"detail": {"x-limit": 301.8}}"#))
    #expect(try !matches(pattern, #"{"detail": {"c-count": 9, "d-count": 30}}"#))
    let why = try EventPattern.parse(pattern).explain(json(#"{"detail": {"c-count": 9}}"#))
    #expect(why?.field == "detail")
    #expect(why?.reason.hasPrefix("none of the 3 $or alternatives matches") == true)
  }
}
