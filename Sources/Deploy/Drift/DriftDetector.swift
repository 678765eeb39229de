import AWSClient
import Foundation

/// Runs CloudFormation's drift detection on a stack and collects the result: `DetectStackDrift`,
/// `DescribeStackDriftDetectionStatus` until it is no longer in progress, every page of
/// `DescribeStackResourceDrifts`, and `ListStackResources` for what was not checked.
///
/// ```swift
/// let detector = DriftDetector(client: aws.cloudFormation)
/// let report = try await detector.detect(stackName: "facestack-dev-FaceRecognition")
/// ```
public struct DriftDetector: Sendable {
  /// The CloudFormation client.
  public var client: CloudFormationClient
  /// Seconds between status polls.
  public var pollInterval: Double
  /// Seconds before giving up with ``AWSClientError/timeout(_:)``.
  public var timeout: Double
  /// How to wait; tests pass one that returns at once.
  public var sleep: @Sendable (Double) async throws -> Void

  /// A detector.
  public init(
    client: CloudFormationClient, pollInterval: Double = 2, timeout: Double = 900,
    sleep: @escaping @Sendable (Double) async throws -> Void = { seconds in
      try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
    }
  ) {
    self.client = client
    self.pollInterval = pollInterval
    self.timeout = timeout
    self.sleep = sleep
  }

  /// Detects drift on `stackName` and waits for the result; `progress` sees each poll.
  public func detect(
    stackName: String, progress: @Sendable (StackDriftDetection) -> Void = { _ in }
  ) async throws -> DriftReport {
    let detectionID = try await client.detectStackDrift(stackName)
    var waited = 0.0
    var status = try await client.describeStackDriftDetectionStatus(detectionID)
    while status.detectionStatus == .inProgress {
      progress(status)
      guard waited < timeout else {
        throw AWSClientError.timeout(
          "drift detection \(detectionID) of \(stackName) is still in progress after "
            + "\(Int(waited)) seconds")
      }
      try await sleep(pollInterval)
      waited += pollInterval
      status = try await client.describeStackDriftDetectionStatus(detectionID)
    }
    let drifts = try await client.allStackResourceDrifts(stackName: status.stackID)
    let resources = try await client.allStackResources(stackName: status.stackID)
    return Self.report(
      stackName: stackName, status: status, drifts: drifts, resources: resources)
  }

  /// The report of a finished detection: its resource drifts, and the stack's resources it has
  /// no result for (or marks `NOT_CHECKED` or `UNSUPPORTED`) as not checked.
  public static func report(
    stackName: String, status: StackDriftDetection, drifts: [StackResourceDrift],
    resources: [StackResourceSummary]
  ) -> DriftReport {
    let unchecked: Set<String> = ["NOT_CHECKED", "UNSUPPORTED"]
    let checked = drifts.filter { !unchecked.contains($0.status) }
    let checkedIDs = Set(checked.map(\.logicalResourceID))
    var notChecked = resources.filter { !checkedIDs.contains($0.logicalResourceID) }.map {
      UncheckedResource(logicalID: $0.logicalResourceID, type: $0.resourceType)
    }
    // A result for a resource ListStackResources no longer shows (deleted meanwhile) still counts.
    for drift in drifts where unchecked.contains(drift.status) {
      if !notChecked.contains(where: { $0.logicalID == drift.logicalResourceID }) {
        notChecked.append(
          UncheckedResource(logicalID: drift.logicalResourceID, type: drift.resourceType))
      }
    }
    return DriftReport(
      stackName: stackName, stackID: status.stackID, detectionID: status.detectionID,
      driftStatus: status.stackDriftStatus ?? .unknown, detectionStatus: status.detectionStatus,
      detectionStatusReason: status.detectionStatusReason, detectedAt: status.timestamp,
      resources: checked.map(DriftDifferences.resource).sorted { $0.logicalID < $1.logicalID },
      notChecked: notChecked.sorted { $0.logicalID < $1.logicalID })
  }
}
