import CloudFormation
import ResourceTypes

/// Where the fleet runs: a small VPC the stack creates, or existing subnets passed in.
///
/// ```swift
/// let network = Network(fleet, "Network", choice: .create(cidr: "10.40.0.0/16"))
/// network.subnetIds  // [!Ref NetworkSubnet1, !Ref NetworkSubnet2]
/// ```
///
/// A created VPC has two public subnets in the region's first two Availability Zones
/// (`Fn::GetAZs` + `Fn::Select`, CIDRs cut by `Fn::Cidr`), an internet gateway, one route table
/// with the default route, and an S3 gateway endpoint so that asset downloads and `processed/`
/// writes stay on the AWS network. There is no NAT gateway: instances get public addresses, and
/// their security group admits no inbound traffic from outside the VPC.
public final class Network: Construct {
  /// The VPC's ID.
  public let vpcId: Value
  /// The subnets the fleet launches into.
  public let subnetIds: [Value]
  /// The VPC's CIDR block when the stack created the VPC; `nil` for existing subnets, whose
  /// VPC's block the stack does not know.
  public let cidr: Value?

  /// The Availability Zones used by a created VPC.
  public static let zoneCount = 2

  /// A network for `choice`; `subnetBits` is the host bits of each created subnet (8: a /24 of a
  /// /16).
  public init(
    _ scope: Construct, _ id: String, choice: Environment.Network, subnetBits: Int = 8,
    file: String = #fileID, line: Int = #line
  ) {
    let path = Construct.path(of: id, in: scope)
    switch choice {
    case .existing(let vpc, let subnets):
      vpcId = .string(vpc)
      subnetIds = subnets.map(Value.string)
      cidr = nil
      super.init(scope, id, file: file, line: line)
    case .create(let block):
      let vpcID = LogicalID.make(path: path + ["Vpc"])
      vpcId = .ref(vpcID)
      cidr = .getAtt(vpcID, "CidrBlock")
      subnetIds = (1...Self.zoneCount).map { .ref(LogicalID.make(path: path + ["Subnet\($0)"])) }
      super.init(scope, id, file: file, line: line)
      build(cidr: block, subnetBits: subnetBits, file: file, line: line)
    }
  }

  private func build(cidr block: String, subnetBits: Int, file: String, line: Int) {
    let vpc = CfnResource(
      self, "Vpc",
      EC2VPC(cidrBlock: .literal(block), enableDnsHostnames: true, enableDnsSupport: true),
      file: file, line: line)
    let gateway = CfnResource(self, "InternetGateway", EC2InternetGateway(), file: file, line: line)
    let attachment = CfnResource(
      self, "GatewayAttachment",
      EC2VPCGatewayAttachment(internetGatewayId: .from(gateway.ref), vpcId: .from(vpc.ref)),
      file: file, line: line)
    let routes = CfnResource(
      self, "RouteTable", EC2RouteTable(vpcId: .from(vpc.ref)), file: file, line: line)
    let route = CfnResource(
      self, "InternetRoute",
      EC2Route(
        destinationCidrBlock: "0.0.0.0/0", gatewayId: .from(gateway.ref),
        routeTableId: .from(routes.ref)),
      file: file, line: line)
    // The route needs the gateway attached, which no reference says.
    route.dependsOn = [attachment]
    let blocks: Value = .intrinsic(
      .cidr(
        vpc.getAtt("CidrBlock"), .int(Self.zoneCount), .string(String(subnetBits))))
    for index in 0..<Self.zoneCount {
      let subnet = CfnResource(
        self, "Subnet\(index + 1)",
        EC2Subnet(
          availabilityZone: .select(index, .intrinsic(.getAZs(.string("")))),
          cidrBlock: .select(index, blocks), mapPublicIpOnLaunch: true, vpcId: .from(vpc.ref)),
        file: file, line: line)
      _ = CfnResource(
        self, "Subnet\(index + 1)Routes",
        EC2SubnetRouteTableAssociation(
          routeTableId: .from(routes.ref), subnetId: .from(subnet.ref)), file: file, line: line)
    }
    _ = CfnResource(
      self, "S3Endpoint",
      EC2VPCEndpoint(
        routeTableIds: .literal([.from(routes.ref)]),
        serviceName: .sub("com.amazonaws.${AWS::Region}.s3"), vpcEndpointType: "Gateway",
        vpcId: .from(vpc.ref)),
      file: file, line: line)
  }
}
