import Foundation

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
