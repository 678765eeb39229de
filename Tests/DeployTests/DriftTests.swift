import AWSClient
import CloudFormation
import Foundation
import StackDiff
import Testing

@testable import Deploy

/// `facestack drift`'s core on recorded CloudFormation answers (`Fixtures/drift/`), through the
/// live client's encoding and decoding: a stack in sync, one with drifted resources (two pages
/// of results), and a detection that failed for one resource.
@Suite struct DriftTests {
  static let stack = "facestack-prod-FaceRecognition"

  static func answer(_ name: String) throws -> RecordedAnswer {
    guard let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
      throw CocoaError(.fileNoSuchFile)
    }
    return RecordedAnswer(
      try String(
        contentsOf: folder.appendingPathComponent("drift/\(name).xml"), encoding: .utf8))
  }

  /// Detection in progress once, then `status`, then the drift pages and the resources.
  static func client(status: String, drifts: [String]) throws -> CloudFormationClient {
    CloudFormationClient.recorded([
      "DetectStackDrift": [try answer("detect-stack-drift")],
      "DescribeStackDriftDetectionStatus": [
        try answer("status-in-progress"), try answer(status),
      ],
      "DescribeStackResourceDrifts": try drifts.map(answer),
      "ListStackResources": [try answer("list-stack-resources")],
    ])
  }

  static func detect(_ client: CloudFormationClient) async throws -> DriftReport {
    let polls = Counter()
    let report = try await DriftDetector(client: client, sleep: { _ in }).detect(
      stackName: stack, progress: { _ in polls.increment() })
    #expect(polls.value == 1)
    return report
  }

  @Test func aStackInSync() async throws {
    let report = try await Self.detect(
      try Self.client(status: "status-in-sync", drifts: ["drifts-in-sync"]))
    #expect(report.driftStatus == .inSync)
    #expect(!report.isDrifted)
    #expect(!report.detectionFailed)
    #expect(report.detectionID == "b78ac9b0-dec1-11e7-a451-503a3407c8a9")
    #expect(report.inSync.map(\.logicalID) == ["Detect", "Images", "Results", "Work"])
    #expect(report.notChecked.map(\.logicalID) == ["DetectErrorsAlarm", "Faces"])
    let text = DriftRenderer().text(report)
    #expect(
      text.hasPrefix(
        "drift of \(Self.stack): IN_SYNC (0 of 4 checked resources drifted, detected "
          + "2026-12-05T07:58:02Z)\nin sync: 4\n"))
    #expect(text.contains("not checked: 2 resources of 2 types without drift detection"))
    #expect(text.contains("  AWS::Rekognition::Collection ×1: Faces"))
    #expect(text.contains("what drift detection cannot see:"))
    #expect(text.contains("only properties the template sets are compared"))
  }

  @Test func driftedResourcesShowTheirPropertyDifferences() async throws {
    let report = try await Self.detect(
      try Self.client(
        status: "status-drifted", drifts: ["drifts-drifted-page1", "drifts-drifted-page2"]))
    #expect(report.driftStatus == .drifted)
    #expect(report.isDrifted)
    #expect(report.drifted.map(\.logicalID) == ["Detect", "Work"])
    #expect(report.inSync.map(\.logicalID) == ["Images", "Results"])
    let detect = try #require(report.drifted.first)
    #expect(
      detect.changes == [
        PropertyChange(
          path: PropertyPath([
            .key("Properties"), .key("Environment"), .key("Variables"),
            .key("DEBUG"),
          ]), old: nil, new: "1"),
        PropertyChange(
          path: PropertyPath([.key("Properties"), .key("MemorySize")]), old: .int(1024),
          new: .int(2048)),
      ])
    let text = DriftRenderer().text(report)
    #expect(
      text.contains(
        """
        values: template → actual
        [~] AWS::Lambda::Function Detect (facestack-prod-detect): MODIFIED
         ├─ [+] Properties.Environment.Variables.DEBUG: "1"
         └─ [~] Properties.MemorySize: 1024 → 2048
        [-] AWS::SQS::Queue Work (https://sqs.eu-west-1.amazonaws.com/123456789012/facestack-prod-work): DELETED
        in sync: 2
        """), "\(text)")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(DriftRenderer().json(report).utf8))
        as? [String: Any])
    #expect(json["schemaVersion"] as? Int == 1)
    #expect(json["driftStatus"] as? String == "DRIFTED")
    #expect(
      (json["counts"] as? [String: Int])
        == ["checked": 4, "drifted": 2, "inSync": 2, "unknown": 0, "notChecked": 2])
    let resources = try #require(json["resources"] as? [[String: Any]])
    #expect(resources.map { $0["logicalId"] as? String } == ["Detect", "Work"])
    let differences = try #require(resources[0]["differences"] as? [[String: Any]])
    #expect(differences[1]["path"] as? String == "Properties.MemorySize")
    #expect(differences[1]["old"] as? Int == 1024)
    #expect(differences[1]["new"] as? Int == 2048)
    #expect(differences[0]["kind"] as? String == "added")
  }

  @Test func aFailedDetectionKeepsWhatItFoundAndSaysWhy() async throws {
    let report = try await Self.detect(
      try Self.client(status: "status-failed", drifts: ["drifts-failed"]))
    #expect(report.detectionFailed)
    #expect(!report.isDrifted)
    #expect(report.unknown.map(\.logicalID) == ["Work"])
    #expect(report.unknown.first?.reason == "Access Denied for sqs:GetQueueAttributes")
    let text = DriftRenderer().text(report)
    #expect(
      text.contains(
        "detection failed for some resources: Failed to detect drift on resource [Work]: Access "
          + "Denied for sqs:GetQueueAttributes"))
    #expect(
      text.contains(
        "[?] AWS::SQS::Queue Work: UNKNOWN (Access Denied for sqs:GetQueueAttributes)"))
  }

  @Test func aDetectionThatNeverEndsTimesOut() async throws {
    let client = CloudFormationClient.recorded([
      "DetectStackDrift": [try Self.answer("detect-stack-drift")],
      "DescribeStackDriftDetectionStatus": Array(
        repeating: try Self.answer("status-in-progress"), count: 4),
    ])
    let detector = DriftDetector(client: client, pollInterval: 1, timeout: 2, sleep: { _ in })
    await #expect(throws: AWSClientError.self) {
      _ = try await detector.detect(stackName: Self.stack)
    }
  }

  @Test func pointersBecomePathsAndTextBecomesValues() {
    #expect(DriftDifferences.components("/Tags/0/Value") == ["Tags", "0", "Value"])
    #expect(DriftDifferences.components("/a~1b/c~0d") == ["a/b", "c~d"])
    #expect(
      DriftDifferences.path(["Tags", "0", "Value"]).description == "Properties.Tags[0].Value")
    #expect(DriftDifferences.scalar("true") == .bool(true))
    #expect(DriftDifferences.scalar("30") == .int(30))
    #expect(DriftDifferences.scalar("Running") == "Running")
    #expect(DriftDifferences.scalar(#"{"a":1}"#) == .map(["a": .int(1)]))
  }
}

/// A count shared with a `@Sendable` closure.
final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  var value: Int { lock.withLock { count } }
  func increment() { lock.withLock { count += 1 } }
}
