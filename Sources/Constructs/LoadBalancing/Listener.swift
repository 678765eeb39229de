import CloudFormation
import ResourceTypes

/// A load balancer listener that forwards every request to one target group. Made by
/// ``LoadBalancer/listen(port:forwardTo:file:line:)``.
///
/// ```swift
/// let listener = balancer.listen(port: 80, forwardTo: targets)   // FleetLoadBalancerListener80
/// ```
///
/// It speaks plain HTTP: the load balancer is internal, reached from inside the VPC only.
public final class Listener: Construct {
  /// The `AWS::ElasticLoadBalancingV2::Listener` resource.
  public let resource: CfnResource
  /// The port it listens on.
  public let port: Int

  /// A listener on `port` of `loadBalancer` forwarding to `targets`.
  public init(
    _ scope: Construct, _ id: String, loadBalancer: Value, port: Int, targets: TargetGroup,
    file: String = #fileID, line: Int = #line
  ) {
    self.port = port
    resource = CfnResource(
      detached: LogicalID.defaultChild,
      ElasticLoadBalancingV2Listener(
        defaultActions: .literal([
          .literal(.init(targetGroupArn: .from(targets.arn), type: .literal(.forward)))
        ]),
        loadBalancerArn: .from(loadBalancer), port: .literal(port), protocol: .literal(.http)),
      file: file, line: line)
    super.init(scope, id, file: file, line: line)
    adopt(resource)
  }

  /// The listener's ARN (`Ref`).
  public var arn: Value { resource.ref }
}
