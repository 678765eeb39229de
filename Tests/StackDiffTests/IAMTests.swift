import CloudFormation
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

@Test func globMatching() {
  #expect(Glob.matches(pattern: "s3:*", "s3:getobject"))
  #expect(Glob.matches(pattern: "s3:get*", "s3:getobject"))
  #expect(!Glob.matches(pattern: "s3:get*", "s3:putobject"))
  #expect(Glob.matches(pattern: "arn:aws:s3:::b/*", "arn:aws:s3:::b/input/x.jpg"))
  #expect(Glob.matches(pattern: "a?c", "abc"))
  #expect(!Glob.matches(pattern: "abc", "abcd"))
}
