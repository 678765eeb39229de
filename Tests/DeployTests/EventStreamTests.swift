import AWSClient
import Foundation
import Testing

@testable import Deploy

@Suite("event de-duplication, paging and progress")
struct EventStreamTests {
  static func event(_ id: String, _ logicalID: String, _ status: String, reason: String? = nil)
    -> StackEvent
  {
    StackEvent(
      eventID: id, stackID: "arn:stack", stackName: "stack", logicalResourceID: logicalID,
      resourceType: logicalID == "stack" ? "AWS::CloudFormation::Stack" : "AWS::S3::Bucket",
      timestamp: Date(timeIntervalSince1970: 0), resourceStatus: status,
      resourceStatusReason: reason)
  }

  /// Answers pages of `pages()` (newest first), two events a page.
  actor Pages {
    var newestFirst: [StackEvent] = []
    var requests: [String?] = []
    func push(_ events: [StackEvent]) { newestFirst = events.reversed() + newestFirst }
    func page(_ token: String?) -> StackEventsPage {
      requests.append(token)
      let start = token.flatMap(Int.init) ?? 0
      let end = min(newestFirst.count, start + 2)
      return StackEventsPage(
        events: Array(newestFirst[start..<end]),
        nextToken: end < newestFirst.count ? String(end) : nil)
    }
  }

  func client(_ pages: Pages) -> CloudFormationClient {
    var client = CloudFormationClient.unimplemented
    client.describeStackEvents = { _, token in await pages.page(token) }
    return client
  }

  @Test func pollsPageBackToTheLastSeenEventAndHandEachOutOnce() async throws {
    let pages = Pages()
    await pages.push([Self.event("old", "stack", "UPDATE_COMPLETE")])
    var poller = EventPoller(client: client(pages), stackName: "stack", after: "old")
    await pages.push([
      Self.event("1", "stack", "UPDATE_IN_PROGRESS"), Self.event("2", "A", "UPDATE_IN_PROGRESS"),
      Self.event("3", "B", "UPDATE_IN_PROGRESS"), Self.event("4", "A", "UPDATE_COMPLETE"),
      Self.event("5", "B", "UPDATE_COMPLETE"),
    ])
    #expect(try await poller.poll().map(\.eventID) == ["1", "2", "3", "4", "5"])
    // Three pages were needed to reach "old".
    #expect(await pages.requests == [nil, "2", "4"])
    #expect(try await poller.poll().isEmpty)
    await pages.push([Self.event("6", "stack", "UPDATE_COMPLETE")])
    #expect(try await poller.poll().map(\.eventID) == ["6"])
  }

  @Test func anEventRepeatedOnTwoPagesIsHandedOutOnce() async throws {
    var client = CloudFormationClient.unimplemented
    client.describeStackEvents = { _, token in
      // A new event arrived between the two requests: page 2 repeats page 1's last event.
      token == nil
        ? StackEventsPage(
          events: [
            Self.event("3", "A", "CREATE_COMPLETE"), Self.event("2", "A", "CREATE_IN_PROGRESS"),
          ],
          nextToken: "p2")
        : StackEventsPage(events: [
          Self.event("2", "A", "CREATE_IN_PROGRESS"),
          Self.event("1", "stack", "CREATE_IN_PROGRESS"),
        ])
    }
    var poller = EventPoller(client: client, stackName: "stack", after: nil)
    #expect(try await poller.poll().map(\.eventID) == ["1", "2", "3"])
  }

  @Test func trackerCountsDoneOfTotalInFlightAndRealFailures() {
    var tracker = ProgressTracker(total: 3)
    tracker.record(Self.event("1", "stack", "UPDATE_IN_PROGRESS"))
    tracker.record(Self.event("2", "A", "UPDATE_IN_PROGRESS"))
    tracker.record(Self.event("3", "B", "UPDATE_IN_PROGRESS"))
    var snapshot = tracker.snapshot(elapsed: 65)
    #expect(snapshot.done == 0 && snapshot.total == 3 && snapshot.inFlight == ["A", "B"])
    #expect(ProgressRenderer.statusLine(snapshot) == "[0/3] 1m05s  in flight: A, B")
    tracker.record(Self.event("4", "A", "UPDATE_FAILED", reason: "Access denied"))
    tracker.record(Self.event("5", "B", "UPDATE_FAILED", reason: "Resource update cancelled"))
    snapshot = tracker.snapshot(elapsed: 70)
    #expect(snapshot.done == 2 && snapshot.inFlight.isEmpty)
    #expect(tracker.failures.map(\.logicalID) == ["A"])
    #expect(tracker.stackStatus == "UPDATE_IN_PROGRESS")
  }

  @Test func plainModeWritesOneLinePerEventAndNoStatusLine() {
    var plain = ProgressRenderer(mode: .plain)
    let snapshot = ProgressSnapshot(
      done: 1, total: 12, inFlight: ["B"], elapsed: 3, stackStatus: nil)
    #expect(
      plain.render(.event(Self.event("1", "A", "CREATE_COMPLETE"), snapshot))
        == "00:00:00  [ 1/12]  CREATE_COMPLETE  AWS::S3::Bucket  A\n")
    #expect(plain.render(.progress(snapshot)) == "")
    var live = ProgressRenderer(mode: .live)
    #expect(live.render(.progress(snapshot)) == "[1/12] 3s  in flight: B")
    #expect(live.render(.step("done")) == "\r\u{1B}[Kdone\n")
  }
}
