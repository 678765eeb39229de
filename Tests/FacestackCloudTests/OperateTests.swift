import AWSClient
import FacestackCore
import Foundation
import Testing

@testable import FacestackCloud

/// The operate commands' core with test doubles: events paged back to `--since` and followed
/// (each new event once), the text and JSON renderings of status, outputs, events and logs.
@Suite struct OperateTests {
  static let stackID =
    "arn:aws:cloudformation:eu-west-1:123456789012:stack/facestack-prod-FaceRecognition/1"
  static let start = Date(timeIntervalSince1970: 1_795_928_400)

  static func event(
    _ id: Int, _ status: String, _ logical: String = "Detect", reason: String? = nil
  )
    -> StackEvent
  {
    StackEvent(
      eventID: "e\(id)", stackID: stackID, stackName: "facestack-prod-FaceRecognition",
      logicalResourceID: logical, resourceType: "AWS::Lambda::Function",
      timestamp: start.addingTimeInterval(Double(id)), resourceStatus: status,
      resourceStatusReason: reason)
  }

  /// Pages of events, newest first, served from a mutable history.
  final class History: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [StackEvent]
    private(set) var pagesRead = 0

    init(_ events: [StackEvent]) { self.events = events }

    func append(_ event: StackEvent) { lock.withLock { events.append(event) } }

