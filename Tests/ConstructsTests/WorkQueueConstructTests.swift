import CloudFormation
import IAM
import ResourceTypes
import Testing

@testable import Constructs

@Suite struct QueueTests {
  @Test func aWorkQueueDeadLettersAfterBoundedReceives() {
    let stack = testStack()
    let deadLetters = Queue(stack, "DeadLetters")
    let work = Queue(
      stack, "Work", name: "work", visibilityTimeout: 180,
      deadLetters: .init(queue: deadLetters, maxReceiveCount: 5))
    #expect(
      properties(work.resource)
        == [
          "MessageRetentionPeriod": 1_209_600, "QueueName": "work",
          "RedrivePolicy": [
            "deadLetterTargetArn": .getAtt("DeadLetters", "Arn"), "maxReceiveCount": 5,
          ],
          "SqsManagedSseEnabled": true, "VisibilityTimeout": 180,
        ])
    #expect(properties(deadLetters.resource)["RedrivePolicy"] == nil)
    #expect(properties(deadLetters.resource)["VisibilityTimeout"] == nil)
    #expect(stack.diagnostics.isEmpty)
  }

  @Test func anUnboundedReceiveCountIsAnError() {
    let stack = testStack()
    let deadLetters = Queue(stack, "DeadLetters")
    _ = Queue(stack, "Work", deadLetters: .init(queue: deadLetters, maxReceiveCount: 0))
    #expect(
      stack.diagnostics.map(\.message) == [
        "queue Work needs a maxReceiveCount between 1 and 1000, got 0"
      ])
  }

  @Test func consumersGetExactlyReceiveDeleteAndVisibilityOnTheQueue() {
    let stack = testStack()
    let work = Queue(stack, "Work")
    let role = Role(stack, "Workers", assumedBy: "ec2.amazonaws.com", description: "workers")
    work.grantConsume(to: role)
    #expect(
      role.policyDocument
        == PolicyDocument(statements: [
          Statement(
            effect: .allow,
            actions: .actions([
              "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
            ]),
            resources: .resources([.getAtt("Work", "Arn")]))
        ]))
  }

  @Test func queueMetricsNameTheQueue() {
    let stack = testStack()
    let work = Queue(stack, "Work")
    for metric in [
      work.metricMessagesSent(), work.metricMessagesDeleted(), work.metricMessagesReceived(),
    ] {
      #expect(metric.statistic == .sum)
      #expect(metric.dimensions == [.init("QueueName", .getAtt("Work", "QueueName"))])
    }
    #expect(work.metricMessagesInFlight().name == "ApproximateNumberOfMessagesNotVisible")
  }
}

@Suite struct RuleToQueueTests {
  @Test func theQueuePolicyLetsOnlyThatRuleSend() throws {
    let stack = testStack()
    let bucket = Bucket(stack, "Images", options: .init(name: "images"))
    let deadLetters = Queue(stack, "DeadLetters")
    let work = Queue(stack, "Work")
    let rule = Rule(
      stack, "Uploads", pattern: .objectCreated(in: bucket, prefix: "batch/"),
      description: "batch", deadLetters: deadLetters)
    rule.target(work, input: .s3Object)
    let result = try Synthesizer(packager: FakePackager()).synthesize(stack)
    let target = try #require(
      result.template.resources["Uploads"]?.properties["Targets"]?.listValue?.first)
    #expect(target["Arn"] == .getAtt("Work", "Arn"))
    #expect(target["RoleArn"] == nil)
    #expect(
      target["InputTransformer"]?["InputTemplate"] == .string(InputTransformer.s3Object.template))
    #expect(result.template.resources["UploadsRole"] == nil)
    let statements = try #require(
      result.template.resources["WorkPolicy"]?.properties["PolicyDocument"]?["Statement"]?
        .listValue)
    #expect(statements.count == 1)
    #expect(statements.first?["Principal"] == ["Service": "events.amazonaws.com"])
    #expect(statements.first?["Action"] == "sqs:SendMessage")
    #expect(
      statements.first?["Condition"] == ["ArnEquals": ["aws:SourceArn": .getAtt("Uploads", "Arn")]])
  }
}

