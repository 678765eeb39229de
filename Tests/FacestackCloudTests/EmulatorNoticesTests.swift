import FacestackCore
import Foundation
import Testing

@testable import FacestackCloud

/// A local deploy tells the local cloud's gaps once per local cloud: again after a restart or
/// when they change, never on a repeated deploy.
@Suite struct EmulatorNoticesTests {
  @Test func aNoticeIsShownOncePerLocalCloudAndAgainWhenItChanges() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "notices-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let gaps = ["AWS::CloudWatch::Alarm ×2: DetectErrors, StoreErrors"]
    let first = EmulatorNotices(folder: folder, startedAt: "2026-12-05T08:00:00Z")
    #expect(first.isNew(gaps, key: "facestack-dev-FaceRecognition"))
    #expect(!first.isNew(gaps, key: "facestack-dev-FaceRecognition"))
    #expect(first.isNew(gaps, key: "facestack-e2e-FaceRecognition"))
    #expect(
      first.isNew(gaps + ["AWS::Glue::Table ×1: Faces"], key: "facestack-dev-FaceRecognition"))
    let restarted = EmulatorNotices(folder: folder, startedAt: "2026-12-05T09:00:00Z")
    #expect(restarted.isNew(gaps, key: "facestack-dev-FaceRecognition"))
    #expect(!restarted.isNew(gaps, key: "facestack-dev-FaceRecognition"))
  }
}
