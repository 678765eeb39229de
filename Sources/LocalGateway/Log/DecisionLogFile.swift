import Foundation

/// Reads a decision log file written by ``DecisionLog`` from another process (what
/// `facestack local iam-log` does): since an offset, and followed as it grows.
///
/// ```swift
/// let (records, offset) = try DecisionLogFile.read(url, deniedOnly: true)
/// for try await record in DecisionLogFile.follow(url, from: offset, deniedOnly: true) { … }
/// ```
public enum DecisionLogFile {
  /// The complete lines from byte `offset` on, decoded, and the offset after the last one.
  /// A line that does not decode throws, naming its byte offset.
  public static func read(_ url: URL, from offset: UInt64 = 0, deniedOnly: Bool = false) throws
    -> (records: [DecisionRecord], offset: UInt64)
  {
    let handle = try FileHandle(forReadingFrom: url)
    defer { try? handle.close() }
    try handle.seek(toOffset: offset)
    let data = try handle.readToEnd() ?? Data()
    var records: [DecisionRecord] = []
    var start = data.startIndex
    var consumed = offset
    let decoder = JSONDecoder()
    while let newline = data[start...].firstIndex(of: 0x0A) {
      let line = data[start..<newline]
      if !line.isEmpty {
        do {
          let record = try decoder.decode(DecisionRecord.self, from: line)
          if !deniedOnly || record.isDenied { records.append(record) }
        } catch {
          throw DecisionLogFileError(
            "\(url.path): byte \(consumed): not a decision record: \(error)")
        }
      }
      consumed += UInt64(newline - start + 1)
      start = data.index(after: newline)
    }
    return (records, consumed)
  }

  /// The records from `offset` on, then each new one as the file grows (polled every
  /// `interval`), until the task is cancelled.
  public static func follow(
    _ url: URL, from offset: UInt64 = 0, deniedOnly: Bool = false,
    interval: Duration = .milliseconds(200)
  ) -> AsyncThrowingStream<DecisionRecord, any Error> {
    AsyncThrowingStream { continuation in
      let task = Task {
        var position = offset
        do {
          while !Task.isCancelled {
            let (records, next) = try read(url, from: position, deniedOnly: deniedOnly)
            for record in records { continuation.yield(record) }
            position = next
            try await Task.sleep(for: interval)
          }
          continuation.finish()
        } catch is CancellationError {
          continuation.finish()
        } catch {
          continuation.finish(throwing: error)
        }
      }
      continuation.onTermination = { _ in task.cancel() }
    }
  }
}

/// A decision log file that cannot be read.
public struct DecisionLogFileError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What is wrong, with the file and byte offset.
  public var message: String
  init(_ message: String) { self.message = message }
  /// The message.
  public var description: String { message }
}
