import AWSClient
import FacestackCore
import Foundation

/// A function's log events, as `facestack logs` and `local logs` print them: since a time,
/// matching a CloudWatch Logs filter pattern, and followed (polled every second, each event once).
///
/// ```swift
/// let logs = FunctionLogs(aws: target.aws, group: try await deployed.logGroup(ofFunction: "detect"))
/// for event in try await logs.events(since: Date().addingTimeInterval(-600)) { print(event.line) }
/// ```
public struct FunctionLogs: Sendable {
  public var aws: AWSClient
  /// The function's log group.
  public var group: String
  /// A CloudWatch Logs filter pattern.
  public var filterPattern: String?

  public init(aws: AWSClient, group: String, filterPattern: String? = nil) {
    self.aws = aws
    self.group = group
    self.filterPattern = filterPattern
  }

  /// The events since `start`, oldest first; a group that does not exist yet has none (a
  /// function that has not run has no group).
  public func events(since start: Date?) async throws -> [LogEvent] {
    do {
      return try await aws.logs.allEvents(
        FilterLogEventsInput(logGroup: group, startTime: start, filterPattern: filterPattern))
    } catch let error as AWSServiceError where error.code == "ResourceNotFoundException" {
      return []
    } catch let error as AWSServiceError where error.code == "InvalidParameterException" {
      throw FacestackError.input("cannot filter \(group): \(error.message)")
    } catch {
      throw FacestackError.from(cloud: error)
    }
  }

  /// Prints the events since `start`, then, while `follow`, the new ones every `interval`
  /// seconds, each once, until the task is cancelled.
  public func stream(
    since start: Date?, follow: Bool, interval: TimeInterval = 1,
    _ emit: @Sendable (LogEvent) -> Void
  ) async throws {
    var seen: Set<String> = []
    var from = start
    repeat {
      let events = try await events(since: from)
      for event in events where seen.insert(event.eventID).inserted { emit(event) }
      // Later events may carry an earlier timestamp than the newest seen (they are written
      // after the fact); look back a little, and rely on the ids not to print one twice.
      if let newest = events.last?.timestamp { from = newest.addingTimeInterval(-5) }
      if follow { try await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000)) }
    } while follow && !Task.isCancelled
  }
}

extension LogEvent {
  /// `2026-12-04T17:31:28.123Z  <stream>  <message>` on one line (the message's own line
  /// breaks kept as `\n`-continued lines).
  public var line: String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    var message = self.message
    while message.hasSuffix("\n") { message.removeLast() }
    return "\(formatter.string(from: timestamp))  \(message)"
  }
}

/// A duration such as `10m`, `1h`, `30s`, `2d` (as `--since` takes it).
public enum SinceDuration {
  /// The time `text` before `now`; an input error for text that is not a duration.
  public static func start(_ text: String, now: Date = Date()) throws -> Date {
    let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800]
    guard let unit = text.last, let seconds = units[unit], let count = Double(text.dropLast()),
      count >= 0
    else {
      throw FacestackError.input(
        "--since \(text) is not a duration: a number and s, m, h, d or w (10m, 1h, 2d)")
    }
    return now.addingTimeInterval(-count * seconds)
  }
}
