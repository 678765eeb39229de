import Testing

@testable import Deploy

@Suite("approval gate")
struct ApprovalGateTests {
  typealias Row = ChangeSetReport.Row

  let gate = ApprovalGate(policy: .broadening, statefulLogicalIDs: ["Images", "Faces"])

  @Test func codeChangesPassUnasked() {
    let report = ChangeSetReport(rows: [
      Row(
        action: "Modify", logicalID: "Detect", type: "AWS::Lambda::Function", replacement: "False"),
      Row(action: "Add", logicalID: "NewQueue", type: "AWS::SQS::Queue"),
      Row(action: "Remove", logicalID: "OldFunction", type: "AWS::Lambda::Function"),
    ])
    #expect(gate.reasons(for: report).isEmpty)
  }

  @Test func iamAddedOrModifiedNeedsApproval() {
    let report = ChangeSetReport(rows: [
      Row(action: "Modify", logicalID: "DetectRole", type: "AWS::IAM::Role", replacement: "False"),
      Row(action: "Add", logicalID: "ImagesPolicy", type: "AWS::S3::BucketPolicy"),
      Row(action: "Remove", logicalID: "OldRole", type: "AWS::IAM::Role"),
    ])
    #expect(
      gate.reasons(for: report) == [
        "DetectRole (AWS::IAM::Role): permissions may broaden (modify)",
        "ImagesPolicy (AWS::S3::BucketPolicy): permissions may broaden (add)",
      ])
  }

  @Test func statefulReplacementOrDeletionNeedsApproval() {
    let report = ChangeSetReport(rows: [
      Row(action: "Modify", logicalID: "Images", type: "AWS::S3::Bucket", replacement: "True"),
      Row(
        action: "Modify", logicalID: "Results", type: "AWS::DynamoDB::Table",
        replacement: "Conditional"),
      Row(action: "Remove", logicalID: "Faces", type: "AWS::Rekognition::Collection"),
      Row(action: "Modify", logicalID: "Images", type: "AWS::S3::Bucket", replacement: "False"),
    ])
    let reasons = gate.reasons(for: report)
    #expect(reasons.count == 3)
    #expect(
      reasons[0] == "Images (AWS::S3::Bucket) is stateful and would be replaced (replacement: True)"
    )
    #expect(reasons[2] == "Faces (AWS::Rekognition::Collection) is stateful and would be deleted")
  }

  @Test func unknownReplacementOfAStatefulResourceIsAskedAbout() {
    // The emulator's change sets carry no replacement answer.
    let report = ChangeSetReport(rows: [
      Row(action: "Modify", logicalID: "Images", type: "AWS::S3::Bucket", replacement: nil)
    ])
    #expect(gate.reasons(for: report).first?.contains("does not say") == true)
  }

  @Test func neverAndAny() {
    let report = ChangeSetReport(rows: [
      Row(action: "Add", logicalID: "DetectRole", type: "AWS::IAM::Role"),
      Row(
        action: "Modify", logicalID: "Detect", type: "AWS::Lambda::Function", replacement: "False"),
    ])
    #expect(ApprovalGate(policy: .never).reasons(for: report).isEmpty)
    #expect(
      ApprovalGate(policy: .any).reasons(for: report) == ["--require-approval any: 2 changes"])
    #expect(ApprovalGate(policy: .any).reasons(for: ChangeSetReport(rows: [])).isEmpty)
  }

  @Test func reportRendersActionsAndReplacement() {
    let report = ChangeSetReport(rows: [
      Row(action: "Add", logicalID: "Queue", type: "AWS::SQS::Queue"),
      Row(
        action: "Modify", logicalID: "Images", type: "AWS::S3::Bucket", replacement: "True",
        properties: ["BucketName"]),
    ])
    #expect(
      report.render() == """
        2 resource changes: 1 to add, 1 to modify
          + Add     AWS::SQS::Queue  Queue
          ± Modify  AWS::S3::Bucket  Images  (replacement: True)  [BucketName]
        """)
  }
}
