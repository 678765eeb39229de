import AWSClient
import Foundation

/// Polls `DescribeStackEvents` and hands out each event once, oldest first.
///
/// The first poll reads back only to the newest event seen before the operation started
/// (``init(client:stackName:after:)``); later polls read back to the last event handed out, paging
/// as far as needed, and a set of seen ids drops any event a page returns twice.
public struct EventPoller: Sendable {
  /// The CloudFormation client.
  public var client: CloudFormationClient
  /// The stack's name or id.
  public var stackName: String
  private var lastEventID: String?
  private var seen: Set<String> = []

  /// A poller for events newer than `lastEventID` (all events when nil).
  public init(client: CloudFormationClient, stackName: String, after lastEventID: String?) {
    self.client = client
    self.stackName = stackName
    self.lastEventID = lastEventID
    if let lastEventID { seen.insert(lastEventID) }
  }

  /// The newest event id of the stack right now, to start a poller after it.
  public static func newestEventID(client: CloudFormationClient, stackName: String) async throws
    -> String?
  {
    try await client.describeStackEvents(stackName, nil).events.first?.eventID
  }

  /// The events new since the last poll, oldest first, each at most once.
  public mutating func poll() async throws -> [StackEvent] {
    let events = try await client.stackEvents(stackName: stackName, since: lastEventID)
    var fresh: [StackEvent] = []
    for event in events where seen.insert(event.eventID).inserted {
      fresh.append(event)
    }
    if let last = events.last { lastEventID = last.eventID }
    return fresh
  }
}
