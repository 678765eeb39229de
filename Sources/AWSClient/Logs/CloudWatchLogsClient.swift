import Foundation

/// The CloudWatch Logs calls `facestack logs` makes: `FilterLogEvents` over a log group, one page
/// at a time, as a struct of closures (see ``CloudFormationClient`` for the pattern).
///
/// ```swift
/// var input = FilterLogEventsInput(logGroup: "/aws/lambda/facestack-dev-detect",
///                                  startTime: Date().addingTimeInterval(-600))
/// let page = try await aws.logs.filterLogEvents(input)
/// ```
public struct CloudWatchLogsClient: Sendable {
  /// One page of `FilterLogEvents`.
  public var filterLogEvents: @Sendable (FilterLogEventsInput) async throws -> LogEventsPage

  /// Creates a client from closures.
  public init(
    filterLogEvents: @escaping @Sendable (FilterLogEventsInput) async throws -> LogEventsPage
  ) {
    self.filterLogEvents = filterLogEvents
  }

  /// Every event matching `input` (all pages), oldest first.
  public func allEvents(_ input: FilterLogEventsInput) async throws -> [LogEvent] {
    var events: [LogEvent] = []
    var input = input
    var seen: Set<String> = []
    repeat {
      let page = try await filterLogEvents(input)
      events += page.events
      input.nextToken = page.nextToken
    } while input.nextToken.map { seen.insert($0).inserted } ?? false
    return events.sorted { ($0.timestamp, $0.eventID) < ($1.timestamp, $1.eventID) }
  }

  /// The client that calls CloudWatch Logs' JSON API through `sender`.
  public static func live(_ sender: SignedRequestSender) -> CloudWatchLogsClient {
    CloudWatchLogsClient(filterLogEvents: { input in
      var body: [String: any Sendable] = ["logGroupName": input.logGroup]
      if let start = input.startTime { body["startTime"] = Int64(start.timeIntervalSince1970 * 1000) }
      if let end = input.endTime { body["endTime"] = Int64(end.timeIntervalSince1970 * 1000) }
      if let pattern = input.filterPattern { body["filterPattern"] = pattern }
      if !input.logStreams.isEmpty { body["logStreamNames"] = input.logStreams }
      if let token = input.nextToken { body["nextToken"] = token }
      let answer = try await sender.json(.logs, operation: "FilterLogEvents", body: body)
      let events = ((answer["events"] as? [[String: Any]]) ?? []).map { event in
        LogEvent(
          logStream: event["logStreamName"] as? String ?? "",
          timestamp: Date(
            timeIntervalSince1970: Double((event["timestamp"] as? NSNumber)?.int64Value ?? 0)
              / 1000),
          message: event["message"] as? String ?? "", eventID: event["eventId"] as? String ?? "")
      }
      return LogEventsPage(events: events, nextToken: answer["nextToken"] as? String)
    })
  }

  /// Every call throws ``AWSClientError/unimplemented(_:)``.
  public static var unimplemented: CloudWatchLogsClient {
    CloudWatchLogsClient(filterLogEvents: { _ in
      throw AWSClientError.unimplemented("logs FilterLogEvents")
    })
  }
}

/// `FilterLogEvents`' parameters.
public struct FilterLogEventsInput: Sendable, Equatable {
  public var logGroup: String
  public var logStreams: [String]
  public var startTime: Date?
  public var endTime: Date?
  /// CloudWatch Logs' filter pattern syntax (`ERROR`, `"some words"`, `{ $.level = "ERROR" }`).
  public var filterPattern: String?
  public var nextToken: String?

  public init(
    logGroup: String, logStreams: [String] = [], startTime: Date? = nil, endTime: Date? = nil,
    filterPattern: String? = nil, nextToken: String? = nil
  ) {
    self.logGroup = logGroup
    self.logStreams = logStreams
    self.startTime = startTime
    self.endTime = endTime
    self.filterPattern = filterPattern
    self.nextToken = nextToken
  }
}

/// One log event.
public struct LogEvent: Sendable, Equatable {
  public var logStream: String
  public var timestamp: Date
  public var message: String
  public var eventID: String

  public init(logStream: String, timestamp: Date, message: String, eventID: String) {
    self.logStream = logStream
    self.timestamp = timestamp
    self.message = message
    self.eventID = eventID
  }
}

/// One page of events.
public struct LogEventsPage: Sendable, Equatable {
  public var events: [LogEvent]
  public var nextToken: String?

  public init(events: [LogEvent], nextToken: String? = nil) {
    self.events = events
    self.nextToken = nextToken
  }
}
