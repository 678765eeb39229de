import CloudFormation
import IAM
import Testing

@testable import Constructs

/// Wildcards that are never right by accident fail synthesis at the grant's line, unless the
/// grant says why; the reason then accepts the matching `iam review` finding.
@Suite struct WildcardGrantTests {
  func synthesisErrors(_ stack: Stack) -> [String] {
    do {
      _ = try Synthesizer(packager: FakePackager()).synthesize(stack)
      return []
    } catch let error as SynthesisError {
      return error.diagnostics.map(\.description)
    } catch {
      return ["unexpected \(error)"]
    }
  }

  @Test func serviceWildcardsOnAnyFailAtTheGrantsLine() {
    let stack = testStack()
    let role = Role(stack, "Worker", assumedBy: "lambda.amazonaws.com", description: "worker")
    role.allow(["s3:*", "dynamodb:*"], on: [.any], file: "FaceRecognition/Stack.swift", line: 12)
    #expect(
      synthesisErrors(stack) == [
        "FaceRecognition/Stack.swift:12: error: action 's3:*' grants every action of the service, present and future; list the actions, or acknowledge the grant with a reason",
        "FaceRecognition/Stack.swift:12: error: action 'dynamodb:*' grants every action of the service, present and future; list the actions, or acknowledge the grant with a reason",
      ])
  }

  @Test func aServiceWildcardOnOneBucketFailsToo() {
    let stack = testStack()
    let bucket = Bucket(stack, "Images")
    let role = Role(stack, "Worker", assumedBy: "lambda.amazonaws.com", description: "worker")
    role.allow(["s3:*"], on: [bucket.objectsARN(prefix: "input/")], file: "Stack.swift", line: 7)
    #expect(
      synthesisErrors(stack).contains(
        "Stack.swift:7: error: action 's3:*' grants every action of the service, present and future; list the actions, or acknowledge the grant with a reason"
      ))
  }

  @Test func anActionPatternOnAnyFails() {
    let stack = testStack()
    let role = Role(stack, "Worker", assumedBy: "lambda.amazonaws.com", description: "worker")
    role.allow(["logs:Describe*"], on: [.any], file: "Stack.swift", line: 30)
    #expect(
      synthesisErrors(stack) == [
        "Stack.swift:30: error: action pattern 'logs:Describe*' on resource '*' grants every matching action on everything; list the actions, or acknowledge the grant with a reason"
      ])
  }

  @Test func passRoleOnAnyFailsOnce() {
    let stack = testStack()
    let role = Role(stack, "Deployer", assumedBy: "lambda.amazonaws.com", description: "deployer")
    role.allow(["iam:PassRole"], on: [.any], file: "Stack.swift", line: 40)
    #expect(
      synthesisErrors(stack) == [
        "Stack.swift:40: error: iam:PassRole on resource '*' lets the role pass any role; name the roles, or acknowledge the grant with a reason"
      ])
  }

  @Test func anAcknowledgedWildcardSynthesizesAndReviewShowsTheReason() throws {
    let stack = testStack()
    let role = Role(stack, "Worker", assumedBy: "lambda.amazonaws.com", description: "worker")
    role.allow(
      ["s3:*"], on: [.any], acknowledgingWildcard: "the migration job copies every bucket",
      file: "Stack.swift", line: 50)
    let result = try Synthesizer(packager: FakePackager()).synthesize(stack)
    let worker = try #require(result.roles.first { $0.logicalID == "Worker" })
    #expect(
      worker.acknowledgements == [
        Acknowledgement(
          rule: "service-wildcard", role: "Worker",
          reason: "Stack.swift:50: the migration job copies every bucket")
      ])
    let review = IAMReviewer(catalog: try IAMCatalog.bundled()).review(
      roles: [worker.role], acknowledgements: worker.acknowledgements)
    let text = ReviewRenderer.text(review)
    #expect(text.contains("Stack.swift:50: the migration job copies every bucket"))
    #expect(review.roles.first?.findings.contains { $0.ruleID == "service-wildcard" } == false)
    // The finding points at the Swift line of the grant, not only at the policy statement.
    let finding = try #require(review.roles.first?.acknowledged.first?.finding)
    #expect(finding.location?.sources == ["Stack.swift:50"])
  }

  @Test func reviewFindingsNameEveryGrantMergedIntoTheirStatement() throws {
    let stack = testStack()
    let role = Role(stack, "Worker", assumedBy: "lambda.amazonaws.com", description: "worker")
    role.allow(
      ["s3:*"], on: [.any], acknowledgingWildcard: "copies", file: "A.swift", line: 1)
    role.allow(["rekognition:DetectFaces"], on: [.any], file: "B.swift", line: 2)
    let review = IAMReviewer(catalog: try IAMCatalog.bundled()).review(roles: [role.iamRole])
    let findings = review.roles.flatMap(\.findings)
    let wildcard = try #require(findings.first { $0.ruleID == "service-wildcard" })
    #expect(wildcard.location?.sources == ["A.swift:1", "B.swift:2"])
    #expect(
      ReviewRenderer.text(review).contains(
        "Worker/WorkerPolicy/Statement[0] (granted at A.swift:1, B.swift:2)"))
    let json = try ReviewRenderer.render(review, as: .json)
    #expect(
      json.contains(#""sources":["A.swift:1","B.swift:2"]"#) || json.contains(#""sources" : ["#))
  }

  @Test func aBlankReasonAcknowledgesNothing() {
    let stack = testStack()
    let role = Role(stack, "Worker", assumedBy: "lambda.amazonaws.com", description: "worker")
    role.allow(["s3:*"], on: [.any], acknowledgingWildcard: "  ", file: "Stack.swift", line: 60)
    #expect(role.acknowledgements.isEmpty)
    #expect(synthesisErrors(stack).count == 1)
  }

  @Test func specificActionsOnAnyThatSupportNoScopingStillPass() throws {
    let stack = testStack()
    let role = Role(stack, "Worker", assumedBy: "lambda.amazonaws.com", description: "worker")
    role.allow(["rekognition:DetectFaces", "xray:PutTraceSegments"], on: [.any])
    _ = try Synthesizer(packager: FakePackager()).synthesize(stack)
  }

  @Test func iamDiffReportsTheWildcardARevisionAdds() throws {
    let stacks = [testStack(), testStack()]
    func worker(wildcard: Bool) -> Constructs.Role {
      let role = Role(
        stacks[wildcard ? 1 : 0], "Worker", assumedBy: "lambda.amazonaws.com", description: "w")
      role.allow(["rekognition:DetectFaces"], on: [.any])
      if wildcard {
        role.allow(
          ["s3:*"], on: [.any], acknowledgingWildcard: "copies every bucket", file: "Stack.swift",
          line: 9)
      }
      return role
    }
    let base = worker(wildcard: false)
    let head = worker(wildcard: true)
    let differ = PolicyDiffer(reviewer: IAMReviewer(catalog: try IAMCatalog.bundled()))
    let diff = differ.diff(
      base: [base.iamRole], head: [head.iamRole], acknowledgements: head.acknowledgements)
    let role = try #require(diff.roles.first)
    #expect(role.role == "Worker")
    // The other rules' findings on s3:* stay open: the reason accepts the wildcard only.
    #expect(!role.newFindings.map(\.ruleID).contains("service-wildcard"))
    #expect(role.newAcknowledged.map(\.finding.ruleID).contains("service-wildcard"))
    #expect(
      DiffRenderer.text(diff).contains(
        "new acknowledged error [service-wildcard]: action 's3:*' grants every action of the service, present and future (reason: Stack.swift:9: copies every bucket)"
      ))
    // Without the stack's acknowledgements (policy files), the same change is a new finding.
    let open = differ.diff(base: [base.iamRole], head: [head.iamRole])
    #expect(open.roles.first?.newFindings.map(\.ruleID).contains("service-wildcard") == true)
  }
}
