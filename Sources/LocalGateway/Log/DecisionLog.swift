import Foundation
import NIOConcurrencyHelpers

/// Every authorization decision of the local cloud: the last `capacity` kept in memory (a
/// ring), each appended as one JSON line to `file` (under `.facestack/local/`), readable since
/// a point and followable.
///
/// ```swift
/// let log = try DecisionLog(file: workspace.appendingPathComponent(".facestack/local/iam-log.jsonl"))
/// for record in log.records(after: 0, deniedOnly: true) { print(record.textLine) }
/// for await record in log.follow(deniedOnly: true) { print(record.textLine) }
/// ```
/// Another process (the CLI) reads the file with ``DecisionLogFile``.
public final class DecisionLog: Sendable {
  private struct State {
    var ring: [DecisionRecord] = []
    var sequence = 0
    var followers:
      [Int: (deniedOnly: Bool, continuation: AsyncStream<DecisionRecord>.Continuation)] = [:]
    var nextFollower = 0
    var handle: FileHandle?
  }

  private let capacity: Int
  private let state: NIOLockedValueBox<State>
  /// The JSON Lines file, if any.
  public let file: URL?

  /// A log keeping `capacity` records in memory, appending to `file` (created if missing).
  public init(capacity: Int = 10_000, file: URL? = nil) throws {
    self.capacity = max(1, capacity)
    self.file = file
    var initial = State()
    if let file {
      let manager = FileManager.default
      try manager.createDirectory(
        at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
      if !manager.fileExists(atPath: file.path) {
        guard manager.createFile(atPath: file.path, contents: nil) else {
          throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file.path])
        }
      }
      let handle = try FileHandle(forWritingTo: file)
      try handle.seekToEnd()
      initial.handle = handle
    }
    state = NIOLockedValueBox(initial)
  }

  deinit {
    state.withLockedValue { state in
      try? state.handle?.close()
      for follower in state.followers.values { follower.continuation.finish() }
    }
  }

  /// Appends `record` (its `sequence` is set here) and returns it as stored. A record that
  /// cannot be written to the file is still kept in memory; the failure is returned.
  @discardableResult
  public func append(_ record: DecisionRecord) -> (record: DecisionRecord, fileError: (any Error)?)
  {
    state.withLockedValue { state in
      state.sequence += 1
      var stored = record
      stored.sequence = state.sequence
      state.ring.append(stored)
      if state.ring.count > capacity { state.ring.removeFirst(state.ring.count - capacity) }
      var fileError: (any Error)?
      if let handle = state.handle {
        do {
          try handle.write(contentsOf: try Self.line(stored))
        } catch {
          fileError = error
        }
      }
      for follower in state.followers.values where !follower.deniedOnly || stored.isDenied {
        follower.continuation.yield(stored)
      }
      return (stored, fileError)
    }
  }

  /// The records after `sequence` still in memory, oldest first.
  public func records(after sequence: Int = 0, deniedOnly: Bool = false) -> [DecisionRecord] {
    state.withLockedValue { state in
      state.ring.filter { $0.sequence > sequence && (!deniedOnly || $0.isDenied) }
    }
  }

  /// The sequence of the last record (0 when empty).
  public var lastSequence: Int { state.withLockedValue { $0.sequence } }

  /// The records after `sequence` in memory, then each new one as it is appended.
  public func follow(after sequence: Int = 0, deniedOnly: Bool = false) -> AsyncStream<
    DecisionRecord
  > {
    AsyncStream { continuation in
      let id = state.withLockedValue { state -> Int in
        for record in state.ring
        where record.sequence > sequence && (!deniedOnly || record.isDenied) {
          continuation.yield(record)
        }
        state.nextFollower += 1
        state.followers[state.nextFollower] = (deniedOnly, continuation)
        return state.nextFollower
      }
      continuation.onTermination = { [weak self] _ in
        self?.state.withLockedValue { _ = $0.followers.removeValue(forKey: id) }
      }
    }
  }

  /// The JSON line of a record, with its newline.
  static func line(_ record: DecisionRecord) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var data = try encoder.encode(record)
    data.append(0x0A)
    return data
  }
}
