import CloudFormation
import FaceRecognitionStack
import Testing

@testable import Constructs

/// The fleet's path in the synthesized template: the work queue and its dead letters, the rule
/// of each routing, the load balancer in front of the group, scaling and alarms, all wired.
@Suite struct FleetStackTests {
  func template(_ routing: Environment.Routing = .split) throws -> Template {
    let stack = FaceRecognitionStack.build(environment: testEnvironment(routing: routing))
    return try Synthesizer(packager: FakePackager()).synthesize(stack).template
  }

  /// The key prefixes each rule matches, by logical ID.
  func routedPrefixes(_ template: Template) -> [String: [String]] {
    var prefixes: [String: [String]] = [:]
    for (id, resource) in template.resources where resource.type == "AWS::Events::Rule" {
      let keys = resource.properties["EventPattern"]?["detail"]?["object"]?["key"]?.listValue
      prefixes[id] = (keys ?? []).compactMap { $0["prefix"]?.stringValue }
    }
    return prefixes
  }

  @Test(arguments: [
    (
      Environment.Routing.lambda,
      ["EnrollUploads": ["enroll/"], "InputUploads": ["input/"]]
    ),
    (.fleet, ["EnrollUploads": ["enroll/"], "FleetUploads": ["input/"]]),
    (
      .split,
      ["EnrollUploads": ["enroll/"], "FleetUploads": ["batch/"], "InputUploads": ["input/"]]
    ),
  ])
  func eachRoutingSendsAnUploadToOnePathOnly(
    routing: Environment.Routing, expected: [String: [String]]
  ) throws {
    let template = try template(routing)
    let prefixes = routedPrefixes(template)
    #expect(prefixes == expected)
    // No key matches two rules: the prefixes are disjoint.
    let all = prefixes.values.flatMap { $0 }
    for first in all {
      for second in all where first != second {
        #expect(!first.hasPrefix(second), "\(first) and \(second) overlap")
      }
    }
    if let input = template.resources["InputUploads"] {
      #expect(input.properties["Targets"]?.listValue?.first?["Arn"] == .ref("Workflow"))
    }
    if let fleet = template.resources["FleetUploads"] {
      let target = try #require(fleet.properties["Targets"]?.listValue?.first)
      #expect(target["Arn"] == .getAtt("FleetWorkQueue", "Arn"))
      #expect(target["RoleArn"] == nil)  // SQS targets are authorized by the queue's policy
      #expect(target["DeadLetterConfig"] == ["Arn": .getAtt("DeadLetters", "Arn")])
      #expect(
        target["InputTransformer"]?["InputTemplate"]
          == #"{"bucket": <bucket>, "key": <key>, "version_id": <version_id>}"#)
      #expect(
        fleet.properties["EventPattern"]?["detail"]?["bucket"] == ["name": [.ref("Images")]])
    }
    // The queue exists whatever the routing; only a routed prefix feeds it.
    #expect(template.resources["FleetWorkQueue"] != nil)
    #expect((template.resources["FleetWorkQueuePolicy"] != nil) == (routing != .lambda))
  }

  @Test func theWorkQueueIsEncryptedAndDeadLettersAfterBoundedReceives() throws {
    let template = try template()
    let queue = try #require(template.resources["FleetWorkQueue"])
    #expect(queue.type == "AWS::SQS::Queue")
    #expect(queue.properties["QueueName"] == "facestack-test-work")
    #expect(queue.properties["SqsManagedSseEnabled"] == true)
    #expect(queue.properties["VisibilityTimeout"] == 150)
    #expect(
      queue.properties["RedrivePolicy"]
        == ["deadLetterTargetArn": .getAtt("FleetWorkDeadLetters", "Arn"), "maxReceiveCount": 4])
    let deadLetters = try #require(template.resources["FleetWorkDeadLetters"])
    #expect(deadLetters.properties["SqsManagedSseEnabled"] == true)
    #expect(deadLetters.properties["MessageRetentionPeriod"] == 1_209_600)
  }

  @Test func onlyTheRuleMaySendToTheWorkQueue() throws {
    let template = try template()
    let policy = try #require(template.resources["FleetWorkQueuePolicy"])
    #expect(policy.properties["Queues"] == [.ref("FleetWorkQueue")])
    #expect(
      policy.properties["PolicyDocument"]?["Statement"]
        == [
          [
            "Sid": "AllowEvents0", "Effect": "Allow",
            "Principal": ["Service": "events.amazonaws.com"], "Action": "sqs:SendMessage",
            "Resource": .getAtt("FleetWorkQueue", "Arn"),
            "Condition": ["ArnEquals": ["aws:SourceArn": .getAtt("FleetUploads", "Arn")]],
          ]
        ])
    // Events the rule cannot deliver go to the pipeline's dead letters, sent for that rule too.
    let deadLetters = try #require(template.resources["DeadLettersPolicy"])
    let sources =
      deadLetters.properties["PolicyDocument"]?["Statement"]?.listValue?.compactMap {
        $0["Condition"]?["ArnEquals"]?["aws:SourceArn"]
      } ?? []
    #expect(sources.contains(.getAtt("FleetUploads", "Arn")))
  }

  @Test func anInternalLoadBalancerForwardsToTheGroupsInstances() throws {
    let template = try template()
    let balancer = try #require(template.resources["FleetLoadBalancer"])
    #expect(balancer.properties["Scheme"] == "internal")
    #expect(balancer.properties["Type"] == "application")
    #expect(
      balancer.properties["Subnets"] == [.ref("FleetNetworkSubnet1"), .ref("FleetNetworkSubnet2")])
    #expect(
      balancer.properties["SecurityGroups"] == [
        .getAtt("FleetLoadBalancerSecurityGroup", "GroupId")
      ])
    let listener = try #require(template.resources["FleetLoadBalancerListener80"])
    #expect(listener.properties["LoadBalancerArn"] == .ref("FleetLoadBalancer"))
    #expect(listener.properties["Port"] == 80)
    #expect(listener.properties["Protocol"] == "HTTP")
    #expect(
      listener.properties["DefaultActions"] == [
        ["TargetGroupArn": .ref("FleetTargets"), "Type": "forward"]
      ])
    let targets = try #require(template.resources["FleetTargets"])
    #expect(targets.properties["Port"] == 8080)
    #expect(targets.properties["Protocol"] == "HTTP")
    #expect(targets.properties["TargetType"] == "instance")
    #expect(targets.properties["HealthCheckPath"] == "/healthz")
    #expect(targets.properties["VpcId"] == .ref("FleetNetworkVpc"))
    let group = try #require(template.resources["FleetGroup"])
    #expect(group.properties["TargetGroupARNs"] == [.ref("FleetTargets")])
    #expect(group.properties["HealthCheckType"] == "ELB")
    #expect(
      template.outputs["LoadBalancerDnsName"]?.value == .getAtt("FleetLoadBalancer", "DNSName"))
    #expect(template.outputs["WorkQueueUrl"]?.value == .ref("FleetWorkQueue"))
  }

  @Test func securityGroupsAllowClientsToTheBalancerAndTheBalancerToTheServiceOnly() throws {
    let template = try template()
    let balancer = try #require(template.resources["FleetLoadBalancerSecurityGroup"])
    #expect(
      balancer.properties["SecurityGroupIngress"] == [
        [
          "CidrIp": .getAtt("FleetNetworkVpc", "CidrBlock"),
          "Description": "clients in the VPC to the listener on 80", "FromPort": 80,
          "IpProtocol": "tcp", "ToPort": 80,
        ]
      ])
    #expect(
      balancer.properties["SecurityGroupEgress"] == [
        [
          "Description": "to the targets on 8080",
          "DestinationSecurityGroupId": .getAtt("FleetSecurityGroup", "GroupId"),
          "FromPort": 8080, "IpProtocol": "tcp", "ToPort": 8080,
        ]
      ])
    let instances = try #require(template.resources["FleetSecurityGroup"])
    #expect(instances.properties["SecurityGroupIngress"] == nil)
    let ingress = template.resources.filter { $0.value.type == "AWS::EC2::SecurityGroupIngress" }
    #expect(ingress.map(\.key) == ["FleetSecurityGroupFromLoadBalancer8080"])
    #expect(
      ingress.first?.value.properties == [
        "Description": "from the load balancer", "FromPort": 8080,
        "GroupId": .getAtt("FleetSecurityGroup", "GroupId"), "IpProtocol": "tcp",
        "SourceSecurityGroupId": .getAtt("FleetLoadBalancerSecurityGroup", "GroupId"),
        "ToPort": 8080,
      ])
  }

  @Test func theGroupScalesOnBacklogPerInstanceAndOnCpu() throws {
    let template = try template()
    let policies = template.resources.filter { $0.value.type == "AWS::AutoScaling::ScalingPolicy" }
    #expect(policies.map(\.key).sorted() == ["FleetGroupBacklogTracking", "FleetGroupCpuTracking"])
    for (_, policy) in policies {
      #expect(policy.properties["AutoScalingGroupName"] == .ref("FleetGroup"))
      #expect(policy.properties["PolicyType"] == "TargetTrackingScaling")
    }
    let backlog = try #require(
      template.resources["FleetGroupBacklogTracking"]?.properties["TargetTrackingConfiguration"])
    #expect(backlog["TargetValue"] == 100)
    let queries = try #require(backlog["CustomizedMetricSpecification"]?["Metrics"]?.listValue)
    #expect(queries.map { $0["Id"] } == ["visible", "instances", "tracked"])
    #expect(
      queries[0]["MetricStat"]?["Metric"]
        == [
          "Dimensions": [["Name": "QueueName", "Value": .getAtt("FleetWorkQueue", "QueueName")]],
          "MetricName": "ApproximateNumberOfMessagesVisible", "Namespace": "AWS/SQS",
        ])
    #expect(queries[0]["MetricStat"]?["Stat"] == "Sum")
    #expect(
      queries[1]["MetricStat"]?["Metric"]?["MetricName"] == "GroupInServiceInstances")
    #expect(queries[2]["Expression"] == "visible / instances")
    #expect(queries[2]["ReturnData"] == true)
    let cpu = try #require(
      template.resources["FleetGroupCpuTracking"]?.properties["TargetTrackingConfiguration"])
    #expect(cpu["TargetValue"] == 60)
    #expect(
      cpu["PredefinedMetricSpecification"]?["PredefinedMetricType"] == "ASGAverageCPUUtilization")
  }

  @Test func scaleInWaitsForTheWorkersToDrain() throws {
    let template = try template()
    let group = try #require(template.resources["FleetGroup"])
    #expect(group.properties["AutoScalingGroupName"] == "facestack-test-recognition")
    #expect(
      group.properties["LifecycleHookSpecificationList"] == [
        [
          "DefaultResult": "CONTINUE", "HeartbeatTimeout": 120,
          "LifecycleHookName": "drain-workers",
          "LifecycleTransition": "autoscaling:EC2_INSTANCE_TERMINATING",
        ]
      ])
  }

  @Test func queueAlarmsWatchTheBacklogsAgeAndTheDeadLetters() throws {
    let template = try template()
    let age = try #require(template.resources["MonitoringWorkQueueAge"]?.properties)
    #expect(age["MetricName"] == "ApproximateAgeOfOldestMessage")
    #expect(age["Namespace"] == "AWS/SQS")
    #expect(
      age["Dimensions"] == [["Name": "QueueName", "Value": .getAtt("FleetWorkQueue", "QueueName")]])
    #expect(age["Threshold"] == 900)
    #expect(age["Statistic"] == "Maximum")
    let dead = try #require(template.resources["MonitoringWorkDeadLetters"]?.properties)
    #expect(dead["MetricName"] == "ApproximateNumberOfMessagesVisible")
    #expect(
      dead["Dimensions"] == [
        ["Name": "QueueName", "Value": .getAtt("FleetWorkDeadLetters", "QueueName")]
      ])
    #expect(dead["Threshold"] == 1)
    for alarm in [age, dead] {
      #expect(alarm["AlarmActions"] == [.ref("MonitoringTopic")])
      #expect(alarm["OKActions"] == [.ref("MonitoringTopic")])
    }
  }
}
