import AWSClient
import CloudFormation
import Foundation
import StackDiff
import Testing

@testable import Deploy

@Suite("deploy review: StackDiff report merged with the change set")
struct DeployReviewTests {
  static let role = Resource(
    type: "AWS::IAM::Role",
    properties: [
      "AssumeRolePolicyDocument": [
        "Statement": [
          [
            "Effect": "Allow", "Principal": ["Service": "lambda.amazonaws.com"],
            "Action": "sts:AssumeRole",
          ]
        ]
      ],
      "Policies": [
        [
          "PolicyName": "p",
          "PolicyDocument": [
            "Statement": [
              ["Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"]
            ]
          ],
        ]
      ],
    ])

  static func table(_ key: String) -> Resource {
    Resource(
      type: "AWS::DynamoDB::Table",
      properties: ["KeySchema": [["AttributeName": .string(key), "KeyType": "HASH"]]],
      deletionPolicy: .retain, updateReplacePolicy: .retain)
  }

  @Test func broadenedIAMNeedsApprovalNarrowedDoesNot() {
    var wider = Self.role
    wider.properties["Policies"] = [
      [
        "PolicyName": "p",
        "PolicyDocument": [
          "Statement": [["Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"]]
        ],
      ]
    ]
    let old = Template(resources: ["Role": Self.role])
    let new = Template(resources: ["Role": wider])
    let change = ResourceChange(
      action: "Modify", logicalResourceID: "Role", resourceType: "AWS::IAM::Role",
      replacement: "False")
    let broadening = DeployReview(deployed: old, new: new, changes: [change])
    #expect(
      broadening.reasons(policy: .broadening) == ["IAM broadens: Role, 1 statement (listed above)"])
    let narrowing = DeployReview(deployed: new, new: old, changes: [change])
    #expect(narrowing.reasons(policy: .broadening).isEmpty)
    #expect(narrowing.reasons(policy: .any) == ["--require-approval any: 1 changes"])
    #expect(narrowing.reasons(policy: .never).isEmpty)
  }

  @Test func tableReplacementIsDangerousFromFactsOrFromTheChangeSet() {
    let old = Template(resources: ["Results": Self.table("image_id")])
    let new = Template(resources: ["Results": Self.table("record_id")])
    // No replacement answer (the emulator): the prediction from the resource facts stands.
    let emulator = DeployReview(
      deployed: old, new: new,
      changes: [
        ResourceChange(
          action: "Modify", logicalResourceID: "Results", resourceType: "AWS::DynamoDB::Table")
      ])
    #expect(emulator.diff?.resources.first?.impact.losesResource == true)
    #expect(emulator.diff?.resources.first?.impactSource == .resourceFacts)
    #expect(
      emulator.reasons(policy: .broadening).first?.hasPrefix("Results (AWS::DynamoDB::Table)")
        == true)
    // AWS's answer wins.
    let aws = DeployReview(
      deployed: old, new: new,
      changes: [
        ResourceChange(
          action: "Modify", logicalResourceID: "Results", resourceType: "AWS::DynamoDB::Table",
          replacement: "Conditional")
      ])
    #expect(aws.diff?.resources.first?.impact == .mayReplace)
    #expect(aws.diff?.resources.first?.impactSource == .changeSet)
  }

  @Test func destroyedStatefulResourceNeedsApproval() {
    let review = DeployReview(
      deployed: Template(resources: ["Results": Self.table("image_id")]), new: Template(),
      changes: [
        ResourceChange(
          action: "Remove", logicalResourceID: "Results", resourceType: "AWS::DynamoDB::Table")
      ])
    #expect(review.reasons(policy: .broadening).count == 1)
  }

  @Test func unreadableDeployedTemplateFallsBackToTheChangeSet() {
    let review = DeployReview(
      deployed: nil, new: Template(),
      changes: [
        ResourceChange(action: "Add", logicalResourceID: "Role", resourceType: "AWS::IAM::Role")
      ])
    #expect(review.diff == nil)
    #expect(
      review.reasons(policy: .broadening) == [
        "Role (AWS::IAM::Role): permissions may broaden (add)"
      ])
  }

  @Test func emulatorIgnoredUpdatesAreNamed() {
    let report = ChangeSetReport(rows: [
      .init(action: "Modify", logicalID: "Results", type: "AWS::DynamoDB::Table"),
      .init(action: "Modify", logicalID: "DetectLogs", type: "AWS::Logs::LogGroup"),
      .init(action: "Add", logicalID: "NewLogs", type: "AWS::Logs::LogGroup"),
      .init(action: "Modify", logicalID: "Detect", type: "AWS::Lambda::Function"),
    ])
    #expect(EmulatorCoverage.ignoredUpdates(report) == ["Results", "DetectLogs"])
  }
}
