import AWSClient
import FacestackCore
import Foundation

/// What `facestack status` shows: the deployed stack's status and reason, its last change (the
/// newest stack event), termination protection, drift status when a detection ran, outputs,
/// resource count, and on the local cloud the local cloud's state.
///
/// ```swift
/// let report = try await StackStatusReport.load(try await DeployedStack.load(target))
/// print(OperateText.status(report), terminator: "")
/// ```
public struct StackStatusReport: Sendable {
  /// The environment's name.
  public var environment: String
  /// The region the stack is in.
  public var region: String
  /// The stack as `DescribeStacks` returns it.
  public var stack: Stack
  /// The newest stack event (the last change), when there is one.
  public var lastEvent: StackEvent?
  /// How many resources the stack has.
  public var resourceCount: Int
  /// The local cloud the stack is on; nil on AWS.
  public var localCloud: LocalCloudState?

  /// Creates a report.
  public init(
    environment: String, region: String, stack: Stack, lastEvent: StackEvent? = nil,
    resourceCount: Int, localCloud: LocalCloudState? = nil
  ) {
    self.environment = environment
    self.region = region
    self.stack = stack
    self.lastEvent = lastEvent
    self.resourceCount = resourceCount
    self.localCloud = localCloud
  }

  /// The report of a deployed stack: one `DescribeStackEvents` page and `ListStackResources`.
  public static func load(_ deployed: DeployedStack) async throws -> StackStatusReport {
    let client = deployed.target.aws.cloudFormation
    do {
      let newest = try await client.describeStackEvents(deployed.stack.stackID, nil).events.first
      let resources = try await client.allStackResources(stackName: deployed.stack.stackID)
      return StackStatusReport(
        environment: deployed.target.environment.name, region: deployed.target.aws.region,
        stack: deployed.stack, lastEvent: newest, resourceCount: resources.count,
        localCloud: deployed.target.localCloud)
    } catch {
      throw FacestackError.from(cloud: error)
    }
  }

  /// When the stack last changed: its last update, else its creation.
  public var lastChanged: Date? { stack.lastUpdatedTime ?? stack.creationTime }

  /// The drift status to show: the last detection's, `NOT_CHECKED` when none ran, or nil when
  /// CloudFormation says nothing (the local cloud's emulator has no drift detection).
  public var driftStatus: StackDriftStatus? { stack.driftInformation?.status }
}
