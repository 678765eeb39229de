import CloudFormation
import Foundation
import Testing

@testable import IAM

/// Condition operators, multiple keys and values, set operators and policy variables, as the
/// IAM User Guide documents them; each test names its page.
@Suite struct ConditionEvaluationTests {
  func holds(
    _ op: String, _ key: String, _ values: [Value], _ keys: [String: [String]]
  ) throws -> MatchResult {
    ConditionEvaluator.evaluate(
      Condition(try ConditionOperator(parsing: op), key, values), ContextKeys(keys))
  }

  /// "IAM JSON policy elements: Condition operators", string condition operators.
  @Test func stringOperators() throws {
    let keys = ["aws:PrincipalTag/job-category": ["iamuser-admin"]]
    #expect(
      try holds("StringEquals", "aws:PrincipalTag/job-category", ["iamuser-admin"], keys)
        == .matches)
    #expect(
      try holds("StringEquals", "aws:PrincipalTag/job-category", ["IAMUser-Admin"], keys)
        == .doesNotMatch)
    #expect(
      try holds("StringEqualsIgnoreCase", "aws:PrincipalTag/job-category", ["IAMUser-Admin"], keys)
        == .matches)
    #expect(
      try holds("StringNotEquals", "aws:PrincipalTag/job-category", ["other"], keys) == .matches)
    #expect(
      try holds(
        "StringNotEqualsIgnoreCase", "aws:PrincipalTag/job-category", ["IAMUSER-ADMIN"], keys)
        == .doesNotMatch)
    #expect(
      try holds("StringLike", "s3:prefix", ["home/*", "shared/?"], ["s3:prefix": ["home/alice/x"]])
        == .matches)
    #expect(
      try holds("StringLike", "s3:prefix", ["shared/?"], ["s3:prefix": ["shared/ab"]])
        == .doesNotMatch)
    #expect(
      try holds("StringNotLike", "s3:prefix", ["home/*"], ["s3:prefix": ["etc/"]]) == .matches)
    // Condition keys are case-insensitive.
    #expect(
      try holds("StringEquals", "AWS:principaltag/JOB-CATEGORY", ["iamuser-admin"], keys)
        == .matches)
  }

  /// "IAM JSON policy elements: Condition operators", numeric, date, Boolean, binary, IP
  /// address and ARN condition operators.
  @Test func numericDateBoolBinaryIPAndARNOperators() throws {
    let max = ["s3:max-keys": ["10"]]
    #expect(try holds("NumericLessThanEquals", "s3:max-keys", ["10"], max) == .matches)
    #expect(try holds("NumericLessThan", "s3:max-keys", ["10"], max) == .doesNotMatch)
    #expect(try holds("NumericGreaterThan", "s3:max-keys", ["9.5"], max) == .matches)
    #expect(try holds("NumericNotEquals", "s3:max-keys", ["10"], max) == .doesNotMatch)
    #expect(try holds("NumericEquals", "s3:max-keys", ["ten"], max) == .doesNotMatch)
    let now = ["aws:CurrentTime": ["2020-04-01T12:00:00Z"]]
    #expect(
      try holds("DateGreaterThan", "aws:CurrentTime", ["2020-01-01T00:00:01Z"], now) == .matches)
    #expect(try holds("DateLessThan", "aws:CurrentTime", ["2020-12-31T23:59:59Z"], now) == .matches)
    #expect(try holds("DateLessThan", "aws:CurrentTime", ["2020-04-01"], now) == .doesNotMatch)
    #expect(try holds("DateEquals", "aws:CurrentTime", ["1585742400"], now) == .matches)
    #expect(
      try holds("DateNotEquals", "aws:CurrentTime", ["2020-04-01T12:00:00.000Z"], now)
        == .doesNotMatch)
    let tls = ["aws:SecureTransport": ["true"]]
    #expect(try holds("Bool", "aws:SecureTransport", [.bool(true)], tls) == .matches)
    #expect(try holds("Bool", "aws:SecureTransport", ["false"], tls) == .doesNotMatch)
    #expect(
      try holds(
        "BinaryEquals", "key", ["QmluYXJ5VmFsdWVJbkJhc2U2NA=="],
        ["key": ["QmluYXJ5VmFsdWVJbkJhc2U2NA=="]]) == .matches)
    let ip = ["aws:SourceIp": ["203.0.113.7"]]
    #expect(try holds("IpAddress", "aws:SourceIp", ["203.0.113.0/24"], ip) == .matches)
    #expect(
      try holds("IpAddress", "aws:SourceIp", ["203.0.114.0/24", "127.0.0.1"], ip) == .doesNotMatch)
    #expect(try holds("NotIpAddress", "aws:SourceIp", ["203.0.113.0/24"], ip) == .doesNotMatch)
    #expect(
      try holds(
        "IpAddress", "aws:SourceIp", ["2001:DB8:1234:5678::/64"],
        ["aws:SourceIp": ["2001:db8:1234:5678::1"]]) == .matches)
    #expect(
      try holds(
        "IpAddress", "aws:SourceIp", ["2001:DB8:1234:5678::/64"],
        ["aws:SourceIp": ["2001:db8:1234:5679::1"]]) == .doesNotMatch)
    let source = ["aws:SourceArn": ["arn:aws:sns:us-east-1:123456789012:TOPIC-ID"]]
    #expect(
      try holds(
        "ArnEquals", "aws:SourceArn", ["arn:aws:sns:us-east-1:123456789012:TOPIC-ID"], source)
        == .matches)
    #expect(
      try holds("ArnLike", "aws:SourceArn", ["arn:aws:sns:*:123456789012:*"], source) == .matches)
    #expect(
      try holds("ArnLike", "aws:SourceArn", ["arn:aws:sns:*:111122223333:*"], source)
        == .doesNotMatch)
    #expect(try holds("ArnNotLike", "aws:SourceArn", ["arn:aws:sqs:*:*:*"], source) == .matches)
    // An ARN's wildcard stays inside its part: `*` in the region does not swallow the account.
    #expect(
      try holds("ArnLike", "aws:SourceArn", ["arn:aws:sns:*:TOPIC-ID"], source) == .doesNotMatch)
  }

  /// "IAM JSON policy elements: Condition operators", "…IfExists condition operators" and
  /// "Condition operator to check existence of condition keys" (`Null`).
  @Test func ifExistsAndNull() throws {
    let none: [String: [String]] = [:]
    let instance = ["ec2:InstanceType": ["m5.large"]]
    #expect(
      try holds("StringLikeIfExists", "ec2:InstanceType", ["t1.*", "t2.*", "m3.*"], none)
        == .matches)
    #expect(
      try holds("StringLikeIfExists", "ec2:InstanceType", ["t1.*", "t2.*", "m3.*"], instance)
        == .doesNotMatch)
    #expect(try holds("StringLike", "ec2:InstanceType", ["t1.*"], none) == .doesNotMatch)
    // A negated operator matches a missing key (with or without IfExists).
    #expect(try holds("StringNotEquals", "aws:SourceVpce", ["vpce-1a2b3c4d"], none) == .matches)
    #expect(
      try holds("StringNotEqualsIfExists", "aws:SourceVpce", ["vpce-1a2b3c4d"], none) == .matches)
    #expect(try holds("Null", "aws:TokenIssueTime", ["true"], none) == .matches)
    #expect(
      try holds(
        "Null", "aws:TokenIssueTime", [.bool(true)],
        ["aws:TokenIssueTime": ["2024-01-01T00:00:00Z"]]) == .doesNotMatch)
    #expect(
      try holds(
        "Null", "aws:TokenIssueTime", ["false"], ["aws:TokenIssueTime": ["2024-01-01T00:00:00Z"]])
        == .matches)
  }

  /// "Creating a condition with multiple context keys or values": values of one key are
  /// ORed, keys and operators ANDed.
  @Test func multipleKeysAndValues() throws {
    let policy = try evaluatedPolicy(
      """
      {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "iam:*AccessKey*", "Resource": "arn:aws:iam::123456789012:user/*",
         "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"},
                       "DateLessThan": {"aws:CurrentTime": "2020-12-31T23:59:59Z"},
                       "StringEquals": {"aws:PrincipalTag/department": ["finance", "hr", "legal"],
                                        "aws:PrincipalTag/role": ["audit", "security"]}}}]}
      """)
    let set = PolicySet(identity: [policy])
    func call(_ tags: [String: String], at time: String) -> Decision {
      decide(
        .user(arn: "arn:aws:iam::123456789012:user/pat", tags: tags), "iam:CreateAccessKey",
        "arn:aws:iam::123456789012:user/pat", set, keys: ["aws:CurrentTime": [time]])
    }
    #expect(call(["department": "hr", "role": "audit"], at: "2020-06-01T00:00:00Z").isAllowed)
    #expect(!call(["department": "hr", "role": "audit"], at: "2021-06-01T00:00:00Z").isAllowed)
    #expect(!call(["department": "sales", "role": "audit"], at: "2020-06-01T00:00:00Z").isAllowed)
    #expect(!call(["department": "hr"], at: "2020-06-01T00:00:00Z").isAllowed)
  }

  /// "Set operators for multivalued context keys" (`ForAllValues`, `ForAnyValue`), with the
  /// page's `aws:TagKeys` and `dynamodb:Attributes` examples.
  @Test func setOperatorsOnMultivaluedKeys() throws {
    let allowed: [Value] = ["environment", "cost-center"]
    #expect(
      try holds(
        "ForAllValues:StringEquals", "aws:TagKeys", allowed, ["aws:TagKeys": ["environment"]])
        == .matches)
    #expect(
      try holds(
        "ForAllValues:StringEquals", "aws:TagKeys", allowed,
        ["aws:TagKeys": ["environment", "owner"]]) == .doesNotMatch)
    // No value in the request: ForAllValues holds, ForAnyValue does not.
    #expect(try holds("ForAllValues:StringEquals", "aws:TagKeys", allowed, [:]) == .matches)
    #expect(
      try holds("ForAllValues:StringEquals", "aws:TagKeys", allowed, ["aws:TagKeys": []])
        == .matches)
    #expect(try holds("ForAnyValue:StringEquals", "aws:TagKeys", allowed, [:]) == .doesNotMatch)
    #expect(try holds("ForAnyValue:StringEqualsIfExists", "aws:TagKeys", allowed, [:]) == .matches)
    #expect(
      try holds(
        "ForAnyValue:StringEquals", "aws:TagKeys", allowed,
        ["aws:TagKeys": ["owner", "cost-center"]]) == .matches)
    // Negated set operators: every / some request value is in none of the policy's values.
    #expect(
      try holds(
        "ForAllValues:StringNotEquals", "aws:TagKeys", allowed, ["aws:TagKeys": ["owner", "team"]])
        == .matches)
    #expect(
      try holds(
        "ForAllValues:StringNotEquals", "aws:TagKeys", allowed,
        ["aws:TagKeys": ["owner", "environment"]]) == .doesNotMatch)
    #expect(
      try holds(
        "ForAnyValue:StringNotEquals", "aws:TagKeys", allowed,
        ["aws:TagKeys": ["owner", "environment"]]) == .matches)
    let attributes: [Value] = ["ID", "Message", "Tags"]
    #expect(
      try holds(
        "ForAllValues:StringEquals", "dynamodb:Attributes", attributes,
        ["dynamodb:Attributes": ["ID", "Message"]]) == .matches)
    #expect(
      try holds(
        "ForAllValues:StringEquals", "dynamodb:Attributes", attributes,
        ["dynamodb:Attributes": ["ID", "Secret"]]) == .doesNotMatch)
    // A multivalued key under a plain operator: some value must match (negated: none may).
    #expect(
      try holds("StringEquals", "aws:TagKeys", ["owner"], ["aws:TagKeys": ["team", "owner"]])
        == .matches)
    #expect(
      try holds("StringNotEquals", "aws:TagKeys", ["owner"], ["aws:TagKeys": ["team", "owner"]])
        == .doesNotMatch)
  }

  /// "IAM policy elements: Variables and tags": `${aws:username}` in a resource, variables
  /// with a default, the `${*}` escape, and a variable whose key is absent.
  @Test func policyVariables() throws {
    let policy = try evaluatedPolicy(
      """
      {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject",
         "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*"},
        {"Effect": "Allow", "Action": "s3:PutObject",
         "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/${aws:PrincipalTag/team, 'company-wide'}/*"},
        {"Effect": "Allow", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/${*}star"},
        {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket",
         "Condition": {"StringLike": {"s3:prefix": ["home/${aws:username}/*"]}}}]}
      """)
    let set = PolicySet(identity: [policy])
    let alice = user("alice")
    #expect(
      decide(alice, "s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/home/alice/a.txt", set)
        .isAllowed)
    #expect(
      !decide(alice, "s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/home/bob/a.txt", set)
        .isAllowed)
    // A session has no aws:username: the statement matches nothing.
    #expect(
      !decide(session("r"), "s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/home/r/a.txt", set)
        .isAllowed)
    #expect(
      decide(alice, "s3:PutObject", "arn:aws:s3:::amzn-s3-demo-bucket/company-wide/x", set)
        .isAllowed)
    let tagged = RequestPrincipal.user(
      arn: "arn:aws:iam::123456789012:user/t", tags: ["team": "blue"])
    #expect(
      decide(tagged, "s3:PutObject", "arn:aws:s3:::amzn-s3-demo-bucket/blue/x", set).isAllowed)
    #expect(
      !decide(tagged, "s3:PutObject", "arn:aws:s3:::amzn-s3-demo-bucket/company-wide/x", set)
        .isAllowed)
    #expect(
      decide(alice, "s3:DeleteObject", "arn:aws:s3:::amzn-s3-demo-bucket/*star", set).isAllowed)
    #expect(
      !decide(alice, "s3:DeleteObject", "arn:aws:s3:::amzn-s3-demo-bucket/anystar", set).isAllowed)
    #expect(
      decide(
        alice, "s3:ListBucket", "arn:aws:s3:::amzn-s3-demo-bucket", set,
        keys: ["s3:prefix": ["home/alice/"]]
      ).isAllowed)
    #expect(
      !decide(
        alice, "s3:ListBucket", "arn:aws:s3:::amzn-s3-demo-bucket", set,
        keys: ["s3:prefix": ["home/bob/"]]
      ).isAllowed)
    // A value read from the request is literal: a user named "*" gets no wildcard.
    let star = RequestPrincipal.user(arn: "arn:aws:iam::123456789012:user/*")
    #expect(
      !decide(star, "s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/home/alice/a.txt", set)
        .isAllowed)
  }

  /// Version 2008-10-17 has no policy variables ("IAM JSON policy elements: Version").
  @Test func oldVersionReadsVariablesAsText() throws {
    let policy = try evaluatedPolicy(
      """
      {"Version": "2008-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}]}
      """)
    #expect(
      !decide(
        user("alice"), "s3:GetObject", "arn:aws:s3:::b/alice/a", PolicySet(identity: [policy])
      ).isAllowed)
    #expect(
      decide(
        user("alice"), "s3:GetObject", "arn:aws:s3:::b/${aws:username}/a",
        PolicySet(identity: [policy])
      ).isAllowed)
  }

  /// The symbolic mode of `iam review`: nothing is known, every test may hold; an Allow with a
  /// condition allows, a Deny with one does not deny.
  @Test func symbolicModeIsOptimistic() throws {
    #expect(
      ConditionEvaluator.evaluate(
        [Condition(.bool, "aws:SecureTransport", ["false"])], UnknownContext())
        == .mayMatch)
    #expect(ConditionEvaluator.evaluate([], UnknownContext()) == .matches)
    let evaluator = PolicyEvaluator(statements: [
      allow(
        ["s3:GetObject"], on: ["*"], conditions: [Condition(.bool, "aws:SecureTransport", ["true"])]
      ),
      Statement(
        effect: .deny, actions: .actions(["s3:*"]), resources: .any,
        conditions: [Condition(.bool, "aws:SecureTransport", ["false"])]),
    ])
    #expect(evaluator.allows("s3:GetObject", on: "arn:aws:s3:::b/k"))
    let decision = evaluator.decision("s3:GetObject", on: "arn:aws:s3:::b/k")
    #expect(decision.statement?.index == 0 && decision.statement?.effect == .allow)
  }
}

/// Timestamps written without a formatter agree with Foundation's.
@Suite struct UTCTimestampTests {
  @Test func agreesWithISO8601DateFormatter() {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    for seconds in [0, 951_782_400, 1_582_934_399, 1_735_689_599, 4_102_444_800, -86_401] {
      let date = Date(timeIntervalSince1970: TimeInterval(seconds))
      #expect(UTCTimestamp.iso8601(date) == formatter.string(from: date), "\(seconds)")
    }
    #expect(
      UTCTimestamp.iso8601(Date(timeIntervalSince1970: 1.25), milliseconds: true)
        == "1970-01-01T00:00:01.250Z")
  }
}
