import Foundation

/// One stack event. `DescribeStackEvents` returns them newest first.
public struct StackEvent: Sendable, Equatable {
  /// Unique per event: the key for de-duplication across polls.
  public var eventID: String
  /// The stack's ARN.
  public var stackID: String
  /// The stack's name.
  public var stackName: String
  /// The logical id of the resource (the stack's own name for stack-level events).
  public var logicalResourceID: String
  /// The physical id, once known.
  public var physicalResourceID: String?
  /// `AWS::CloudFormation::Stack` for stack-level events.
  public var resourceType: String
  /// When it happened.
  public var timestamp: Date
  /// `CREATE_IN_PROGRESS`, `CREATE_FAILED`, ...
  public var resourceStatus: String
  /// The reason, for failures.
  public var resourceStatusReason: String?
  /// The token of the operation that caused it.
  public var clientRequestToken: String?

  /// Creates an event.
  public init(
    eventID: String, stackID: String, stackName: String, logicalResourceID: String,
    physicalResourceID: String? = nil, resourceType: String, timestamp: Date,
    resourceStatus: String, resourceStatusReason: String? = nil, clientRequestToken: String? = nil
  ) {
    self.eventID = eventID
    self.stackID = stackID
    self.stackName = stackName
    self.logicalResourceID = logicalResourceID
    self.physicalResourceID = physicalResourceID
    self.resourceType = resourceType
    self.timestamp = timestamp
    self.resourceStatus = resourceStatus
    self.resourceStatusReason = resourceStatusReason
    self.clientRequestToken = clientRequestToken
  }

  /// True for events about the stack itself rather than one of its resources.
  public var isStackEvent: Bool { resourceType == "AWS::CloudFormation::Stack" }
}

/// One page of `DescribeStackEvents`.
public struct StackEventsPage: Sendable, Equatable {
  /// Events, newest first.
  public var events: [StackEvent]
  /// The token of the next (older) page, nil on the last.
  public var nextToken: String?

  /// Creates a page.
  public init(events: [StackEvent], nextToken: String? = nil) {
    self.events = events
    self.nextToken = nextToken
  }
}