@Suite struct AutoScalingLifecycleTests {
  func group(_ stack: Stack, name: String? = "fleet") -> AutoScalingGroup {
    let security = SecurityGroup(stack, "Instances", vpcId: "vpc-1", description: "instances")
    let profile = InstanceProfile(stack, "Profile", description: "instances")
    let template = LaunchTemplate(
      stack, "Template",
      options: .init(
        name: "fleet", instanceType: "t4g.small", profile: profile, securityGroups: [security],
        userData: SubstitutionText()))
    var options = AutoScalingGroup.Options(
      launchTemplate: template, subnetIds: ["subnet-a", "subnet-b"], minSize: 1, maxSize: 4,
      desiredCapacity: 1)
    options.name = name
    return AutoScalingGroup(stack, "Group", options: options)
  }

  @Test func aNamedGroupHasAnARNItsInstancesMayCompleteTheirLifecycleOn() {
    let stack = testStack()
    let group = group(stack)
    let profile: InstanceProfile = stack.child("Profile")
    group.addTerminationHook("drain", heartbeatTimeout: 120)
    group.grantCompleteLifecycleAction(to: profile.role)
    let lowered = properties(group.resource)
    #expect(lowered["AutoScalingGroupName"] == "fleet")
    #expect(
      lowered["LifecycleHookSpecificationList"] == [
        [
          "DefaultResult": "CONTINUE", "HeartbeatTimeout": 120, "LifecycleHookName": "drain",
          "LifecycleTransition": "autoscaling:EC2_INSTANCE_TERMINATING",
        ]
      ])
    #expect(
      profile.role.policyDocument.statements.map(\.resources) == [
        .resources([
          .sub(
            "arn:${AWS::Partition}:autoscaling:${AWS::Region}:${AWS::AccountId}:autoScalingGroup:*:autoScalingGroupName/fleet"
          )
        ])
      ])
    #expect(group.arn?.resourceType == "AWS::AutoScaling::AutoScalingGroup")
    #expect(stack.diagnostics.isEmpty)
  }

  @Test func anUnnamedGroupCannotBeGrantedOnAndHookTimeoutsAreBounded() {
    let stack = testStack()
    let group = group(stack, name: nil)
    let role = Role(stack, "Workers", assumedBy: "ec2.amazonaws.com", description: "workers")
    group.grantCompleteLifecycleAction(to: role)
    group.addTerminationHook("drain", heartbeatTimeout: 10)
    #expect(group.arn == nil)
    #expect(role.policyDocument.statements.isEmpty)
    #expect(
      stack.diagnostics.map(\.message) == [
        "auto scaling group Group needs a name for a grant on its ARN",
        "lifecycle hook drain of Group needs a heartbeat timeout between 30 and 7200 seconds, got 10",
      ])
  }

  @Test func backlogPerInstanceIsVisibleMessagesOverInServiceInstances() {
    let stack = testStack()
    let group = group(stack)
    let work = Queue(stack, "Work")
    let policy = group.scaleOnBacklog(of: work, perInstance: 300)
    #expect(policy.logicalID == "GroupBacklogTracking")
    let configuration = properties(policy)["TargetTrackingConfiguration"]
    #expect(configuration?["TargetValue"] == 300)
    let metrics = configuration?["CustomizedMetricSpecification"]?["Metrics"]?.listValue ?? []
    #expect(metrics.map { $0["Id"] } == ["visible", "instances", "tracked"])
    #expect(metrics.last?["Expression"] == "visible / instances")
    #expect(
      metrics.first?["MetricStat"]?["Metric"]?["Dimensions"] == [
        ["Name": "QueueName", "Value": .getAtt("Work", "QueueName")]
      ])
  }
}
