import Foundation
import IAM
import Testing

@testable import LocalGateway

/// The decision log: a bounded ring in memory, JSON Lines on disk, read since a point, followed,
/// filtered to denials, rendered one line per decision.
@Suite struct DecisionLogTests {
  func record(_ action: String, _ decision: DecisionRecord.Outcome) -> DecisionRecord {
    DecisionRecord(
      sequence: 0, time: "2026-12-04T18:00:00.000Z", requestId: "REQ", source: .gateway,
      principal: "arn:aws:sts::123456789012:assumed-role/StoreRole/s1",
      principalType: "AssumedRole", session: "s1", accessKeyId: "ASIA1", service: "s3",
      operation: "PutObject", action: action, resource: "arn:aws:s3:::images/processed/a.json",
      decision: decision, statement: nil, missing: decision == .implicitDeny ? "identity" : nil,
      reason: decision == .allow
        ? "allowed by identity-based policy role/StoreRole/Store, Statement[0]"
        : "no identity-based policy allows the \(action) action",
      message: nil)
  }

  @Test func ringFileFilterAndText() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "facestack-log-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("local/iam-log.jsonl")
    let log = try DecisionLog(capacity: 3, file: file)
    for index in 0..<5 {
      log.append(record("s3:PutObject", index.isMultiple(of: 2) ? .implicitDeny : .allow))
    }
    #expect(log.lastSequence == 5)
    #expect(log.records().map(\.sequence) == [3, 4, 5])
    #expect(log.records(after: 3, deniedOnly: true).map(\.sequence) == [5])
    let (all, offset) = try DecisionLogFile.read(file)
    #expect(all.map(\.sequence) == [1, 2, 3, 4, 5])
    #expect(try DecisionLogFile.read(file, deniedOnly: true).records.count == 3)
    #expect(try DecisionLogFile.read(file, from: offset).records.isEmpty)
    #expect(
      all[0].textLine
        == "2026-12-04T18:00:00.000Z DENY  assumed-role/StoreRole/s1 s3:PutObject "
        + "arn:aws:s3:::images/processed/a.json: no identity-based policy allows the "
        + "s3:PutObject action [REQ]")
    // A second log on the same file appends.
    let reopened = try DecisionLog(file: file)
    reopened.append(record("s3:GetObject", .allow))
    #expect(try DecisionLogFile.read(file).records.count == 6)
  }

  @Test func followingInMemoryAndOnDisk() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "facestack-log-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("iam-log.jsonl")
    let log = try DecisionLog(file: file)
    log.append(record("s3:GetObject", .allow))
    let stream = log.follow(after: 0, deniedOnly: true)
    let onDisk = DecisionLogFile.follow(file, deniedOnly: true, interval: .milliseconds(20))
    log.append(record("s3:PutObject", .implicitDeny))
    log.append(record("s3:ListBucket", .allow))
    log.append(record("s3:DeleteObject", .explicitDeny))
    var fromMemory: [String] = []
    for await entry in stream {
      fromMemory.append(entry.action)
      if fromMemory.count == 2 { break }
    }
    #expect(fromMemory == ["s3:PutObject", "s3:DeleteObject"])
    var fromFile: [String] = []
    for try await entry in onDisk {
      fromFile.append(entry.action)
      if fromFile.count == 2 { break }
    }
    #expect(fromFile == ["s3:PutObject", "s3:DeleteObject"])
  }

  @Test func aBrokenLineIsAnErrorWithItsOffset() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "facestack-broken-\(UUID().uuidString).jsonl")
    defer { try? FileManager.default.removeItem(at: file) }
    try Data("not json\n".utf8).write(to: file)
    do {
      _ = try DecisionLogFile.read(file)
      Issue.record("a broken line was read")
    } catch {
      #expect("\(error)".contains("byte 0"))
    }
  }
}
