import CloudFormation
import IAM
import Testing

@testable import StackDiff

private func role(_ statements: [Value], trust: Value = "lambda.amazonaws.com") -> Template {
  Template(resources: [
    "DetectRole": Resource(
      type: "AWS::IAM::Role",
      properties: [
        "AssumeRolePolicyDocument": [
          "Statement": [
            ["Effect": "Allow", "Principal": ["Service": trust], "Action": "sts:AssumeRole"]
          ]
        ],
        "Policies": [["PolicyName": "detect", "PolicyDocument": ["Statement": .list(statements)]]],
      ])
  ])
}

private func statement(
  _ actions: Value, _ resource: Value = "*", effect: String = "Allow", condition: Value? = nil
) -> Value {
  var map: OrderedMap<Value> = ["Effect": .string(effect), "Action": actions, "Resource": resource]
  map["Condition"] = condition
  return .map(map)
}

@Test func narrowerStatementDoesNotBroaden() throws {
  let old = role([statement("s3:*", "arn:aws:s3:::images/*")])
  let new = role([
    statement("s3:*", "arn:aws:s3:::images/*"),
    statement("s3:GetObject", "arn:aws:s3:::images/input/*"),
  ])
  let report = TemplateDiffer().diff(from: old, to: new)
  #expect(report.iamStatements.count == 1)
  #expect(report.iamStatements.first?.broadens == false)
  #expect(!report.broadensAccess)
}

@Test func widerResourceBroadens() throws {
  let old = role([statement("s3:GetObject", "arn:aws:s3:::images/input/*")])
  let new = role([statement("s3:GetObject", "arn:aws:s3:::images/*")])
  let report = TemplateDiffer().diff(from: old, to: new)
  #expect(report.iamStatements.map(\.kind) == [.removed, .added])
  #expect(report.iamStatements.map(\.broadens) == [false, true])
}

@Test func droppedConditionBroadensAndRemovedDenyBroadens() throws {
  let condition: Value = ["StringEquals": ["aws:SourceAccount": .ref("AWS::AccountId")]]
  let old = role([
    statement("sqs:SendMessage", condition: condition),
    statement("s3:DeleteObject", effect: "Deny"),
  ])
  let new = role([statement("sqs:SendMessage")])
  let report = TemplateDiffer().diff(from: old, to: new)
  let added = report.iamStatements.filter { $0.kind == .added }
  let removedDeny = report.iamStatements.first { $0.kind == .removed && $0.effect == "Deny" }
  #expect(added.count == 1 && added[0].broadens)
  #expect(removedDeny?.broadens == true)
  #expect(
    report.iamStatements.first { $0.kind == .removed && $0.effect == "Allow" }?.conditions == [
      "StringEquals aws:SourceAccount=${AWS::AccountId}"
    ])
}

@Test func trustPolicyAndManagedPolicyChangesAreReported() throws {
  var new = role([], trust: ["lambda.amazonaws.com", "states.amazonaws.com"])
  new.resources["DetectRole"]?.properties["ManagedPolicyArns"] = [
    "arn:aws:iam::aws:policy/AdministratorAccess"
  ]
  let report = TemplateDiffer().diff(from: role([]), to: new)
  let documents = report.iamStatements.map { "\($0.kind.rawValue) \($0.document) \($0.broadens)" }
  #expect(
    documents == [
      "removed AssumeRolePolicyDocument false", "added AssumeRolePolicyDocument true",
      "added ManagedPolicyArns true",
    ])
  #expect(
    report.iamStatements[1].principals == [
      "Service:lambda.amazonaws.com", "Service:states.amazonaws.com",
    ])
  #expect(report.iamStatements[1].policyKind == .trust)
}

@Test func policyWrittenAsJSONStringComparesAsDocument() throws {
  let asMap = Template(resources: [
    "P": Resource(
      type: "AWS::SQS::QueuePolicy",
      properties: [
        "PolicyDocument": [
          "Statement": [
            ["Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"]
          ]
        ]
      ])
  ])
  let asString = Template(resources: [
    "P": Resource(
      type: "AWS::SQS::QueuePolicy",
      properties: [
        "PolicyDocument":
          "{\"Statement\": [{\"Resource\": \"*\", \"Action\": [\"sqs:SendMessage\"], \"Principal\": \"*\", \"Effect\": \"Allow\"}]}"
      ])
  ])
  let report = TemplateDiffer().diff(from: asMap, to: asString)
  #expect(report.iamStatements.isEmpty)
}

@Test func mergingStatementsOfARoleIsNoBroadeningAsIAMDiffSays() throws {
  let old = role([
    statement("lambda:InvokeFunction", .getAtt("Detect", "Arn")),
    statement("lambda:InvokeFunction", .getAtt("Store", "Arn")),
  ])
  let new = role([
    statement("lambda:InvokeFunction", [.getAtt("Detect", "Arn"), .getAtt("Store", "Arn")])
  ])
  let report = TemplateDiffer().diff(from: old, to: new)
  #expect(report.iamStatements.map(\.kind) == [.removed, .removed, .added])
  #expect(report.iamStatements.allSatisfy { !$0.broadens })
  let roles = { (template: Template) in try RoleLoader.roles(in: template) }
  let differ = PolicyDiffer(reviewer: IAMReviewer(catalog: try IAMCatalog.bundled()))
  #expect(!differ.diff(base: try roles(old), head: try roles(new)).broadened)
}

@Test func movingAGrantToAnAttachedPolicyIsNoBroadening() throws {
  let old = role([statement("s3:GetObject", "arn:aws:s3:::images/*")])
  var new = role([])
  new.resources["DetectExtra"] = Resource(
    type: "AWS::IAM::Policy",
    properties: [
      "PolicyName": "extra", "Roles": [.ref("DetectRole")],
      "PolicyDocument": ["Statement": [statement("s3:GetObject", "arn:aws:s3:::images/input/*")]],
    ])
  let report = TemplateDiffer().diff(from: old, to: new)
  let added = report.iamStatements.filter { $0.kind == .added }
  #expect(added.map(\.resource) == ["DetectExtra"])
  #expect(!report.broadensAccess)
}

@Test func diffAndIAMDiffAgreeOnWhetherARoleBroadens() throws {
  let cases: [(old: [Value], new: [Value])] = [
    ([statement("s3:*", "arn:aws:s3:::b/*")], [statement("s3:GetObject", "arn:aws:s3:::b/x/*")]),
    ([statement("s3:GetObject", "arn:aws:s3:::b/x/*")], [statement("s3:*", "arn:aws:s3:::b/*")]),
    (
      [statement("s3:*"), statement("s3:DeleteObject", effect: "Deny")],
      [statement("s3:*")]
    ),
    (
      [
        statement("s3:*"),
        statement(
          "s3:DeleteObject", effect: "Deny",
          condition: ["Bool": ["aws:SecureTransport": "false"]]),
      ],
      [statement("s3:*")]
    ),
    ([statement(["s3:GetObject", "s3:PutObject"])], [statement("s3:GetObject")]),
  ]
  let differ = PolicyDiffer(reviewer: IAMReviewer(catalog: try IAMCatalog.bundled()))
  for (index, pair) in cases.enumerated() {
    let old = role(pair.old)
    let new = role(pair.new)
    let stackDiff = TemplateDiffer().diff(from: old, to: new).broadensAccess
    let iamDiff = differ.diff(
      base: try RoleLoader.roles(in: old), head: try RoleLoader.roles(in: new)
    ).broadened
    #expect(stackDiff == iamDiff, "case \(index)")
  }
}
