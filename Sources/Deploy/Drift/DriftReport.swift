import AWSClient
import Foundation
import StackDiff

/// What a drift detection found: each checked resource's status and property differences (on
/// StackDiff's ``PropertyChange``, old = the template's value, new = the resource's), and the
/// stack's resources it did not check.
///
/// ```swift
/// let report = try await DriftDetector(client: aws.cloudFormation).detect(stackName: "facestack-dev-FaceRecognition")
/// if report.isDrifted { print(DriftRenderer().text(report)) }
/// ```
public struct DriftReport: Sendable, Equatable {
  /// The stack's name and ARN.
  public var stackName: String
  public var stackID: String
  /// The detection's id.
  public var detectionID: String
  /// `DRIFTED`, `IN_SYNC` or `UNKNOWN`.
  public var driftStatus: StackDriftStatus
  /// `DETECTION_COMPLETE` or `DETECTION_FAILED`.
  public var detectionStatus: DriftDetectionStatus
  /// Why detection failed (for some resources), when it did.
  public var detectionStatusReason: String?
  /// When the detection started.
  public var detectedAt: Date?
  /// Every checked resource, sorted by logical id.
  public var resources: [ResourceDrift]
  /// The stack's resources the detection did not check, sorted by logical id.
  public var notChecked: [UncheckedResource]

  /// Creates a report.
  public init(
    stackName: String, stackID: String, detectionID: String, driftStatus: StackDriftStatus,
    detectionStatus: DriftDetectionStatus, detectionStatusReason: String? = nil,
    detectedAt: Date? = nil, resources: [ResourceDrift], notChecked: [UncheckedResource]
  ) {
    self.stackName = stackName
    self.stackID = stackID
    self.detectionID = detectionID
    self.driftStatus = driftStatus
    self.detectionStatus = detectionStatus
    self.detectionStatusReason = detectionStatusReason
    self.detectedAt = detectedAt
    self.resources = resources
    self.notChecked = notChecked
  }

  /// The resources that differ from the template (modified or deleted).
  public var drifted: [ResourceDrift] { resources.filter(\.isDrifted) }
  /// The resources that match the template.
  public var inSync: [ResourceDrift] { resources.filter { $0.status == "IN_SYNC" } }
  /// The resources CloudFormation could not check (`UNKNOWN`), with its reason.
  public var unknown: [ResourceDrift] {
    resources.filter { !$0.isDrifted && $0.status != "IN_SYNC" }
  }
  /// Whether any resource drifted.
  public var isDrifted: Bool { driftStatus == .drifted || !drifted.isEmpty }
  /// Whether detection failed for at least one resource.
  public var detectionFailed: Bool { detectionStatus == .failed }
}

/// One checked resource.
public struct ResourceDrift: Sendable, Equatable {
  public var logicalID: String
  public var physicalID: String?
  public var type: String
  /// `IN_SYNC`, `MODIFIED`, `DELETED`, `UNKNOWN`.
  public var status: String
  /// CloudFormation's reason, for `UNKNOWN`.
  public var reason: String?
  /// The properties that differ: old is the template's value, new the resource's.
  public var changes: [PropertyChange]

  /// Creates a resource's drift.
  public init(
    logicalID: String, physicalID: String? = nil, type: String, status: String,
    reason: String? = nil, changes: [PropertyChange] = []
  ) {
    self.logicalID = logicalID
    self.physicalID = physicalID
    self.type = type
    self.status = status
    self.reason = reason
    self.changes = changes
  }

  /// Modified or deleted.
  public var isDrifted: Bool { status == "MODIFIED" || status == "DELETED" }
}

/// A stack resource the detection did not check: its type does not support drift detection.
public struct UncheckedResource: Sendable, Equatable {
  public var logicalID: String
  public var type: String

  /// Creates one.
  public init(logicalID: String, type: String) {
    self.logicalID = logicalID
    self.type = type
  }
}
