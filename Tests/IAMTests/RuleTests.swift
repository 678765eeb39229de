import CloudFormation
import Testing

@testable import IAM

/// Each rule fires on a policy built to trigger it, at the statement that triggers it, and
/// stays quiet on its near miss.
@Suite struct RuleTests {
  let catalog: IAMCatalog
  init() throws { catalog = try IAMCatalog.bundled() }

  func run(_ rule: some ReviewRule, _ role: Role, account: String? = nil) -> [Finding] {
    rule.findings(in: RoleContext(role: role, catalog: catalog, accountID: account))
  }

  /// A role whose statement 0 is harmless and statement 1 is `statement`.
  func roleWith(_ statement: Statement) -> Role {
    role("R", [allow(["rekognition:DetectFaces"]), statement])
  }

  let second = StatementLocation(role: "R", policy: "Policy", index: 1)

  @Test func privilegeEscalation() {
    let rule = PrivilegeEscalationRule()
    let fired = run(
      rule,
      role(
        "R",
        [
          allow(["rekognition:DetectFaces"]),
          allow(["iam:PassRole"], on: ["arn:aws:iam::123456789012:role/worker"]),
          allow(
            ["lambda:CreateFunction", "lambda:InvokeFunction"],
            on: ["arn:aws:lambda:eu-west-1:123456789012:function:*"]),
        ]))
    #expect(
      fired.map(\.message) == [
        "the role can escalate its privileges with iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction"
      ])
    #expect(fired.first?.location == second)
    #expect(fired.first?.severity == .error)
    // Near miss: without lambda:InvokeFunction the combination is incomplete.
    #expect(
      run(
        rule,
        role(
          "R",
          [
            allow(["iam:PassRole"], on: ["arn:aws:iam::123456789012:role/worker"]),
            allow(
              ["lambda:CreateFunction"], on: ["arn:aws:lambda:eu-west-1:123456789012:function:*"]),
          ])) == [])
    #expect(
      run(
        rule,
        roleWith(allow(["iam:CreatePolicyVersion"], on: ["arn:aws:iam::123456789012:policy/p"]))
      ).map(\.message) == ["the role can escalate its privileges with iam:CreatePolicyVersion"])
    #expect(
      run(rule, roleWith(allow(["iam:AttachRolePolicy"], on: ["arn:aws:iam::123456789012:role/r"])))
        .count == 1)
    #expect(
      run(rule, roleWith(allow(["iam:Put*Policy"], on: ["arn:aws:iam::123456789012:role/r"]))).count
        == 3)
    #expect(
      run(rule, roleWith(allow(["sts:AssumeRole"]))).map(\.message) == [
        "sts:AssumeRole on every role lets the role take any role that trusts its account"
      ])
    #expect(
      run(rule, roleWith(allow(["sts:AssumeRole"], on: ["arn:aws:iam::123456789012:role/reader"])))
        == [])
    #expect(
      run(rule, roleWith(allow(["iam:GetRole"], on: ["arn:aws:iam::123456789012:role/r"]))) == [])
  }

  @Test func passRoleUnscoped() {
    let rule = PassRoleUnscopedRule()
    let fired = run(rule, roleWith(allow(["iam:PassRole"])))
    #expect(
      fired.map(\.message) == [
        "iam:PassRole on '*' without an iam:PassedToService condition lets the role pass any role"
      ])
    #expect(fired.first?.location == second)
    #expect(
      run(
        rule,
        roleWith(
          allow(
            ["iam:PassRole"],
            conditions: [Condition(.stringEquals, "iam:PassedToService", ["lambda.amazonaws.com"])])
        )) == [])
    #expect(run(rule, roleWith(allow(["iam:PassRole"], on: [.getAtt("WorkerRole", "Arn")]))) == [])
    #expect(
      run(rule, roleWith(allow(["iam:PassRole"], on: ["arn:aws:iam::123456789012:role/*"]))).count
        == 1)
  }

  @Test func credentialsExposure() {
    let rule = CredentialsExposureRule()
    let fired = run(
      rule, roleWith(allow(["iam:CreateAccessKey", "sts:GetSessionToken"], on: ["*"])))
    #expect(
      fired.map(\.message) == [
        "iam:CreateAccessKey, sts:GetSessionToken can return credentials, keys or tokens"
      ])
    #expect(fired.first?.location == second)
    #expect(
      run(rule, roleWith(allow(["iam:ListAccessKeys"], on: ["arn:aws:iam::123456789012:user/u"])))
        == [])
    #expect(
      run(rule, roleWith(allow(["sts:AssumeRole"], on: ["arn:aws:iam::123456789012:role/reader"])))
        == [])
  }

  @Test func dataExfiltration() {
    let rule = DataExfiltrationRule()
    let fired = run(
      rule,
      roleWith(
        allow(["s3:GetObject", "secretsmanager:GetSecretValue", "ssm:GetParameter*", "kms:Decrypt"])
      ))
    #expect(
      fired.map(\.message) == [
        "kms:Decrypt, s3:GetObject, secretsmanager:GetSecretValue, ssm:GetParameter, ssm:GetParameterHistory and 2 more on every resource can read data the role does not own"
      ])
    #expect(fired.first?.location == second)
    #expect(run(rule, roleWith(allow(["s3:GetObject"], on: ["arn:aws:s3:::*/*"]))).count == 1)
    #expect(
      run(
        rule,
        roleWith(
          allow(["s3:GetObject"], on: [.sub("arn:${AWS::Partition}:s3:::${Bucket}/input/*")])))
        == [])
    #expect(run(rule, roleWith(allow(["s3:GetObject"], on: ["arn:aws:s3:::images/input/*"]))) == [])
  }

  @Test func resourceExposure() {
    let rule = ResourceExposureRule()
    let fired = run(rule, roleWith(allow(["s3:PutBucketPolicy"], on: ["arn:aws:s3:::images"])))
    #expect(
      fired.map(\.message) == [
        "permissions-management actions s3:PutBucketPolicy can change who may access resources"
      ])
    #expect(fired.first?.location == second)
    #expect(run(rule, roleWith(allow(["s3:GetBucketPolicy"], on: ["arn:aws:s3:::images"]))) == [])
    #expect(
      run(rule, roleWith(allow(["iam:PassRole"], on: ["arn:aws:iam::123456789012:role/r"]))) == [])
  }

  @Test func infrastructureModification() {
    let rule = InfrastructureModificationRule()
    let fired = run(rule, roleWith(allow(["dynamodb:DeleteTable", "lambda:DeleteFunction"])))
    #expect(
      fired.map(\.message) == [
        "write actions dynamodb:DeleteTable, lambda:DeleteFunction on every resource can modify infrastructure the role does not own"
      ])
    #expect(fired.first?.location == second)
    // Write actions that support only "*" are not flagged.
    #expect(
      run(rule, roleWith(allow(["xray:PutTraceSegments", "cloudwatch:PutMetricData"]))) == [])
    #expect(run(rule, roleWith(allow(["dynamodb:PutItem"], on: [.getAtt("Table", "Arn")]))) == [])
  }

  @Test func serviceWildcard() {
    let rule = ServiceWildcardRule()
    #expect(
      run(rule, roleWith(allow(["s3:*"]))).map(\.message) == [
        "action 's3:*' grants every action of the service, present and future"
      ])
    #expect(
      run(rule, roleWith(allow(["*"]))).map(\.message) == [
        "action '*' grants every action of every service"
      ])
    #expect(run(rule, roleWith(allow(["s3:*"]))).first?.location == second)
    #expect(run(rule, roleWith(allow(["s3:Get*"], on: ["arn:aws:s3:::b/*"]))) == [])
    #expect(
      run(rule, roleWith(Statement(effect: .deny, actions: .actions(["s3:*"]), resources: .any)))
        == [])
  }

  @Test func allowWithNot() {
    let rule = AllowWithNotElementRule()
    let fired = run(
      rule,
      roleWith(
        Statement(
          effect: .allow, actions: .notActions(["iam:*"]),
          resources: .notResources(["arn:aws:s3:::secret/*"]))))
    #expect(
      fired.map(\.message) == [
        "allow with NotAction grants every action except those listed, new ones included",
        "allow with NotResource grants every resource except those listed, new ones included",
      ])
    #expect(fired.allSatisfy { $0.location == second })
    #expect(
      run(
        rule, roleWith(Statement(effect: .deny, actions: .notActions(["iam:*"]), resources: .any)))
        == [])
  }

  @Test func trustExternalPrincipal() {
    let rule = TrustExternalPrincipalRule()
    func trusting(_ principal: Principal) -> Role {
      Role(
        name: "R",
        trustPolicy: PolicyDocument(statements: [
          Statement(
            principal: .services(["lambda.amazonaws.com"]), actions: .actions(["sts:AssumeRole"])),
          Statement(principal: principal, actions: .actions(["sts:AssumeRole"])),
        ]))
    }
    let fired = run(rule, trusting(.any))
    #expect(fired.map(\.message) == ["any principal ('*') may assume the role"])
    #expect(
      fired.first?.location
        == StatementLocation(role: "R", policy: "AssumeRolePolicyDocument", index: 1))
    #expect(
      run(
        rule, trusting(.entries([.aws: ["arn:aws:iam::999999999999:root"]])),
        account: "123456789012"
      ).map(\.message) == [
        "principal 'arn:aws:iam::999999999999:root' of account 999999999999 may assume the role"
      ])
    #expect(
      run(
        rule, trusting(.entries([.aws: ["arn:aws:iam::123456789012:root"]])),
        account: "123456789012") == [])
    #expect(
      run(
        rule,
        trusting(.entries([.aws: [.sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")]])))
        == [])
  }

  @Test func trustConfusedDeputy() {
    let rule = TrustConfusedDeputyRule()
    let bare = Role(name: "R", trustPolicy: .trust(services: ["states.amazonaws.com"]))
    let fired = run(rule, bare)
    #expect(
      fired.map(\.message) == [
        "service principal states.amazonaws.com may assume the role without an aws:SourceArn or aws:SourceAccount condition"
      ])
    #expect(
      fired.first?.location
        == StatementLocation(role: "R", policy: "AssumeRolePolicyDocument", index: 0))
    let conditioned = Role(
      name: "R",
      trustPolicy: .trust(
        services: ["states.amazonaws.com"],
        conditions: [Condition(.stringEquals, "aws:SourceAccount", [.ref(.accountId)])]))
    #expect(run(rule, conditioned) == [])
    // Lambda's execution-role trust is conventionally unconditioned.
    #expect(
      run(rule, Role(name: "R", trustPolicy: .trust(services: ["lambda.amazonaws.com"]))) == [])
  }

  @Test func unscopedResources() {
    for text in [
      "*", "arn:aws:s3:::*", "arn:aws:s3:::*/*", "arn:*:kms:*:*:key/*",
      "arn:aws:dynamodb:eu-west-1:123456789012:table/*", "arn:aws:secretsmanager:*:*:secret:*",
    ] {
      #expect(RoleContext.isUnscopedARN(text, catalog: catalog), "\(text)")
    }
    for text in [
      "arn:aws:s3:::images/*", "arn:aws:s3:::images",
      "arn:aws:dynamodb:eu-west-1:123456789012:table/T", "arn:aws:kms:*:*:key/abc",
    ] {
      #expect(!RoleContext.isUnscopedARN(text, catalog: catalog), "\(text)")
    }
  }

  @Test func everyActionTheRulesNameExists() {
    var names =
      PrivilegeEscalationRule.combinations.flatMap { $0 } + CredentialsExposureRule.actions
      + DataExfiltrationRule.actions
    names += CoverageAllowList.default.entries.keys
    #expect(names.filter { catalog.action($0) == nil } == [])
  }

  @Test func ruleIDsAreUniqueAndKebabCase() {
    let ids = ReviewRules.all.map(\.id)
    #expect(Set(ids).count == ids.count)
    #expect(ids.allSatisfy { $0.allSatisfy { $0.isLowercase || $0 == "-" } })
  }

  @Test func acknowledgementsSuppressAndAreReported() throws {
    let reviewer = IAMReviewer(catalog: catalog)
    let risky = role("R", [allow(["s3:PutBucketPolicy"], on: ["arn:aws:s3:::images"])])
    let open = reviewer.review(roles: [risky])
    #expect(open.roles[0].findings.map(\.ruleID) == ["resource-exposure"])
    #expect(open.fails(at: .warning) && !open.fails(at: .error))
    let acknowledged = reviewer.review(
      roles: [risky],
      acknowledgements: [
        Acknowledgement(
          rule: "resource-exposure", role: "R", reason: "the role manages the bucket policy"),
        Acknowledgement(rule: "service-wildcard", role: "R", reason: "stale"),
      ])
    #expect(acknowledged.roles[0].findings == [])
    #expect(
      acknowledged.roles[0].acknowledged.map(\.reason) == ["the role manages the bucket policy"])
    #expect(acknowledged.unusedAcknowledgements.map(\.rule) == ["service-wildcard"])
    #expect(!acknowledged.fails(at: .warning))
    let noReason = reviewer.review(
      roles: [risky],
      acknowledgements: [Acknowledgement(rule: "resource-exposure", role: "R", reason: " ")])
    #expect(noReason.roles[0].findings.count == 1)
    let otherRole = reviewer.review(
      roles: [risky],
      acknowledgements: [Acknowledgement(rule: "resource-exposure", role: "S", reason: "x")])
    #expect(otherRole.roles[0].findings.count == 1)
  }
}
