import CloudFormation
import Foundation
import JSONPaths

/// One event of an execution's history, as `GetExecutionHistory` returns it.
///
/// ```swift
/// for event in result.history {
///   print(event.id, event.previousEventId, event.type.rawValue)
/// }
/// let page = HistoryEvent.historyJSON(result.history)   // {"events": [...]}
/// ```
public struct HistoryEvent: Sendable, Equatable {
  /// 1, 2, 3, ... in the order the events happened.
  public let id: Int
  /// The event this one follows in its state's or branch's sequence (0 for none), as Step
  /// Functions links them.
  public let previousEventId: Int
  /// When it happened, on the execution's clock.
  public let timestamp: Date
  /// What happened.
  public let type: HistoryEventType
  /// The type's details.
  public let details: HistoryEventDetails

  /// The event as the Step Functions API's `HistoryEvent` JSON: `timestamp` in epoch seconds,
  /// the details under their member (`taskScheduledEventDetails`, ...), inputs and outputs as
  /// JSON text.
  public var json: JSONDocument {
    var members: [(String, JSONDocument)] = [
      ("timestamp", .number(Self.epochSeconds(timestamp))),
      ("type", .string(type.rawValue)),
      ("id", .integer(id)),
      ("previousEventId", .integer(previousEventId)),
    ]
    if let member = type.detailsMember, let body = details.json {
      members.append((member, body))
    }
    return .object(members)
  }

  /// A `GetExecutionHistory` response body: `{"events": [...]}`.
  public static func historyJSON(_ events: [HistoryEvent]) -> JSONDocument {
    .object([("events", .array(events.map(\.json)))])
  }

  static func epochSeconds(_ date: Date) -> String {
    let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
    let seconds = milliseconds / 1000
    let fraction = abs(milliseconds % 1000)
    guard fraction != 0 else { return String(seconds) }
    var digits = String(fraction)
    digits = String(repeating: "0", count: 3 - digits.count) + digits
    while digits.hasSuffix("0") { digits.removeLast() }
    return "\(seconds).\(digits)"
  }
}
