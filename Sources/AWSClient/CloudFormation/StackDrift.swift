import Foundation

/// A stack's drift status (`StackDriftStatus`): `DRIFTED`, `IN_SYNC`, `UNKNOWN`, `NOT_CHECKED`.
/// A raw string wrapper, so statuses AWS adds later still parse.
public struct StackDriftStatus: RawRepresentable, Sendable, Hashable, Codable,
  CustomStringConvertible, ExpressibleByStringLiteral
{
  /// The status text.
  public var rawValue: String
  /// Creates a status.
  public init(rawValue: String) { self.rawValue = rawValue }
  /// Creates a status from a literal.
  public init(stringLiteral value: String) { self.rawValue = value }
  public var description: String { rawValue }

  public static let drifted: StackDriftStatus = "DRIFTED"
  public static let inSync: StackDriftStatus = "IN_SYNC"
  public static let unknown: StackDriftStatus = "UNKNOWN"
  public static let notChecked: StackDriftStatus = "NOT_CHECKED"
}

/// What `DescribeStacks` says of a stack's last drift detection (`DriftInformation`).
public struct StackDriftInformation: Sendable, Equatable {
  /// The status found by the last detection (`NOT_CHECKED` when none ran).
  public var status: StackDriftStatus
  /// When the last detection ran.
  public var lastCheck: Date?

  /// Creates drift information.
  public init(status: StackDriftStatus, lastCheck: Date? = nil) {
    self.status = status
    self.lastCheck = lastCheck
  }
}

/// A drift detection's progress (`StackDriftDetectionStatus`): `DETECTION_IN_PROGRESS`,
/// `DETECTION_FAILED` (for at least one resource; the others have results), `DETECTION_COMPLETE`.
public struct DriftDetectionStatus: RawRepresentable, Sendable, Hashable, Codable,
  CustomStringConvertible, ExpressibleByStringLiteral
{
  /// The status text.
  public var rawValue: String
  /// Creates a status.
  public init(rawValue: String) { self.rawValue = rawValue }
  /// Creates a status from a literal.
  public init(stringLiteral value: String) { self.rawValue = value }
  public var description: String { rawValue }

  public static let inProgress: DriftDetectionStatus = "DETECTION_IN_PROGRESS"
  public static let failed: DriftDetectionStatus = "DETECTION_FAILED"
  public static let complete: DriftDetectionStatus = "DETECTION_COMPLETE"
}

/// `DescribeStackDriftDetectionStatus`'s answer.
public struct StackDriftDetection: Sendable, Equatable {
  /// The stack's ARN.
  public var stackID: String
  /// The detection's id (`DetectStackDrift`'s answer).
  public var detectionID: String
  /// The stack's drift status; nil while the detection runs.
  public var stackDriftStatus: StackDriftStatus?
  /// Whether the detection runs, failed or completed.
  public var detectionStatus: DriftDetectionStatus
  /// Why it failed (or what it could not check).
  public var detectionStatusReason: String?
  /// How many resources drifted.
  public var driftedResourceCount: Int?
  /// When the detection started.
  public var timestamp: Date?

  /// Creates a detection status.
  public init(
    stackID: String, detectionID: String, stackDriftStatus: StackDriftStatus? = nil,
    detectionStatus: DriftDetectionStatus, detectionStatusReason: String? = nil,
    driftedResourceCount: Int? = nil, timestamp: Date? = nil
  ) {
    self.stackID = stackID
    self.detectionID = detectionID
    self.stackDriftStatus = stackDriftStatus
    self.detectionStatus = detectionStatus
    self.detectionStatusReason = detectionStatusReason
    self.driftedResourceCount = driftedResourceCount
    self.timestamp = timestamp
  }
}

/// One resource's drift (`StackResourceDrift`).
public struct StackResourceDrift: Sendable, Equatable {
  /// The logical id.
  public var logicalResourceID: String
  /// The physical id.
  public var physicalResourceID: String?
  /// The resource type.
  public var resourceType: String
  /// `IN_SYNC`, `MODIFIED`, `DELETED`, `NOT_CHECKED`, `UNKNOWN`, `UNSUPPORTED`.
  public var status: String
  /// Why the status is what it is (`UNKNOWN`, `UNSUPPORTED`).
  public var statusReason: String?
  /// The properties the template sets, as JSON text.
  public var expectedProperties: String?
  /// The properties the resource has, as JSON text.
  public var actualProperties: String?
  /// The properties that differ.
  public var propertyDifferences: [PropertyDifference]
  /// When it was checked.
  public var timestamp: Date?

  /// Creates a resource drift.
  public init(
    logicalResourceID: String, physicalResourceID: String? = nil, resourceType: String,
    status: String, statusReason: String? = nil, expectedProperties: String? = nil,
    actualProperties: String? = nil, propertyDifferences: [PropertyDifference] = [],
    timestamp: Date? = nil
  ) {
    self.logicalResourceID = logicalResourceID
    self.physicalResourceID = physicalResourceID
    self.resourceType = resourceType
    self.status = status
    self.statusReason = statusReason
    self.expectedProperties = expectedProperties
    self.actualProperties = actualProperties
    self.propertyDifferences = propertyDifferences
    self.timestamp = timestamp
  }
}

/// One property that differs (`PropertyDifference`).
public struct PropertyDifference: Sendable, Equatable {
  /// A JSON pointer into the properties (`/MemorySize`, `/Tags/0/Value`).
  public var propertyPath: String
  /// The template's value, as text.
  public var expectedValue: String
  /// The resource's value, as text.
  public var actualValue: String
  /// `ADD`, `REMOVE` or `NOT_EQUAL`.
  public var differenceType: String

  /// Creates a property difference.
  public init(
    propertyPath: String, expectedValue: String, actualValue: String, differenceType: String
  ) {
    self.propertyPath = propertyPath
    self.expectedValue = expectedValue
    self.actualValue = actualValue
    self.differenceType = differenceType
  }
}

/// One page of `DescribeStackResourceDrifts`.
public struct StackResourceDriftsPage: Sendable, Equatable {
  /// The checked resources.
  public var drifts: [StackResourceDrift]
  /// The token of the next page, nil on the last.
  public var nextToken: String?

  /// Creates a page.
  public init(drifts: [StackResourceDrift], nextToken: String? = nil) {
    self.drifts = drifts
    self.nextToken = nextToken
  }
}
