import CloudFormation
import ResourceTypes

/// An HTTP target group of EC2 instances on one port, with a health check. An Auto Scaling
/// group registers its instances in it (``AutoScalingGroup/attach(_:)``) and a load balancer's
/// listener forwards to it.
///
/// ```swift
/// let targets = TargetGroup(fleet, "Targets", vpcId: network.vpcId, port: 8080,
///                           healthCheck: .init(path: "/healthz"))
/// ```
///
/// Defaults: a check every 15 s that two answers of 200 within 5 s make healthy and three
/// failures unhealthy, and 30 s of deregistration delay (requests in flight finish; a scale-in
/// does not wait ELB's default 300 s).
public final class TargetGroup: Construct {
  /// How the load balancer checks an instance.
  public struct HealthCheck: Sendable {
    /// The path asked with `GET`.
    public var path: String
    /// Seconds between checks.
    public var intervalSeconds = 15
    /// Seconds an answer may take.
    public var timeoutSeconds = 5
    /// Consecutive successes before an instance is healthy.
    public var healthyThreshold = 2
    /// Consecutive failures before an instance is unhealthy.
    public var unhealthyThreshold = 3
    /// The status codes that count as healthy.
    public var successCodes = "200"

    /// A check of `path`.
    public init(path: String) { self.path = path }
  }

  /// The `AWS::ElasticLoadBalancingV2::TargetGroup` resource.
  public let resource: CfnResource
  /// The instances' port.
  public let port: Int

  /// A target group of instances listening on `port` in `vpcId`.
  public init(
    _ scope: Construct, _ id: String, vpcId: Value, port: Int, healthCheck: HealthCheck,
    deregistrationDelay: Int = 30, file: String = #fileID, line: Int = #line
  ) {
    self.port = port
    resource = CfnResource(
      detached: LogicalID.defaultChild,
      ElasticLoadBalancingV2TargetGroup(
        healthCheckEnabled: true,
        healthCheckIntervalSeconds: .literal(healthCheck.intervalSeconds),
        healthCheckPath: .literal(healthCheck.path),
        healthCheckProtocol: .literal(.http),
        healthCheckTimeoutSeconds: .literal(healthCheck.timeoutSeconds),
        healthyThresholdCount: .literal(healthCheck.healthyThreshold),
        matcher: .literal(.init(httpCode: .literal(healthCheck.successCodes))),
        port: .literal(port),
        protocol: .literal(.http),
        targetGroupAttributes: .literal([
          .literal(
            .init(
              key: "deregistration_delay.timeout_seconds",
              value: .literal(String(deregistrationDelay))))
        ]),
        targetType: .literal(.instance),
        unhealthyThresholdCount: .literal(healthCheck.unhealthyThreshold),
        vpcId: .from(vpcId)),
      file: file, line: line)
    super.init(scope, id, file: file, line: line)
    adopt(resource)
  }

  /// The target group's ARN (`Ref`).
  public var arn: Value { resource.ref }
  /// The name CloudWatch's `TargetGroup` dimension uses (`targetgroup/<name>/<id>`).
  public var fullName: Value {
    resource.getAtt(ElasticLoadBalancingV2TargetGroup.Attribute.targetGroupFullName.name)
  }
}
