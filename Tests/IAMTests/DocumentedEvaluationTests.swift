import CloudFormation
import Testing

@testable import IAM

/// The evaluation core against the examples of AWS's IAM User Guide; each test names the page
/// its example comes from.
@Suite struct DocumentedEvaluationTests {
  /// "Policy evaluation logic", section "Example identity-based and resource-based policy
  /// evaluation": Carlos's identity policy and his bucket's policy.
  @Test func carlosExampleOfPolicyEvaluationLogic() throws {
    let identity = try evaluatedPolicy(
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "AllowS3ListRead", "Effect": "Allow",
         "Action": ["s3:GetBucketLocation", "s3:GetAccountPublicAccessBlock", "s3:ListAccessPoints",
                    "s3:ListAllMyBuckets"],
         "Resource": "arn:aws:s3:::*"},
        {"Sid": "AllowS3Self", "Effect": "Allow", "Action": "s3:*",
         "Resource": ["arn:aws:s3:::carlossalazar/*", "arn:aws:s3:::carlossalazar"]},
        {"Sid": "DenyS3Logs", "Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::*log*"}
      ]}
      """, name: "user/carlossalazar/policy")
    let bucketPolicy = try evaluatedPolicy(
      """
      {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:user/carlossalazar"},
         "Action": "s3:*",
         "Resource": ["arn:aws:s3:::carlossalazar/*", "arn:aws:s3:::carlossalazar"]}
      ]}
      """, .resource, name: "bucket policy of carlossalazar")
    let carlos = user("carlossalazar")
    let logs = decide(
      carlos, "s3:PutObject", "arn:aws:s3:::carlossalazar-logs/today.log",
      PolicySet(identity: [identity]))
    #expect(logs.outcome == .explicitDeny)
    #expect(logs.statement?.sid == "DenyS3Logs")
    #expect(
      logs.message(
        principal: carlos, action: "s3:PutObject",
        resource: "arn:aws:s3:::carlossalazar-logs/today.log")
        == "User: arn:aws:iam::123456789012:user/carlossalazar is not authorized to perform: "
        + "s3:PutObject on resource: arn:aws:s3:::carlossalazar-logs/today.log "
        + "with an explicit deny in an identity-based policy")
    let own = decide(
      carlos, "s3:PutObject", "arn:aws:s3:::carlossalazar/file.txt",
      PolicySet(identity: [identity], resource: bucketPolicy))
    #expect(own.isAllowed)
    // "If one of the policy types allows the request and the other doesn't, the request is
    // still allowed": the bucket policy alone, then the identity policy alone.
    #expect(
      decide(
        carlos, "s3:PutObject", "arn:aws:s3:::carlossalazar/file.txt",
        PolicySet(resource: bucketPolicy)
      ).isAllowed)
    #expect(
      decide(
        carlos, "s3:PutObject", "arn:aws:s3:::carlossalazar/file.txt",
        PolicySet(identity: [identity])
      ).isAllowed)
  }

  /// "Policy evaluation logic", section "The difference between explicit and implicit denies".
  @Test func explicitAndImplicitDenies() throws {
    let policy = try evaluatedPolicy(
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "AllowGetList", "Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*"},
        {"Sid": "DenyReports", "Effect": "Deny", "Action": "iam:*Report", "Resource": "*"}
      ]}
      """)
    let alice = user("alice")
    let set = PolicySet(identity: [policy])
    let get = decide(alice, "iam:GetUser", "arn:aws:iam::123456789012:user/bob", set)
    #expect(get.isAllowed && get.statement?.sid == "AllowGetList")
    let create = decide(alice, "iam:CreatePolicy", "arn:aws:iam::123456789012:policy/p", set)
    #expect(create.outcome == .implicitDeny && create.missing == .identity)
    #expect(
      create.message(
        principal: alice, action: "iam:CreatePolicy", resource: "arn:aws:iam::123456789012:policy/p"
      )
        == "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: "
        + "iam:CreatePolicy on resource: arn:aws:iam::123456789012:policy/p because no "
        + "identity-based policy allows the iam:CreatePolicy action")
    let report = decide(alice, "iam:GetCredentialReport", "*", set)
    #expect(report.outcome == .explicitDeny && report.statement?.sid == "DenyReports")
    #expect(decide(alice, "iam:GenerateCredentialReport", "*", set).outcome == .explicitDeny)
    // Action names are case-insensitive.
    #expect(decide(alice, "IAM:getuser", "*", set).isAllowed)
  }

  /// "IAM JSON policy elements: NotAction": everything but IAM, and the MFA deny with
  /// `BoolIfExists`.
  @Test func notActionExamples() throws {
    let allButIAM = try evaluatedPolicy(
      """
      {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}
      ]}
      """)
    let alice = user("alice")
    #expect(
      decide(alice, "s3:GetObject", "arn:aws:s3:::b/k", PolicySet(identity: [allButIAM])).isAllowed)
    #expect(
      decide(alice, "iam:CreateUser", "*", PolicySet(identity: [allButIAM])).missing == .identity)
    let mfa = try evaluatedPolicy(
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "AllowAll", "Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Sid": "DenyAllUsersNotUsingMFA", "Effect": "Deny", "NotAction": "iam:*", "Resource": "*",
         "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}
      ]}
      """)
    let set = PolicySet(identity: [mfa])
    // Long-term keys: the key is absent, so BoolIfExists holds and the deny applies.
    let noKey = decide(alice, "s3:ListBucket", "arn:aws:s3:::b", set)
    #expect(noKey.outcome == .explicitDeny && noKey.statement?.sid == "DenyAllUsersNotUsingMFA")
    #expect(
      decide(
        alice, "s3:ListBucket", "arn:aws:s3:::b", set,
        keys: ["aws:MultiFactorAuthPresent": ["false"]]
      )
      .outcome == .explicitDeny)
    #expect(
      decide(
        alice, "s3:ListBucket", "arn:aws:s3:::b", set,
        keys: ["aws:MultiFactorAuthPresent": ["true"]]
      )
      .isAllowed)
    // IAM actions are outside NotAction: allowed without MFA.
    #expect(decide(alice, "iam:ChangePassword", "*", set).isAllowed)
  }

  /// "IAM JSON policy elements: NotResource": deny every S3 resource but the payroll folder.
  @Test func notResourceExample() throws {
    let policy = try evaluatedPolicy(
      """
      {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
        {"Effect": "Deny", "Action": "s3:*",
         "NotResource": ["arn:aws:s3:::HRBucket/Payroll", "arn:aws:s3:::HRBucket/Payroll/*"]}
      ]}
      """)
    let set = PolicySet(identity: [policy])
    let payroll = decide(user("hr"), "s3:GetObject", "arn:aws:s3:::HRBucket/Payroll/june.csv", set)
    #expect(payroll.isAllowed && payroll.statement?.index == 0)
    let other = decide(user("hr"), "s3:GetObject", "arn:aws:s3:::HRBucket/Other/x", set)
    #expect(other.outcome == .explicitDeny && other.statement?.index == 1)
  }

  /// "IAM JSON policy elements: Resource": wildcards within ARN segments, `?`, and ARNs
  /// compared case-sensitively.
  @Test func resourceWildcards() throws {
    let policy = try evaluatedPolicy(
      """
      {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"},
        {"Effect": "Allow", "Action": "dynamodb:Query",
         "Resource": "arn:aws:dynamodb:*:123456789012:table/Results-??"},
        {"Effect": "Allow", "Action": "logs:PutLogEvents",
         "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/*:*"}
      ]}
      """)
    let set = PolicySet(identity: [policy])
    let bob = user("bob")
    #expect(decide(bob, "s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/a/b.jpg", set).isAllowed)
    #expect(!decide(bob, "s3:GetObject", "arn:aws:s3:::AMZN-S3-DEMO-BUCKET/a.jpg", set).isAllowed)
    #expect(!decide(bob, "s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket", set).isAllowed)
    #expect(
      decide(bob, "dynamodb:Query", "arn:aws:dynamodb:eu-west-1:123456789012:table/Results-42", set)
        .isAllowed)
    #expect(
      !decide(
        bob, "dynamodb:Query", "arn:aws:dynamodb:eu-west-1:123456789012:table/Results-420", set
      )
      .isAllowed)
    #expect(
      decide(
        bob, "logs:PutLogEvents",
        "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/detect:log-stream:2024/01/01",
        set
      ).isAllowed)
  }

  /// "Permissions boundaries for IAM entities": ShirleyRodriguez's boundary allows S3,
  /// CloudWatch and EC2 only, so her identity policy's `iam:CreateUser` is denied; a resource
  /// policy naming her user ARN is not limited by the boundary.
  @Test func permissionsBoundaryExample() throws {
    let boundary = try evaluatedPolicy(
      """
      {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:*", "cloudwatch:*", "ec2:*"], "Resource": "*"}
      ]}
      """, .permissionsBoundary, name: "boundary")
    let identity = try evaluatedPolicy(
      """
      {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["iam:CreateUser", "s3:GetObject"], "Resource": "*"}
      ]}
      """)
    let shirley = user("ShirleyRodriguez")
    let set = PolicySet(identity: [identity], permissionsBoundary: boundary)
    let create = decide(shirley, "iam:CreateUser", "arn:aws:iam::123456789012:user/x", set)
    #expect(create.outcome == .implicitDeny && create.missing == .permissionsBoundary)
    #expect(
      create.message(
        principal: shirley, action: "iam:CreateUser", resource: "arn:aws:iam::123456789012:user/x"
      )
      .hasSuffix("because no permissions boundary allows the iam:CreateUser action"))
    #expect(decide(shirley, "s3:GetObject", "arn:aws:s3:::b/k", set).isAllowed)
    // The boundary alone grants nothing.
    #expect(
      decide(shirley, "ec2:RunInstances", "*", set).missing == .identity)
    let secretPolicy = try evaluatedPolicy(
      """
      {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:user/ShirleyRodriguez"},
         "Action": "secretsmanager:GetSecretValue", "Resource": "*"}
      ]}
      """, .resource, name: "secret policy")
    var withResource = set
    withResource.resource = secretPolicy
    #expect(
      decide(
        shirley, "secretsmanager:GetSecretValue",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:s", withResource
      )
      .isAllowed)
    // An explicit deny in the boundary wins over everything.
    let denying = try evaluatedPolicy(
      """
      {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "Deny", "Action": "secretsmanager:*", "Resource": "*"}
      ]}
      """, .permissionsBoundary, name: "boundary")
    withResource.permissionsBoundary = denying
    let denied = decide(
      shirley, "secretsmanager:GetSecretValue",
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:s", withResource)
    #expect(denied.outcome == .explicitDeny && denied.statement?.kind == .permissionsBoundary)
  }

  /// "Policy evaluation logic", "Determining whether a request is allowed or denied within an
  /// account": a resource policy naming the role ARN is limited by the session policy; naming
  /// the session ARN is not; a session policy limits the role's identity policies.
  @Test func sessionPoliciesAndResourcePolicyPrincipals() throws {
    let identity = try evaluatedPolicy(
      """
      {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
      """)
    let sessionPolicy = try evaluatedPolicy(
      """
      {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
      """, .session, name: "session policy")
    let caller = session("examplerole", "examplerolesessionname")
    #expect(
      caller.arn == "arn:aws:sts::123456789012:assumed-role/examplerole/examplerolesessionname")
    let set = PolicySet(identity: [identity], session: sessionPolicy)
    #expect(decide(caller, "s3:GetObject", "arn:aws:s3:::b/k", set).isAllowed)
    let put = decide(caller, "s3:PutObject", "arn:aws:s3:::b/k", set)
    #expect(put.outcome == .implicitDeny && put.missing == .session)
    func bucketPolicy(_ principal: String) throws -> EvaluatedPolicy {
      try evaluatedPolicy(
        """
        {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": {"AWS": "\(principal)"}, "Action": "s3:PutObject",
           "Resource": "arn:aws:s3:::b/*"}]}
        """, .resource, name: "bucket policy of b")
    }
    var byRole = PolicySet(session: sessionPolicy)
    byRole.resource = try bucketPolicy("arn:aws:iam::123456789012:role/examplerole")
    #expect(decide(caller, "s3:PutObject", "arn:aws:s3:::b/k", byRole).missing == .session)
    var bySession = byRole
    bySession.resource = try bucketPolicy(caller.arn)
    let direct = decide(caller, "s3:PutObject", "arn:aws:s3:::b/k", bySession)
    #expect(direct.isAllowed && direct.statement?.kind == .resource)
    // The role ARN without a session policy or boundary: allowed with no identity policy.
    var roleOnly = PolicySet()
    roleOnly.resource = try bucketPolicy("arn:aws:iam::123456789012:role/examplerole")
    #expect(decide(caller, "s3:PutObject", "arn:aws:s3:::b/k", roleOnly).isAllowed)
    // The account delegates: its identity policies must allow.
    var byAccount = PolicySet()
    byAccount.resource = try bucketPolicy("arn:aws:iam::123456789012:root")
    #expect(decide(caller, "s3:PutObject", "arn:aws:s3:::b/k", byAccount).missing == .identity)
    byAccount.identity = [identity]
    #expect(decide(caller, "s3:PutObject", "arn:aws:s3:::b/k", byAccount).isAllowed)
    // Another role's session is not named.
    #expect(
      decide(session("other"), "s3:PutObject", "arn:aws:s3:::b/k", roleOnly).missing == .identity)
  }

  /// "Cross-account policy evaluation logic": the identity side and the resource policy must
  /// both allow; the resource policy naming the other account is enough on its side.
  @Test func crossAccountRequestsNeedBothSides() throws {
    let identity = try evaluatedPolicy(
      """
      {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}
      """)
    let queuePolicy = try evaluatedPolicy(
      """
      {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "sqs:SendMessage",
         "Resource": "arn:aws:sqs:us-east-1:444455556666:q"}]}
      """, .resource, name: "queue policy of q")
    let queue = "arn:aws:sqs:us-east-1:444455556666:q"
    let caller = session("sender")
    #expect(
      decide(
        caller, "sqs:SendMessage", queue, PolicySet(identity: [identity]),
        resourceAccount: "444455556666"
      )
      .missing == .resource)
    #expect(
      decide(
        caller, "sqs:SendMessage", queue, PolicySet(resource: queuePolicy),
        resourceAccount: "444455556666"
      )
      .missing == .identity)
    #expect(
      decide(
        caller, "sqs:SendMessage", queue, PolicySet(identity: [identity], resource: queuePolicy),
        resourceAccount: "444455556666"
      ).isAllowed)
  }

  /// "Key policies in AWS KMS", "Default key policy": the statement trusting the account lets
  /// IAM policies grant; without it an identity policy alone grants nothing.
  @Test func kmsKeyPolicyMustAllow() throws {
    let identity = try evaluatedPolicy(
      """
      {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}
      """)
    let key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    let defaultKeyPolicy = try evaluatedPolicy(
      """
      {"Version": "2012-10-17", "Id": "key-default-1", "Statement": [
        {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
         "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "kms:*", "Resource": "*"}]}
      """, .resource, name: "key policy")
    let keyAdminsOnly = try evaluatedPolicy(
      """
      {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/KeyAdmin"},
         "Action": "kms:*", "Resource": "*"}]}
      """, .resource, name: "key policy")
    let caller = session("App")
    #expect(
      decide(
        caller, "kms:Decrypt", key,
        PolicySet(identity: [identity], resource: defaultKeyPolicy, resourcePolicyRequired: true)
      ).isAllowed)
    let denied = decide(
      caller, "kms:Decrypt", key,
      PolicySet(identity: [identity], resource: keyAdminsOnly, resourcePolicyRequired: true))
    #expect(denied.outcome == .implicitDeny && denied.missing == .resource)
    #expect(
      denied.message(principal: caller, action: "kms:Decrypt", resource: key)
        .hasSuffix("because no resource-based policy allows the kms:Decrypt action"))
    #expect(
      decide(
        session("KeyAdmin"), "kms:Decrypt", key,
        PolicySet(resource: keyAdminsOnly, resourcePolicyRequired: true)
      ).isAllowed)
  }

  /// "The confused deputy problem" and "Amazon SQS policy examples": a queue policy lets
  /// EventBridge send only for the rule named in `aws:SourceArn`.
  @Test func servicePrincipalWithSourceArn() throws {
    let queuePolicy = try evaluatedPolicy(
      """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "AllowRule", "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
         "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:123456789012:work",
         "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:events:us-east-1:123456789012:rule/fleet-*"},
                       "StringEquals": {"aws:SourceAccount": "123456789012"}}}]}
      """, .resource, name: "queue policy of work")
    let queue = "arn:aws:sqs:us-east-1:123456789012:work"
    let events = RequestPrincipal.service("events.amazonaws.com")
    let set = PolicySet(resource: queuePolicy)
    let good = decide(
      events, "sqs:SendMessage", queue, set,
      keys: [
        "aws:SourceArn": ["arn:aws:events:us-east-1:123456789012:rule/fleet-route"],
        "aws:SourceAccount": ["123456789012"],
      ])
    #expect(good.isAllowed && good.statement?.sid == "AllowRule")
    let otherRule = decide(
      events, "sqs:SendMessage", queue, set,
      keys: [
        "aws:SourceArn": ["arn:aws:events:us-east-1:123456789012:rule/other"],
        "aws:SourceAccount": ["123456789012"],
      ])
    #expect(otherRule.outcome == .implicitDeny && otherRule.missing == .resource)
    #expect(
      otherRule.message(principal: events, action: "sqs:SendMessage", resource: queue)
        == "Service: events.amazonaws.com is not authorized to perform: sqs:SendMessage on "
        + "resource: arn:aws:sqs:us-east-1:123456789012:work because no resource-based policy "
        + "allows the sqs:SendMessage action")
    #expect(
      !decide(
        RequestPrincipal.service("sns.amazonaws.com"), "sqs:SendMessage", queue, set,
        keys: [
          "aws:SourceArn": ["arn:aws:events:us-east-1:123456789012:rule/fleet-route"],
          "aws:SourceAccount": ["123456789012"],
        ]
      ).isAllowed)
  }

  /// "AWS JSON policy elements: NotPrincipal": a Deny with NotPrincipal leaves a role session
  /// out only when the session ARN, the role ARN and the account are all listed.
  @Test func notPrincipalNeedsEveryIdentityOfTheSession() throws {
    func bucketPolicy(_ listed: [String]) throws -> EvaluatedPolicy {
      let names = listed.map { "\"\($0)\"" }.joined(separator: ", ")
      return try evaluatedPolicy(
        """
        {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
          {"Effect": "Deny", "NotPrincipal": {"AWS": [\(names)]}, "Action": "s3:*",
           "Resource": "arn:aws:s3:::b/*"}]}
        """, .resource, name: "bucket policy of b")
    }
    let caller = session("cross-account-read-only-role", "session-name")
    let all = try bucketPolicy([
      "arn:aws:sts::123456789012:assumed-role/cross-account-read-only-role/session-name",
      "arn:aws:iam::123456789012:role/cross-account-read-only-role",
      "arn:aws:iam::123456789012:root",
    ])
    #expect(decide(caller, "s3:GetObject", "arn:aws:s3:::b/k", PolicySet(resource: all)).isAllowed)
    let roleOnly = try bucketPolicy(["arn:aws:iam::123456789012:role/cross-account-read-only-role"])
    #expect(
      decide(caller, "s3:GetObject", "arn:aws:s3:::b/k", PolicySet(resource: roleOnly)).outcome
        == .explicitDeny)
  }
}
