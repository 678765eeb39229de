import AWSClient
import Deploy
import FacestackCore
import Foundation

/// A stack's events as `facestack events` shows them: since a time, oldest first (newest last),
/// read page by page only as far back as needed, then with `follow` each new event once.
///
/// ```swift
/// let log = StackEventLog(client: aws.cloudFormation, stackID: stack.stackID)
/// try await log.stream(since: Date().addingTimeInterval(-3600), follow: false) { print($0) }
/// ```
public struct StackEventLog: Sendable {
  /// The CloudFormation client.
  public var client: CloudFormationClient
  /// The stack's ARN (it finds a deleted stack's events too).
  public var stackID: String
  /// How to wait between polls; tests pass one that returns at once (or ends the stream).
  public var sleep: @Sendable (Double) async throws -> Void

  /// A log.
  public init(
    client: CloudFormationClient, stackID: String,
    sleep: @escaping @Sendable (Double) async throws -> Void = { seconds in
      try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
    }
  ) {
    self.client = client
    self.stackID = stackID
    self.sleep = sleep
  }

  /// The events at or after `start` (all of them when nil), oldest first. Pages are newest
  /// first: reading stops at the first page that reaches back before `start`.
  public func events(since start: Date?) async throws -> [StackEvent] {
    var collected: [StackEvent] = []
    var token: String?
    var seenTokens: Set<String> = []
    pages: repeat {
      let page = try await client.describeStackEvents(stackID, token)
      for event in page.events {
        if let start, event.timestamp < start { break pages }
        collected.append(event)
      }
      token = page.nextToken
    } while token.map { seenTokens.insert($0).inserted } ?? false
    return collected.reversed()
  }

  /// Emits the events since `start`, then, while `follow`, the new ones every `interval`
  /// seconds, each once, until the task is cancelled (or `sleep` throws).
  public func stream(
    since start: Date?, follow: Bool, interval: Double = 2,
    _ emit: @Sendable (StackEvent) -> Void
  ) async throws {
    let initial = try await events(since: start)
    for event in initial { emit(event) }
    guard follow else { return }
    var newest = initial.last?.eventID
    if newest == nil {
      newest = try await EventPoller.newestEventID(client: client, stackName: stackID)
    }
    var poller = EventPoller(client: client, stackName: stackID, after: newest)
    while !Task.isCancelled {
      try await sleep(interval)
      for event in try await poller.poll() { emit(event) }
    }
  }
}

extension StackEvent {
  /// Whether the event reports a failure (`CREATE_FAILED`, `UPDATE_ROLLBACK_FAILED`, ...).
  public var isFailure: Bool { resourceStatus.hasSuffix("_FAILED") }
}
