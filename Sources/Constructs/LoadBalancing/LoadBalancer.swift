import CloudFormation
import ResourceTypes

/// An internal Application Load Balancer: reachable from inside the VPC only, in the given
/// subnets, with a security group of its own that admits each listener's port from the clients'
/// CIDR block and lets traffic out only to the instances it was connected to.
///
/// ```swift
/// let balancer = LoadBalancer(fleet, "LoadBalancer", vpcId: network.vpcId,
///                             subnetIds: network.subnetIds, clients: network.cidr!)
/// let targets = TargetGroup(fleet, "Targets", vpcId: network.vpcId, port: 8080,
///                           healthCheck: .init(path: "/healthz"))
/// balancer.listen(port: 80, forwardTo: targets)
/// balancer.connect(to: instances, port: 8080)   // exactly balancer → instances on 8080
/// group.attach(targets)                         // the Auto Scaling group registers its instances
/// ```
///
/// Defaults: HTTP headers that are not valid are dropped before they reach the service
/// (`routing.http.drop_invalid_header_fields.enabled`), and a 60 s idle timeout.
public final class LoadBalancer: Construct {
  /// The `AWS::ElasticLoadBalancingV2::LoadBalancer` resource.
  public let resource: CfnResource
  /// The load balancer's security group (child `SecurityGroup`).
  public var securityGroup: SecurityGroup { child("SecurityGroup") }
  /// The CIDR block of the clients its listeners admit.
  public let clients: Value
  /// The listeners, in creation order.
  public private(set) var listeners: [Listener] = []

  /// An internal load balancer in `subnetIds` (two Availability Zones at least) of `vpcId`,
  /// for clients in `clients`.
  public init(
    _ scope: Construct, _ id: String, vpcId: Value, subnetIds: [Value], clients: Value,
    description: String, idleTimeout: Int = 60, file: String = #fileID, line: Int = #line
  ) {
    self.clients = clients
    resource = CfnResource(
      detached: LogicalID.defaultChild,
      ElasticLoadBalancingV2LoadBalancer(
        loadBalancerAttributes: .literal([
          .literal(
            .init(key: "routing.http.drop_invalid_header_fields.enabled", value: "true")),
          .literal(
            .init(key: "idle_timeout.timeout_seconds", value: .literal(String(idleTimeout)))),
        ]),
        scheme: .literal(.internal),
        subnets: .literal(subnetIds.map { .from($0) }),
        type: .literal(.application)),
      file: file, line: line)
    let securityGroupID = LogicalID.make(
      path: Construct.path(of: id, in: scope) + ["SecurityGroup"])
    resource.update(ElasticLoadBalancingV2LoadBalancer.self) {
      $0.securityGroups = .literal([.from(.getAtt(securityGroupID, "GroupId"))])
    }
    super.init(scope, id, file: file, line: line)
    adopt(resource)
    _ = SecurityGroup(
      self, "SecurityGroup", vpcId: vpcId, description: description, httpsOutbound: false,
      file: file, line: line)
  }

  /// The load balancer's ARN (`Ref`).
  public var arn: Value { resource.ref }
  /// The DNS name clients call.
  public var dnsName: Value {
    resource.getAtt(ElasticLoadBalancingV2LoadBalancer.Attribute.dnsName.name)
  }
  /// The name CloudWatch's `LoadBalancer` dimension uses (`app/<name>/<id>`).
  public var fullName: Value {
    resource.getAtt(ElasticLoadBalancingV2LoadBalancer.Attribute.loadBalancerFullName.name)
  }

  /// A listener on `port` (child `Listener<port>`) forwarding every request to `targets`; the
  /// security group admits `port` from the clients' CIDR block.
  @discardableResult
  public func listen(
    port: Int, forwardTo targets: TargetGroup, file: String = #fileID, line: Int = #line
  ) -> Listener {
    securityGroup.allowIngress(
      port: port, from: clients, description: "clients in the VPC to the listener on \(port)",
      file: file, line: line)
    let listener = Listener(
      self, "Listener\(port)", loadBalancer: arn, port: port, targets: targets, file: file,
      line: line)
    listeners.append(listener)
    return listener
  }

  /// Lets the load balancer reach `instances` on `port`, and nothing else: its security group's
  /// only outbound rule, and an inbound rule of `instances` (child `FromLoadBalancer<port>` of
  /// it) from the load balancer's group.
  public func connect(
    to instances: SecurityGroup, port: Int, file: String = #fileID, line: Int = #line
  ) {
    securityGroup.allowEgress(
      port: port, to: instances, description: "to the targets on \(port)")
    instances.allowIngress(
      port: port, from: securityGroup, id: "FromLoadBalancer\(port)",
      description: "from the load balancer", file: file, line: line)
  }
}
