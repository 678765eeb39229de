import AWSClient
import FacestackCore
import Foundation

/// The rows the pipeline stored in its results table (`FaceRecognitionResults`): one per face
/// found, and one per image with no face, rejected, failed or enrolled. `local results` prints
/// them, newest last, and follows new ones.
///
/// ```swift
/// let results = PipelineResults(aws: target.aws, table: try deployed.output("ResultsTableName"))
/// for row in try await results.newest(20) { print(row.text) }
/// ```
public struct PipelineResults: Sendable {
  public var aws: AWSClient
  public var table: String

  public init(aws: AWSClient, table: String) {
    self.aws = aws
    self.table = table
  }

  /// Every row, oldest first.
  public func all() async throws -> [ResultRow] {
    do {
      return try await aws.dynamoDB.allItems(table: table).map(ResultRow.init).sorted()
    } catch let error as AWSServiceError where error.code == "ResourceNotFoundException" {
      throw FacestackError.input("the results table \(table) does not exist: \(error.message)")
    } catch {
      throw FacestackError.from(cloud: error)
    }
  }

  /// The newest `count` rows, oldest of them first.
  public func newest(_ count: Int) async throws -> [ResultRow] {
    Array(try await all().suffix(count))
  }

  /// The newest `count` rows, then, while `follow`, each new row as it lands (polled every
  /// `interval` seconds), each once, until the task is cancelled.
  public func stream(
    newest count: Int, follow: Bool, interval: TimeInterval = 0.5,
    _ emit: @Sendable (ResultRow) -> Void
  ) async throws {
    let first = try await all()
    var seen = Set(first.map(\.identity))
    for row in first.suffix(count) { emit(row) }
    while follow && !Task.isCancelled {
      try await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
      for row in try await all() where seen.insert(row.identity).inserted { emit(row) }
    }
  }
}

extension PipelineResults {
  /// The rows of `uploads` once each has some: for an object sent, rows stored after it was
  /// sent; for one not sent again (unchanged), its rows as they are. Polls every `interval`
  /// seconds for at most `timeout`; an AWS error names the keys still without rows.
  public func rows(
    of uploads: [ImageUpload.Uploaded], timeout: TimeInterval, interval: TimeInterval = 0.5
  ) async throws -> [ResultRow] {
    let deadline = Date().addingTimeInterval(timeout)
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    while true {
      let rows = try await all()
      var waiting: [String] = []
      var found: [ResultRow] = []
      for upload in uploads {
        let mine = rows.filter { row in
          guard row.key == upload.key else { return false }
          guard upload.sent else { return true }
          // An enrollment of an image already enrolled writes nothing new: its row stands.
          if row.recordType == "ENROLLMENT" { return true }
          let stored = formatter.date(from: row.time) ?? .distantPast
          return stored >= upload.time.addingTimeInterval(-1)
        }
        if mine.isEmpty { waiting.append(upload.key) } else { found += mine }
      }
      if waiting.isEmpty { return found.sorted() }
      if Date() > deadline {
        throw FacestackError.aws(
          "no result for \(waiting.joined(separator: ", ")) within \(Int(timeout)) s; see "
            + "'facestack local trace \(waiting[0])'")
      }
      try await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
    }
  }
}

/// One stored row: its attributes, and the ones people read first.
public struct ResultRow: Sendable, Equatable, Comparable {
  /// Every attribute, as stored.
  public var item: DynamoDBItem

  public init(_ item: DynamoDBItem) { self.item = item }

  public var imageID: String { item["image_id"]?.string ?? "" }
  public var recordID: String { item["record_id"]?.string ?? "" }
  public var recordType: String { item["record_type"]?.string ?? recordID }
  public var key: String { item["key"]?.string ?? "" }
  /// When it was stored: `processed_at`, or the record's `timestamp`.
  public var time: String { item["processed_at"]?.string ?? item["timestamp"]?.string ?? "" }
  public var personID: String? { item["person_id"]?.string }
  public var similarity: Double? { item["similarity"]?.double }
  public var matchStatus: String? { item["match_status"]?.string }

  var identity: String { imageID + "\u{1F}" + recordID }

  public static func < (lhs: ResultRow, rhs: ResultRow) -> Bool {
    (lhs.time, lhs.key, lhs.recordID) < (rhs.time, rhs.key, rhs.recordID)
  }

  /// The row on one line: time, object key, record, and what it says (the person and
  /// similarity of a match, the top emotions, the age range; the reason of a rejection or
  /// failure; the person of an enrollment).
  public var text: String {
    var parts = [time, key, recordID]
    switch recordType {
    case "FACE":
      if matchStatus == "MATCHED", let person = personID {
        parts.append("MATCHED \(person) \(similarity.map { String(format: "%.1f%%", $0) } ?? "")")
      } else {
        parts.append(matchStatus ?? "UNMATCHED")
      }
      if case .list(let emotions) = item["emotions"] {
        let top = emotions.prefix(2).compactMap { emotion -> String? in
          guard case .map(let fields) = emotion, let type = fields["type"]?.string else {
            return nil
          }
          let confidence = fields["confidence"]?.double.map { String(format: " %.0f%%", $0) } ?? ""
          return type + confidence
        }
        if !top.isEmpty { parts.append(top.joined(separator: ", ")) }
      }
      if let low = item["age_low"]?.string, let high = item["age_high"]?.string {
        parts.append("age \(low)-\(high)")
      }
    case "ENROLLMENT":
      parts.append("enrolled \(item["external_image_id"]?.string ?? "?")")
    case "REJECTED":
      parts.append(
        [item["reason"]?.string, item["error_message"]?.string].compactMap { $0 }.joined(
          separator: ": "))
    case "FAILURE":
      parts.append(
        [item["error"]?.string, item["error_message"]?.string].compactMap { $0 }.joined(
          separator: ": "))
    default:
      break
    }
    return parts.filter { !$0.isEmpty }.joined(separator: "  ")
  }

  /// The row as one compact JSON object, keys sorted (`--format json`, one per line).
  public var json: String {
    let plain = item.mapValues(\.plain)
    let data =
      (try? JSONSerialization.data(
        withJSONObject: plain, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
  }
}
