import CloudFormation
import IAM
import ResourceTypes
import Testing

@testable import Constructs

@Suite struct NetworkTests {
  @Test func createdNetworkHasTwoPublicSubnetsInTwoZones() {
    let stack = testStack()
    let network = Network(stack, "Network", choice: .create(cidr: "10.9.0.0/16"))
    let ids = stack.resources.map(\.logicalID)
    #expect(
      ids == [
        "NetworkVpc", "NetworkInternetGateway", "NetworkGatewayAttachment", "NetworkRouteTable",
        "NetworkInternetRoute", "NetworkSubnet1", "NetworkSubnet1Routes", "NetworkSubnet2",
        "NetworkSubnet2Routes", "NetworkS3Endpoint",
      ])
    #expect(network.vpcId == .ref("NetworkVpc"))
    #expect(network.subnetIds == [.ref("NetworkSubnet1"), .ref("NetworkSubnet2")])
    #expect(network.cidr == .getAtt("NetworkVpc", "CidrBlock"))
    let vpc = properties(stack.resources[0])
    #expect(vpc["CidrBlock"] == "10.9.0.0/16")
    #expect(vpc["EnableDnsHostnames"] == true)
    let subnet = properties(stack.resources[7])
    #expect(
      subnet["AvailabilityZone"]
        == .intrinsic(.select(.int(1), .intrinsic(.getAZs(.string(""))))))
    #expect(
      subnet["CidrBlock"]
        == .intrinsic(
          .select(
            .int(1),
            .intrinsic(.cidr(.getAtt("NetworkVpc", "CidrBlock"), .int(2), .string("8"))))))
    #expect(subnet["MapPublicIpOnLaunch"] == true)
    let route = stack.resources[4]
    #expect(route.lowered().dependsOn == ["NetworkGatewayAttachment"])
    #expect(properties(route)["DestinationCidrBlock"] == "0.0.0.0/0")
    let endpoint = properties(stack.resources[9])
    #expect(endpoint["VpcEndpointType"] == "Gateway")
    #expect(endpoint["ServiceName"] == .sub("com.amazonaws.${AWS::Region}.s3"))
    #expect(endpoint["RouteTableIds"] == [.ref("NetworkRouteTable")])
  }

  @Test func subnetSizeOverride() {
    let stack = testStack()
    _ = Network(stack, "Network", choice: .create(cidr: "10.9.0.0/24"), subnetBits: 4)
    let subnet = stack.resources.first { $0.logicalID == "NetworkSubnet1" }
    #expect(
      subnet.map(properties)?["CidrBlock"]
        == .intrinsic(
          .select(
            .int(0),
            .intrinsic(.cidr(.getAtt("NetworkVpc", "CidrBlock"), .int(2), .string("4"))))))
    #expect(stack.resources.first.map(properties)?["CidrBlock"] == "10.9.0.0/24")
  }

  @Test func existingSubnetsCreateNothing() {
    let stack = testStack()
    let network = Network(
      stack, "Network", choice: .existing(vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"]))
    #expect(stack.resources.isEmpty)
    #expect(network.vpcId == "vpc-1")
    #expect(network.subnetIds == ["subnet-a", "subnet-b"])
    #expect(network.cidr == nil)
  }
}

@Suite struct SecurityGroupTests {
  @Test func defaultsAdmitNothingAndSendOnlyHTTPS() {
    let stack = testStack()
    let group = SecurityGroup(stack, "Instances", vpcId: "vpc-1", description: "instances")
    let lowered = properties(group.resource)
    #expect(lowered["SecurityGroupIngress"] == nil)
    #expect(
      lowered["SecurityGroupEgress"]
        == [
          [
            "CidrIp": "0.0.0.0/0", "Description": "HTTPS to AWS APIs and package repositories",
            "FromPort": 443, "IpProtocol": "tcp", "ToPort": 443,
          ]
        ])
    #expect(lowered["VpcId"] == "vpc-1")
  }

  @Test func ingressOnOnePortFromACidrAndNeverSSH() {
    let stack = testStack()
    let group = SecurityGroup(stack, "Instances", vpcId: "vpc-1", description: "instances")
    group.allowIngress(port: 8080, from: .getAtt("Vpc", "CidrBlock"), description: "service")
    group.allowIngress(port: 22, from: "0.0.0.0/0", description: "ssh")
    #expect(
      properties(group.resource)["SecurityGroupIngress"]
        == [
          [
            "CidrIp": .getAtt("Vpc", "CidrBlock"), "Description": "service", "FromPort": 8080,
            "IpProtocol": "tcp", "ToPort": 8080,
          ]
        ])
    #expect(!group.ingress.contains { $0.fromPort?.literal == 22 })
    #expect(
      stack.diagnostics.map(\.message) == ["security group Instances must not admit SSH (port 22)"])
  }
}

