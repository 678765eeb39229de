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

/// One resource of `ListStackResources`.
public struct StackResourceSummary: Sendable, Equatable {
  /// The logical id.
  public var logicalResourceID: String
  /// The physical id.
  public var physicalResourceID: String?
  /// The type.
  public var resourceType: String
  /// The status.
  public var resourceStatus: String
  /// The reason, for failures.
  public var resourceStatusReason: String?
  /// When it last changed.
  public var lastUpdatedTimestamp: Date?

  /// Creates a summary.
  public init(
    logicalResourceID: String, physicalResourceID: String? = nil, resourceType: String,
    resourceStatus: String, resourceStatusReason: String? = nil, lastUpdatedTimestamp: Date? = nil
  ) {
    self.logicalResourceID = logicalResourceID
    self.physicalResourceID = physicalResourceID
    self.resourceType = resourceType
    self.resourceStatus = resourceStatus
    self.resourceStatusReason = resourceStatusReason
    self.lastUpdatedTimestamp = lastUpdatedTimestamp
  }
}

/// One page of `ListStackResources`.
public struct StackResourcesPage: Sendable, Equatable {
  /// The resources.
  public var resources: [StackResourceSummary]
  /// The next page's token.
  public var nextToken: String?

  /// Creates a page.
  public init(resources: [StackResourceSummary], nextToken: String? = nil) {
    self.resources = resources
    self.nextToken = nextToken
  }
}

/// What `ValidateTemplate` answers.
public struct TemplateValidation: Sendable, Equatable {
  /// Declared parameters.
  public var parameters: [TemplateParameter]
  /// The template's description.
  public var description: String?
  /// Capabilities the template needs.
  public var capabilities: [Capability]
  /// Why it needs them.
  public var capabilitiesReason: String?

  /// Creates a validation result.
  public init(
    parameters: [TemplateParameter] = [], description: String? = nil,
    capabilities: [Capability] = [], capabilitiesReason: String? = nil
  ) {
    self.parameters = parameters
    self.description = description
    self.capabilities = capabilities
    self.capabilitiesReason = capabilitiesReason
  }
}

/// A parameter a template declares.
public struct TemplateParameter: Sendable, Equatable {
  /// The parameter's name.
  public var key: String
  /// The default, if any.
  public var defaultValue: String?
  /// Whether the value is hidden.
  public var noEcho: Bool
  /// The description.
  public var description: String?

  /// Creates a parameter.
  public init(
    key: String, defaultValue: String? = nil, noEcho: Bool = false, description: String? = nil
  ) {
    self.key = key
    self.defaultValue = defaultValue
    self.noEcho = noEcho
    self.description = description
  }
}

/// `Original` (as submitted) or `Processed` (transforms applied).
public enum TemplateStage: String, Sendable, Equatable {
  case original = "Original"
  case processed = "Processed"
}
