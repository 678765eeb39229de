import CloudFormation
import ResourceTypes
import Testing

@testable import Constructs

@Suite struct LoadBalancerTests {
  @Test func anInternalBalancerListensForClientsAndReachesOnlyItsTargets() {
    let stack = testStack()
    let instances = SecurityGroup(stack, "Instances", vpcId: "vpc-1", description: "instances")
    let balancer = LoadBalancer(
      stack, "Balancer", vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"],
      clients: "10.0.0.0/16", description: "balancer")
    // Closed until connected: a group with no outbound rule would get EC2's allow-all.
    #expect(
      properties(balancer.securityGroup.resource)["SecurityGroupEgress"] == [
        [
          "CidrIp": "255.255.255.255/32", "Description": "no outbound traffic", "FromPort": 252,
          "IpProtocol": "icmp", "ToPort": 86,
        ]
      ])
    let targets = TargetGroup(
      stack, "Targets", vpcId: "vpc-1", port: 8080, healthCheck: .init(path: "/healthz"))
    let listener = balancer.listen(port: 80, forwardTo: targets)
    balancer.connect(to: instances, port: 8080)

    #expect(
      stack.resources.map(\.logicalID) == [
        "Instances", "InstancesFromLoadBalancer8080", "Balancer", "BalancerSecurityGroup",
        "BalancerListener80", "Targets",
      ])
    let lowered = properties(balancer.resource)
    #expect(lowered["Scheme"] == "internal")
    #expect(lowered["Type"] == "application")
    #expect(lowered["Subnets"] == ["subnet-a", "subnet-b"])
    #expect(lowered["SecurityGroups"] == [.getAtt("BalancerSecurityGroup", "GroupId")])
    #expect(
      lowered["LoadBalancerAttributes"] == [
        ["Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"],
        ["Key": "idle_timeout.timeout_seconds", "Value": "60"],
      ])
    let group = properties(balancer.securityGroup.resource)
    #expect(
      group["SecurityGroupIngress"] == [
        [
          "CidrIp": "10.0.0.0/16", "Description": "clients in the VPC to the listener on 80",
          "FromPort": 80, "IpProtocol": "tcp", "ToPort": 80,
        ]
      ])
    #expect(
      group["SecurityGroupEgress"] == [
        [
          "Description": "to the targets on 8080",
          "DestinationSecurityGroupId": .getAtt("Instances", "GroupId"), "FromPort": 8080,
          "IpProtocol": "tcp", "ToPort": 8080,
        ]
      ])
    #expect(properties(instances.resource)["SecurityGroupIngress"] == nil)
    #expect(
      properties(listener.resource) == [
        "DefaultActions": [["TargetGroupArn": .ref("Targets"), "Type": "forward"]],
        "LoadBalancerArn": .ref("Balancer"), "Port": 80, "Protocol": "HTTP",
      ])
    #expect(balancer.listeners.map(\.port) == [80])
    #expect(balancer.dnsName == .getAtt("Balancer", "DNSName"))
    #expect(
      balancer.metricRequestCount().dimensions == [
        .init("LoadBalancer", .getAtt("Balancer", "LoadBalancerFullName"))
      ])
    #expect(stack.diagnostics.isEmpty)
  }

  @Test func theTargetGroupChecksHealthAndDeregistersQuickly() {
    let stack = testStack()
    var check = TargetGroup.HealthCheck(path: "/healthz")
    check.unhealthyThreshold = 2
    let targets = TargetGroup(stack, "Targets", vpcId: "vpc-1", port: 8080, healthCheck: check)
    #expect(
      properties(targets.resource) == [
        "HealthCheckEnabled": true, "HealthCheckIntervalSeconds": 15,
        "HealthCheckPath": "/healthz", "HealthCheckProtocol": "HTTP",
        "HealthCheckTimeoutSeconds": 5, "HealthyThresholdCount": 2,
        "Matcher": ["HttpCode": "200"], "Port": 8080, "Protocol": "HTTP",
        "TargetGroupAttributes": [
          ["Key": "deregistration_delay.timeout_seconds", "Value": "30"]
        ],
        "TargetType": "instance", "UnhealthyThresholdCount": 2, "VpcId": "vpc-1",
      ])
    #expect(targets.arn == .ref("Targets"))
  }

  @Test func ingressFromAnotherGroupNeverAdmitsSSH() {
    let stack = testStack()
    let instances = SecurityGroup(stack, "Instances", vpcId: "vpc-1", description: "instances")
    let other = SecurityGroup(stack, "Other", vpcId: "vpc-1", description: "other")
    instances.allowIngress(port: 22, from: other, id: "FromOther", description: "ssh")
    #expect(
      stack.diagnostics.map(\.message) == ["security group Instances must not admit SSH (port 22)"])
    #expect(stack.resources.map(\.logicalID) == ["Instances", "Other"])
  }
}