@Suite struct LaunchTemplateTests {
  func make(_ stack: Stack, asset: Asset? = nil) -> LaunchTemplate {
    let group = SecurityGroup(stack, "Group", vpcId: "vpc-1", description: "instances")
    let profile = InstanceProfile(stack, "Profile", description: "instances")
    var script = SubstitutionText()
    script.append(
      substitution: "#!/bin/bash\naws s3 cp s3://${AssetsBucket}/${AssetKey} /tmp/a.zip\n")
    return LaunchTemplate(
      stack, "Template",
      options: .init(
        name: "t", instanceType: "t4g.small", profile: profile, securityGroups: [group],
        userData: script, asset: asset))
  }

  @Test func requiresIMDSv2WithHopLimitOneAndEncryptedGp3() {
    let stack = testStack()
    let template = make(stack)
    let data = properties(template.resource)["LaunchTemplateData"]
    #expect(
      data?["MetadataOptions"]
        == ["HttpEndpoint": "enabled", "HttpPutResponseHopLimit": 1, "HttpTokens": "required"])
    #expect(
      data?["BlockDeviceMappings"]
        == [
          [
            "DeviceName": "/dev/xvda",
            "Ebs": [
              "DeleteOnTermination": true, "Encrypted": true, "VolumeSize": 16,
              "VolumeType": "gp3",
            ],
          ]
        ])
    #expect(data?["ImageId"] == .ref("TemplateImageId"))
    #expect(data?["IamInstanceProfile"] == ["Arn": .getAtt("Profile", "Arn")])
    #expect(data?["SecurityGroupIds"] == [.getAtt("Group", "GroupId")])
    #expect(data?["Monitoring"] == ["Enabled": true])
    #expect(data?["InstanceType"] == "t4g.small")
    #expect(data?["KeyName"] == nil)
    #expect(
      data?["TagSpecifications"]
        == [
          ["ResourceType": "instance", "Tags": [["Key": "Name", "Value": "t"]]],
          [
            "ResourceType": "volume",
            "Tags": [["Key": "Name", "Value": "t"], ["Key": "Project", "Value": "facestack"]],
          ],
        ])
    let parameter = stack.parameters["TemplateImageId"]
    #expect(parameter?.type.rawValue == "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>")
    #expect(
      parameter?.defaultValue
        == "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64")
  }

  @Test func overriddenVolumeAndMonitoring() {
    let stack = testStack()
    let group = SecurityGroup(stack, "Group", vpcId: "vpc-1", description: "instances")
    let profile = InstanceProfile(stack, "Profile", description: "instances")
    var options = LaunchTemplate.Options(
      name: "t", instanceType: "c7g.large", profile: profile, securityGroups: [group],
      userData: SubstitutionText())
    options.rootVolumeSize = 40
    options.detailedMonitoring = false
    let template = LaunchTemplate(stack, "Template", options: options)
    let data = properties(template.resource)["LaunchTemplateData"]
    #expect(data?["BlockDeviceMappings"]?.listValue?.first?["Ebs"]?["VolumeSize"] == 40)
    #expect(data?["Monitoring"] == ["Enabled": false])
    #expect(data?["InstanceType"] == "c7g.large")
  }

  @Test func userDataDownloadsThePackagedAssetAndTheRoleMayReadIt() throws {
    let stack = testStack()
    let template = make(stack, asset: Asset(name: "service", sources: []))
    let result = try Synthesizer(packager: FakePackager()).synthesize(stack)
    let userData = result.template.resources[template.resource.logicalID]?
      .properties["LaunchTemplateData"]?["UserData"]
    // Synthesis reads the tree and never changes it: the construct still holds its own text.
    #expect(properties(template.resource)["LaunchTemplateData"]?["UserData"] != userData)
    let key = "assets/" + String(repeating: "ab", count: 32) + ".zip"
    #expect(
      userData
        == .intrinsic(
          .base64(
            .sub(
              "#!/bin/bash\naws s3 cp s3://${AssetsBucket}/${AssetKey} /tmp/a.zip\n",
              ["AssetKey": .string(key)]))))
    let role = template.options.profile.role
    #expect(
      role.policyDocument
        == PolicyDocument(statements: [
          Statement(
            effect: .allow, actions: .actions(["s3:GetObject"]),
            resources: .resources([
              .sub("arn:${AWS::Partition}:s3:::${AssetsBucket}/assets/*")
            ]))
        ]))
  }
}

@Suite struct InstanceProfileTests {
  @Test func ec2MayAssumeTheRoleWithoutASourceCondition() {
    let stack = testStack()
    let profile = InstanceProfile(stack, "Profile", description: "instances")
    #expect(properties(profile.resource)["Roles"] == [.ref("ProfileRole")])
    #expect(
      profile.role.trust
        == PolicyDocument(statements: [
          Statement(
            effect: .allow, principal: .services(["ec2.amazonaws.com"]),
            actions: .actions(["sts:AssumeRole"]))
        ]))
    #expect(profile.role.policyDocument.statements.isEmpty)
  }
}

