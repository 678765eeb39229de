import CloudFormation
import ResourceTypes

/// A security group that starts closed: no inbound rule at all (so no SSH; use Session Manager
/// or the serial console), and outbound HTTPS only, which is what AWS APIs, the package
/// repositories and PyPI need; or, with `httpsOutbound: false`, no outbound rule until
/// ``allowEgress(port:to:description:)`` adds one. DNS, the instance metadata service and NTP
/// are link-local and not filtered by security groups.
///
/// ```swift
/// let instances = SecurityGroup(fleet, "SecurityGroup", vpcId: network.vpcId, description: "instances")
/// let balancer = SecurityGroup(fleet, "Balancer", vpcId: network.vpcId, description: "load balancer",
///                              httpsOutbound: false)
/// balancer.allowIngress(port: 80, from: network.cidr!, description: "clients in the VPC")
/// balancer.allowEgress(port: 8080, to: instances, description: "to the service")
/// instances.allowIngress(port: 8080, from: balancer, id: "FromBalancer", description: "from the load balancer")
/// ```
public final class SecurityGroup: Construct {
  /// The `AWS::EC2::SecurityGroup` resource.
  public let resource: CfnResource

  /// The outbound rule of a group that allows nothing out. A group without outbound rules
  /// gets EC2's allow-all rule, so a closed group holds this one instead (as AWS CDK does):
  /// ICMP type 252, code 86, which nothing sends, to a single address.
  public static let noOutbound = EC2SecurityGroup.Egress(
    cidrIp: "255.255.255.255/32", description: "no outbound traffic", fromPort: 252,
    ipProtocol: "icmp", toPort: 86)

  /// A security group in `vpcId`.
  public init(
    _ scope: Construct, _ id: String, vpcId: Value, description: String,
    httpsOutbound: Bool = true, file: String = #fileID, line: Int = #line
  ) {
    let egress =
      httpsOutbound
      ? EC2SecurityGroup.Egress(
        cidrIp: "0.0.0.0/0", description: "HTTPS to AWS APIs and package repositories",
        fromPort: 443, ipProtocol: "tcp", toPort: 443)
      : Self.noOutbound
    resource = CfnResource(
      detached: LogicalID.defaultChild,
      EC2SecurityGroup(
        groupDescription: .literal(description),
        securityGroupEgress: .literal([.literal(egress)]),
        vpcId: .from(vpcId)),
      file: file, line: line)
    super.init(scope, id, file: file, line: line)
    adopt(resource)
  }

  /// The group's ID.
  public var groupId: Value { resource.getAtt("GroupId") }

  /// The inbound rules written in the group (rules from other groups are resources of their
  /// own, see ``allowIngress(port:from:id:description:file:line:)``).
  public var ingress: [EC2SecurityGroup.Ingress] {
    ((resource.properties as? EC2SecurityGroup)?.securityGroupIngress?.literal ?? []).compactMap {
      $0.literal
    }
  }

  /// The outbound rules.
  public var egress: [EC2SecurityGroup.Egress] {
    ((resource.properties as? EC2SecurityGroup)?.securityGroupEgress?.literal ?? []).compactMap {
      $0.literal
    }
  }

  /// Admits TCP on `port` from the members of `source`, as an `AWS::EC2::SecurityGroupIngress`
  /// of its own (child `id`): written inside the group it would make two groups that name each
  /// other a dependency cycle.
  @discardableResult
  public func allowIngress(
    port: Int, from source: SecurityGroup, id: String, description: String,
    file: String = #fileID, line: Int = #line
  ) -> CfnResource? {
    guard port != 22 else {
      stack.report(
        .error, "security group \(resource.logicalID) must not admit SSH (port 22)",
        at: SourceLocation(file: file, line: line))
      return nil
    }
    return CfnResource(
      self, id,
      EC2SecurityGroupIngress(
        description: .literal(description), fromPort: .literal(port), groupId: .from(groupId),
        ipProtocol: "tcp", sourceSecurityGroupId: .from(source.groupId), toPort: .literal(port)),
      file: file, line: line)
  }

  /// Lets TCP on `port` out to the members of `destination`; the first such rule of a group made
  /// with `httpsOutbound: false` replaces its no-outbound placeholder.
  public func allowEgress(port: Int, to destination: SecurityGroup, description: String) {
    resource.update(EC2SecurityGroup.self) {
      let placeholder = Self.noOutbound.loweredProperties()
      var rules = ($0.securityGroupEgress?.literal ?? []).filter {
        $0.literal?.loweredProperties() != placeholder
      }
      rules.append(
        .literal(
          EC2SecurityGroup.Egress(
            description: .literal(description),
            destinationSecurityGroupId: .from(destination.groupId), fromPort: .literal(port),
            ipProtocol: "tcp", toPort: .literal(port))))
      $0.securityGroupEgress = .literal(rules)
    }
  }

  /// Admits TCP on `port` from `cidr`. Port 22 is refused: instances are reached through
  /// Session Manager, never SSH.
  public func allowIngress(
    port: Int, from cidr: Value, description: String, file: String = #fileID, line: Int = #line
  ) {
    guard port != 22 else {
      stack.report(
        .error, "security group \(resource.logicalID) must not admit SSH (port 22)",
        at: SourceLocation(file: file, line: line))
      return
    }
    resource.update(EC2SecurityGroup.self) {
      var rules = $0.securityGroupIngress?.literal ?? []
      rules.append(
        .literal(
          EC2SecurityGroup.Ingress(
            cidrIp: .from(cidr), description: .literal(description), fromPort: .literal(port),
            ipProtocol: "tcp", toPort: .literal(port))))
      $0.securityGroupIngress = .literal(rules)
    }
  }
}
