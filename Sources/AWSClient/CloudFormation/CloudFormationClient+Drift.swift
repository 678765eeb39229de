import Foundation

/// The drift calls `facestack drift` makes, in the query protocol: `DetectStackDrift`,
/// `DescribeStackDriftDetectionStatus`, `DescribeStackResourceDrifts`. Set by
/// ``CloudFormationClient/live(_:)``; a double that does not set them throws
/// ``AWSClientError/unimplemented(_:)``.
extension CloudFormationClient {
  static func detectStackDriftCall(_ sender: SignedRequestSender)
    -> @Sendable (String) async throws -> String
  {
    { stackName in
      let result = try await driftQuery(sender, "DetectStackDrift") {
        $0.add("StackName", stackName)
      }
      return try result.required("StackDriftDetectionId", operation: "DetectStackDrift")
    }
  }

  static func describeStackDriftDetectionStatusCall(_ sender: SignedRequestSender)
    -> @Sendable (String) async throws -> StackDriftDetection
  {
    { detectionID in
      let operation = "DescribeStackDriftDetectionStatus"
      let result = try await driftQuery(sender, operation) {
        $0.add("StackDriftDetectionId", detectionID)
      }
      return StackDriftDetection(
        stackID: try result.required("StackId", operation: operation),
        detectionID: try result.required("StackDriftDetectionId", operation: operation),
        stackDriftStatus: result.string("StackDriftStatus").map(StackDriftStatus.init(rawValue:)),
        detectionStatus: DriftDetectionStatus(
          rawValue: try result.required("DetectionStatus", operation: operation)),
        detectionStatusReason: result.string("DetectionStatusReason"),
        driftedResourceCount: result.int("DriftedStackResourceCount"),
        timestamp: result.date("Timestamp"))
    }
  }

  static func describeStackResourceDriftsCall(_ sender: SignedRequestSender)
    -> @Sendable (String, String?) async throws -> StackResourceDriftsPage
  {
    { stackName, nextToken in
      let operation = "DescribeStackResourceDrifts"
      let result = try await driftQuery(sender, operation) {
        $0.add("StackName", stackName)
        $0.add("NextToken", nextToken)
      }
      return StackResourceDriftsPage(
        drifts: try result.members("StackResourceDrifts").map { node in
          StackResourceDrift(
            logicalResourceID: try node.required("LogicalResourceId", operation: operation),
            physicalResourceID: node.string("PhysicalResourceId"),
            resourceType: node.string("ResourceType") ?? "",
            status: try node.required("StackResourceDriftStatus", operation: operation),
            statusReason: node.string("DriftStatusReason"),
            expectedProperties: node.string("ExpectedProperties"),
            actualProperties: node.string("ActualProperties"),
            propertyDifferences: node.members("PropertyDifferences").map {
              PropertyDifference(
                propertyPath: $0.string("PropertyPath") ?? "",
                expectedValue: $0.string("ExpectedValue") ?? "",
                actualValue: $0.string("ActualValue") ?? "",
                differenceType: $0.string("DifferenceType") ?? "")
            },
            timestamp: node.date("Timestamp"))
        },
        nextToken: result.string("NextToken").flatMap { $0.isEmpty ? nil : $0 })
    }
  }

  private static func driftQuery(
    _ sender: SignedRequestSender, _ action: String, _ build: (inout QueryParameters) -> Void
  ) async throws -> XMLTree {
    let service = AWSService.cloudFormation
    var parameters = QueryParameters(action: action, version: service.apiVersion ?? "2010-05-15")
    build(&parameters)
    return try await sender.query(service, parameters)
  }

  /// Every page of `DescribeStackResourceDrifts`: each resource the last detection checked.
  public func allStackResourceDrifts(stackName: String) async throws -> [StackResourceDrift] {
    var drifts: [StackResourceDrift] = []
    var token: String?
    var seenTokens: Set<String> = []
    repeat {
      let page = try await describeStackResourceDrifts(stackName, token)
      drifts += page.drifts
      token = page.nextToken
    } while token.map { seenTokens.insert($0).inserted } ?? false
    return drifts
  }
}