@Suite struct AutoScalingGroupTests {
  func make(_ stack: Stack, min: Int = 1, max: Int = 4, desired: Int = 2) -> AutoScalingGroup {
    let group = SecurityGroup(stack, "Group", vpcId: "vpc-1", description: "instances")
    let profile = InstanceProfile(stack, "Profile", description: "instances")
    let template = LaunchTemplate(
      stack, "Template",
      options: .init(
        name: "fleet", instanceType: "t4g.small", profile: profile, securityGroups: [group],
        userData: SubstitutionText()))
    return AutoScalingGroup(
      stack, "Fleet",
      options: .init(
        launchTemplate: template, subnetIds: ["subnet-a", "subnet-b"], minSize: min, maxSize: max,
        desiredCapacity: desired))
  }

  @Test func defaults() {
    let stack = testStack()
    let group = make(stack)
    let lowered = group.resource.lowered()
    #expect(lowered.properties["MinSize"] == "1")
    #expect(lowered.properties["MaxSize"] == "4")
    #expect(lowered.properties["DesiredCapacity"] == "2")
    #expect(lowered.properties["VPCZoneIdentifier"] == ["subnet-a", "subnet-b"])
    #expect(lowered.properties["HealthCheckType"] == "EC2")
    #expect(lowered.properties["HealthCheckGracePeriod"] == 300)
    #expect(
      lowered.properties["LaunchTemplate"]
        == [
          "LaunchTemplateId": .ref("Template"),
          "Version": .getAtt("Template", "LatestVersionNumber"),
        ])
    #expect(
      lowered.updatePolicy?["AutoScalingRollingUpdate"]
        == [
          "MaxBatchSize": 1, "MinInstancesInService": 1, "PauseTime": "PT15M",
          "SuspendProcesses": [
            "HealthCheck", "ReplaceUnhealthy", "AZRebalance", "AlarmNotification",
            "ScheduledActions",
          ],
          "MinSuccessfulInstancesPercent": 100, "WaitOnResourceSignals": true,
        ])
    #expect(lowered.creationPolicy == ["ResourceSignal": ["Count": 2, "Timeout": "PT15M"]])
    #expect(stack.diagnostics.isEmpty)
  }

  @Test func overridesAndSizeChecks() {
    let stack = testStack()
    let group = make(stack, min: 2, max: 24, desired: 30)
    #expect(group.resource.lowered().properties["MaxSize"] == "24")
    #expect(
      stack.diagnostics.map(\.message) == [
        "auto scaling group Fleet needs minSize <= desiredCapacity <= maxSize, got 2, 30, 24"
      ])
  }

  @Test func targetTrackingOnCpuAndOnAMetricPerInstance() {
    let stack = testStack()
    let group = make(stack)
    let cpu = group.scaleOnCpu(targetPercent: 60)
    #expect(cpu.logicalID == "FleetCpuTracking")
    #expect(
      properties(cpu)
        == [
          "AutoScalingGroupName": .ref("Fleet"), "PolicyType": "TargetTrackingScaling",
          "TargetTrackingConfiguration": [
            "PredefinedMetricSpecification": ["PredefinedMetricType": "ASGAverageCPUUtilization"],
            "TargetValue": 60,
          ],
        ])
    let started = Metric(
      namespace: "AWS/States", name: "ExecutionsStarted",
      dimensions: [.init("StateMachineArn", .ref("Machine"))], period: 60)
    let policy = group.scale(
      "Executions", tracking: "started / instances", label: "per instance",
      of: [("started", started), ("instances", group.metricInServiceInstances())], target: 120)
    let metrics =
      properties(policy)["TargetTrackingConfiguration"]?["CustomizedMetricSpecification"]?[
        "Metrics"]
    #expect(
      metrics
        == [
          [
            "Id": "started",
            "MetricStat": [
              "Metric": [
                "Dimensions": [["Name": "StateMachineArn", "Value": .ref("Machine")]],
                "MetricName": "ExecutionsStarted", "Namespace": "AWS/States",
              ],
              "Stat": "Sum",
            ],
            "ReturnData": false,
          ],
          [
            "Id": "instances",
            "MetricStat": [
              "Metric": [
                "Dimensions": [["Name": "AutoScalingGroupName", "Value": .ref("Fleet")]],
                "MetricName": "GroupInServiceInstances", "Namespace": "AWS/AutoScaling",
              ],
              "Stat": "Average",
            ],
            "ReturnData": false,
          ],
          [
            "Expression": "started / instances", "Id": "tracked", "Label": "per instance",
            "ReturnData": true,
          ],
        ])
    #expect(properties(policy)["TargetTrackingConfiguration"]?["TargetValue"] == 120)
  }
}
