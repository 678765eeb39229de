import AWSClient
import Foundation

/// Where a stack operation is: resources done of total, what is in flight, elapsed time, and
/// the failures so far.
public struct ProgressSnapshot: Sendable, Equatable {
  /// Resources that reached a final status (`*_COMPLETE`, `*_FAILED`, `*_SKIPPED`).
  public var done: Int
  /// Resources the operation touches.
  public var total: Int
  /// Logical ids with an operation in progress, sorted.
  public var inFlight: [String]
  /// Seconds since the operation started.
  public var elapsed: TimeInterval
  /// The stack's own latest status, from its events.
  public var stackStatus: String?
}

/// A failed resource and CloudFormation's reason.
public struct ResourceFailure: Sendable, Equatable {
  /// The logical id.
  public var logicalID: String
  /// The type.
  public var type: String
  /// `CREATE_FAILED`, ...
  public var status: String
  /// The reason.
  public var reason: String
}

/// Folds stack events (oldest first, each once) into a ``ProgressSnapshot``.
public struct ProgressTracker: Sendable {
  /// Resources the operation touches; grows when events name others.
  public private(set) var total: Int
  private var statusByResource: [String: String] = [:]
  private var counted: Set<String> = []
  /// Failures in the order they happened; cancellations caused by another failure are left
  /// out, as they say nothing new.
  public private(set) var failures: [ResourceFailure] = []
  /// The stack's latest status from its events.
  public private(set) var stackStatus: String?

  /// A tracker for an operation touching `total` resources.
  public init(total: Int) { self.total = total }

  /// Takes one event into account.
  public mutating func record(_ event: StackEvent) {
    if event.isStackEvent && event.logicalResourceID == event.stackName {
      stackStatus = event.resourceStatus
      return
    }
    let id = event.logicalResourceID
    statusByResource[id] = event.resourceStatus
    if counted.insert(id).inserted && counted.count > total { total = counted.count }
    if event.resourceStatus.hasSuffix("_FAILED"), let reason = event.resourceStatusReason,
      !reason.contains("Resource creation cancelled"), !reason.contains("Resource update cancelled")
    {
      failures.append(
        ResourceFailure(
          logicalID: id, type: event.resourceType, status: event.resourceStatus, reason: reason))
    }
  }

  /// The snapshot after `elapsed` seconds.
  public func snapshot(elapsed: TimeInterval) -> ProgressSnapshot {
    let final = statusByResource.values.filter(Self.isFinal).count
    let inFlight = statusByResource.filter { $0.value.hasSuffix("_IN_PROGRESS") }.keys.sorted()
    return ProgressSnapshot(
      done: final, total: max(total, final), inFlight: inFlight, elapsed: elapsed,
      stackStatus: stackStatus)
  }

  static func isFinal(_ status: String) -> Bool {
    status.hasSuffix("_COMPLETE") || status.hasSuffix("_FAILED") || status.hasSuffix("_SKIPPED")
  }
}