    /// Two events a page, newest first.
    func page(_ token: String?) -> StackEventsPage {
      lock.withLock {
        pagesRead += 1
        let newest = Array(events.reversed())
        let offset = Int(token ?? "0") ?? 0
        let slice = Array(newest.dropFirst(offset).prefix(2))
        let next = offset + 2 < newest.count ? String(offset + 2) : nil
        return StackEventsPage(events: slice, nextToken: next)
      }
    }
  }

  static func client(_ history: History) -> CloudFormationClient {
    var client = CloudFormationClient.unimplemented
    client.describeStackEvents = { name, token in
      #expect(name == stackID)
      return history.page(token)
    }
    return client
  }

  @Test func eventsSinceReadOnlyThePagesNeededNewestLast() async throws {
    let history = History((1...9).map { Self.event($0, "UPDATE_IN_PROGRESS") })
    let log = StackEventLog(client: Self.client(history), stackID: Self.stackID)
    let events = try await log.events(since: Self.start.addingTimeInterval(6))
    #expect(events.map(\.eventID) == ["e6", "e7", "e8", "e9"])
    // Pages of two, newest first: e9 e8 | e7 e6 | e5 (older than --since: stop).
    #expect(history.pagesRead == 3)
    let all = try await log.events(since: nil)
    #expect(all.map(\.eventID) == (1...9).map { "e\($0)" })
  }

  @Test func followingPrintsEachNewEventOnce() async throws {
    let history = History([Self.event(1, "CREATE_COMPLETE")])
    let polls = Counter()
    let log = StackEventLog(
      client: Self.client(history), stackID: Self.stackID,
      sleep: { _ in
        polls.increment()
        switch polls.value {
        case 1: history.append(Self.event(2, "UPDATE_IN_PROGRESS"))
        case 2:
          history.append(Self.event(3, "UPDATE_FAILED", reason: "Memory size 20000 is invalid"))
          history.append(Self.event(4, "UPDATE_ROLLBACK_COMPLETE", "facestack-prod"))
        case 3: break
        default: throw CancellationError()
        }
      })
    let seen = Collected()
    await #expect(throws: CancellationError.self) {
      try await log.stream(since: nil, follow: true) { seen.add($0.eventID) }
    }
    #expect(seen.values == ["e1", "e2", "e3", "e4"])
  }

  @Test func aFailedEventsReasonIsHighlighted() {
    let failed = Self.event(3, "UPDATE_FAILED", reason: "Memory size 20000 is invalid")
    #expect(failed.isFailure)
    #expect(
      OperateText().eventLine(failed)
        == "2026-11-29T05:00:03.000Z  UPDATE_FAILED  AWS::Lambda::Function  Detect  "
        + "reason: Memory size 20000 is invalid")
    #expect(
      OperateText(color: true).eventLine(failed).contains(
        "\u{1B}[1;31mreason: Memory size 20000 is invalid\u{1B}[0m"))
    let json = OperateJSON.eventLine(failed)
    #expect(
      json
        == #"{"timestamp":"2026-11-29T05:00:03.000Z","status":"UPDATE_FAILED","type":"AWS::Lambda::Function","logicalId":"Detect","physicalId":null,"reason":"Memory size 20000 is invalid","failed":true,"eventId":"e3"}"#
    )
  }

  @Test func outputsAsTableJSONAndShellLines() throws {
    let outputs = [
      StackOutput(key: "ResultsTableName", value: "FaceRecognitionResults"),
      StackOutput(key: "Greeting", value: "it's here"),
      StackOutput(key: "ImagesBucketName", value: "facestack-prod-images-123456789012"),
    ]
    #expect(
      OperateText().outputs(outputs)
        == "Greeting          it's here\nImagesBucketName  facestack-prod-images-123456789012\n"
        + "ResultsTableName  FaceRecognitionResults\n")
    #expect(
      OperateText.environmentLines(outputs)
        == "Greeting='it'\\''s here'\nImagesBucketName=facestack-prod-images-123456789012\n"
        + "ResultsTableName=FaceRecognitionResults\n")
    let stack = Stack(
      stackID: Self.stackID, stackName: "facestack-prod-FaceRecognition", status: .updateComplete,
      outputs: outputs)
    let document = try #require(
      try JSONSerialization.jsonObject(
        with: Data(OperateJSON.outputs(stack, environment: "prod").utf8)) as? [String: Any])
    #expect(document["schemaVersion"] as? Int == 1)
    #expect(document["stack"] as? String == "facestack-prod-FaceRecognition")
    #expect((document["outputs"] as? [String: String])?["Greeting"] == "it's here")
  }

  @Test func statusShowsReasonProtectionDriftAndOutputs() throws {
    let stack = Stack(
      stackID: Self.stackID, stackName: "facestack-prod-FaceRecognition",
      status: .updateRollbackComplete, statusReason: "The following resource(s) failed to update",
      creationTime: Self.start, lastUpdatedTime: Self.start.addingTimeInterval(60),
      outputs: [StackOutput(key: "ResultsTableName", value: "FaceRecognitionResults")],
      terminationProtection: true,
      driftInformation: StackDriftInformation(
        status: .drifted, lastCheck: Self.start.addingTimeInterval(120)))
    let report = StackStatusReport(
      environment: "prod", region: "eu-west-1", stack: stack,
      lastEvent: Self.event(4, "UPDATE_ROLLBACK_COMPLETE", "facestack-prod-FaceRecognition"),
      resourceCount: 72)
    #expect(
      OperateText().status(report) == """
        stack        facestack-prod-FaceRecognition (prod, eu-west-1)
        status       UPDATE_ROLLBACK_COMPLETE
        reason       The following resource(s) failed to update
        last change  2026-11-29T05:01:00Z
        last event   2026-11-29T05:00:04.000Z  UPDATE_ROLLBACK_COMPLETE  AWS::Lambda::Function  facestack-prod-FaceRecognition
        protection   termination protection on
        drift        DRIFTED (checked 2026-11-29T05:02:00Z)
        resources    72
        outputs:
          ResultsTableName  FaceRecognitionResults

        """)
    let document = try #require(
      try JSONSerialization.jsonObject(with: Data(OperateJSON.status(report).utf8))
        as? [String: Any])
    #expect(document["local"] as? Bool == false)
    #expect(document["localCloud"] is NSNull)
    #expect(
      (document["drift"] as? [String: String])
        == ["status": "DRIFTED", "lastCheck": "2026-11-29T05:02:00.000Z"])
    let inner = try #require(document["stack"] as? [String: Any])
    #expect(inner["terminationProtection"] as? Bool == true)
    #expect(inner["lastUpdatedAt"] as? String == "2026-11-29T05:01:00.000Z")
  }

  @Test func jsonLogLinesArePrettyPrintedOnATerminalOnly() {
    let event = LogEvent(
      logStream: "2026/11/29/[$LATEST]abc", timestamp: Self.start,
      message:
        #"{"timestamp":"x","level":"ERROR","message":"store failed","image_id":"i1","face_count":2,"retry":true}"#
        + "\n", eventID: "7")
    #expect(
      OperateText().logEvent(event, pretty: true) == """
        2026-11-29T05:00:00.000Z  ERROR  store failed
            face_count  2
            image_id    i1
            retry       true
        """)
    #expect(OperateText().logEvent(event, pretty: false) == event.line)
    let plain = LogEvent(
      logStream: "s", timestamp: Self.start, message: "START RequestId: r1", eventID: "8")
    #expect(
      OperateText().logEvent(plain, pretty: true) == "2026-11-29T05:00:00.000Z  START RequestId: r1"
    )
    #expect(
      OperateJSON.logLine(event, group: "/aws/lambda/facestack-prod-store").hasPrefix(
        #"{"timestamp":"2026-11-29T05:00:00.000Z","logGroup":"/aws/lambda/facestack-prod-store","logStream":"2026/11/29/[$LATEST]abc","eventId":"7","message":"{\"timestamp\""#
      ))
  }
}

/// A count shared with a `@Sendable` closure.
final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  var value: Int { lock.withLock { count } }
  func increment() { lock.withLock { count += 1 } }
}

/// Strings collected from a `@Sendable` closure.
final class Collected: @unchecked Sendable {
  private let lock = NSLock()
  private var items: [String] = []
  var values: [String] { lock.withLock { items } }
  func add(_ item: String) { lock.withLock { items.append(item) } }
}
