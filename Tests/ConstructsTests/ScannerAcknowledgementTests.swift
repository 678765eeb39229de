import CloudFormation
import FaceRecognitionStack
import Testing

@testable import Constructs

/// Scanner acknowledgements land in the resource's `Metadata.checkov.skip`, with their reasons;
/// a malformed one fails synthesis at its line.
@Suite struct ScannerAcknowledgementTests {
  func synthesize(_ stack: Stack) throws -> Template {
    try Synthesizer(packager: FakePackager()).synthesize(stack).template
  }

  @Test func aHighLevelConstructsAcknowledgementLandsOnItsMainResource() throws {
    let stack = testStack()
    let queue = Queue(stack, "Work")
    queue.acknowledge(.checkov("CKV_AWS_27"), reason: "SQS-managed encryption")
    queue.acknowledge(.checkov("CKV2_AWS_73"), reason: "no customer key in tests")
    queue.allow(service: "events.amazonaws.com", sourceArn: "arn:aws:events:eu-west-1:1:rule/r")
    let template = try synthesize(stack)
    #expect(
      template.resources["Work"]?.metadata
        == .map([
          "checkov": .map([
            "skip": .list([
              .map(["id": "CKV2_AWS_73", "comment": "no customer key in tests"]),
              .map(["id": "CKV_AWS_27", "comment": "SQS-managed encryption"]),
            ])
          ])
        ]))
    // The queue's policy, another resource of the construct, skips nothing.
    #expect(template.resources["WorkPolicy"]?.metadata == nil)
  }

  @Test func aResourceAcknowledgesForItselfAndTheYAMLSaysSo() throws {
    let stack = testStack()
    let bucket = Bucket(stack, "Images")
    bucket.policy?.acknowledge(.checkov("CKV_AWS_70"), reason: "  TLS only  ")
    let template = try synthesize(stack)
    #expect(
      template.resources["ImagesPolicy"]?.metadata?["checkov"]?["skip"]
        == .list([.map(["id": "CKV_AWS_70", "comment": "TLS only"])]))
    #expect(template.resources["Images"]?.metadata == nil)
    let yaml = try TemplateWriter.write(template, as: .yaml)
    #expect(
      yaml.contains(
        """
            Metadata:
              checkov:
                skip:
                - id: CKV_AWS_70
                  comment: TLS only
        """))
  }

  @Test func anEmptyReasonAMalformedIdAndARepeatFailAtTheirLines() {
    let stack = testStack()
    let queue = Queue(stack, "Work")
    queue.acknowledge(.checkov("CKV_AWS_27"), reason: " ", file: "Stack.swift", line: 3)
    queue.acknowledge(.checkov("AWS_27"), reason: "typo", file: "Stack.swift", line: 4)
    queue.acknowledge(.checkov("CKV_AWS_27"), reason: "again", file: "Stack.swift", line: 5)
    do {
      _ = try synthesize(stack)
      Issue.record("expected a synthesis error")
    } catch let error as SynthesisError {
      #expect(
        error.diagnostics.map(\.description) == [
          "Stack.swift:3: error: acknowledging checkov CKV_AWS_27 needs a reason, got an empty one",
          "Stack.swift:4: error: checkov check id 'AWS_27' is not of the form CKV_AWS_<number> or CKV2_AWS_<number>",
          "Stack.swift:5: error: checkov CKV_AWS_27 is already acknowledged for this resource (at Stack.swift:3)",
        ])
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  @Test func theFaceRecognitionStackExplainsEveryChoiceItMakes() throws {
    let dev = try synthesize(FaceRecognitionStack.build(environment: testEnvironment()))
    let skipped = dev.resources.compactMap { id, resource -> String? in
      guard let skip = resource.metadata?["checkov"]?["skip"]?.listValue else { return nil }
      return "\(id): " + skip.compactMap { $0["id"]?.stringValue }.joined(separator: ", ")
    }
    #expect(skipped.contains("Detect: CKV_AWS_116, CKV_AWS_117, CKV_AWS_173"))
    #expect(skipped.contains("AccessLogs: CKV_AWS_18"))
    var keyed = testEnvironment()
    keyed.customerManagedKey = true
    let prod = try synthesize(FaceRecognitionStack.build(environment: keyed))
    // With the customer-managed key, only choices unrelated to encryption remain.
    #expect(prod.resources["Detect"]?.metadata?["checkov"]?["skip"]?.listValue?.count == 2)
    #expect(prod.resources["Results"]?.metadata == nil)
  }
}
