import CloudFormation
import ResourceTypes

/// A security group that starts closed: no inbound rule at all (so no SSH; use Session Manager
/// or the serial console), and outbound HTTPS only, which is what AWS APIs, the package
/// repositories and PyPI need. DNS, the instance metadata service and NTP are link-local and not
/// filtered by security groups.
///
/// ```swift
/// let group = SecurityGroup(fleet, "SecurityGroup", vpcId: network.vpcId, description: "recognition service")
/// group.allowIngress(port: 8080, from: network.cidr!, description: "recognition service from the VPC")
/// ```
public final class SecurityGroup: Construct {
  /// The `AWS::EC2::SecurityGroup` resource.
  public let resource: CfnResource

  /// A security group in `vpcId`.
  public init(
    _ scope: Construct, _ id: String, vpcId: Value, description: String,
    file: String = #fileID, line: Int = #line
  ) {
    resource = CfnResource(
      detached: LogicalID.defaultChild,
      EC2SecurityGroup(
        groupDescription: .literal(description),
        securityGroupEgress: .literal([
          .literal(
            EC2SecurityGroup.Egress(
              cidrIp: "0.0.0.0/0", description: "HTTPS to AWS APIs and package repositories",
              fromPort: 443, ipProtocol: "tcp", toPort: 443))
        ]),
        vpcId: .from(vpcId)),
      file: file, line: line)
    super.init(scope, id, file: file, line: line)
    adopt(resource)
  }

  /// The group's ID.
  public var groupId: Value { resource.getAtt("GroupId") }

  /// The inbound rules.
  public var ingress: [EC2SecurityGroup.Ingress] {
    ((resource.properties as? EC2SecurityGroup)?.securityGroupIngress?.literal ?? []).compactMap {
      $0.literal
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
