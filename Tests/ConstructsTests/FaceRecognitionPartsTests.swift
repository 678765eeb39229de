import CloudFormation
import FaceRecognitionStack
import Foundation
import IAM
import Testing

@testable import Constructs

/// The fleet, observability and analytics parts of the face-recognition stack, against the
/// handlers' manifest.
@Suite struct FaceRecognitionPartsTests {
  let manifest: [String: Any] = {
    let url = repositoryRoot.appendingPathComponent(
      "stacks/FaceRecognition/handlers/manifest.json")
    let data = (try? Data(contentsOf: url)) ?? Data()
    return ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any]) ?? [:]
  }()

  var service: [String: Any] {
    ((manifest["functions"] as? [String: Any])?["service"] as? [String: Any]) ?? [:]
  }

  func synthesized(_ environment: Environment = testEnvironment()) throws -> (
    Stack, SynthesisResult
  ) {
    let stack = FaceRecognitionStack.build(environment: environment)
    return (stack, try Synthesizer(packager: FakePackager()).synthesize(stack))
  }

  @Test func glueColumnsAreTheManifestsProcessedColumns() throws {
    let processed = try #require(manifest["processed"] as? [String: Any])
    let columns = try #require(processed["columns"] as? [[String: String]])
    #expect(columns.count > 30)
    #expect(
      Analytics.columns.map { [$0.name, $0.type] } == columns.map { [$0["name"], $0["type"]] })
  }

  @Test func userDataRequirementsAreTheServicesPinnedRequirements() throws {
    let text = try String(
      contentsOf: repositoryRoot.appendingPathComponent(
        "stacks/FaceRecognition/handlers/service/requirements.txt"), encoding: .utf8)
    let pinned = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    #expect(RecognitionFleet.requirements == pinned)
  }

  @Test func userDataSetsEveryVariableTheServiceReads() throws {
    let (stack, result) = try synthesized()
    let template = try #require(result.template.resources["FleetLaunchTemplate"])
    guard
      case .intrinsic(.base64(.intrinsic(.sub(let script, let variables))))? =
        template.properties["LaunchTemplateData"]?["UserData"]
    else {
      Issue.record("user data is not Fn::Base64 of Fn::Sub")
      return
    }
    let environment = try #require(service["environment"] as? [[String: Any]])
    for variable in environment.compactMap({ $0["name"] as? String }) {
      #expect(script.contains("\n\(variable)="), "user data does not set \(variable)")
    }
    #expect(script.contains("\nTABLE_NAME=${Results}\n"))
    #expect(script.contains("\nOUTPUT_BUCKET=${Images}\n"))
    #expect(script.contains("\nPIPELINE_NAME=facestack-test\n"))
    #expect(script.contains("\nCOLLECTION_ID=facestack-test-faces\n"))
    #expect(script.contains("s3://${AssetsBucket}/${AssetKey} /tmp/service.zip"))
    #expect(
      script.contains(
        "install -m 0644 /opt/facestack/service/facestack-recognition.service /etc/systemd/system/"
      ))
    #expect(script.contains("systemctl enable --now facestack-recognition.service"))
    #expect(
      script.contains(
        "install -m 0644 /opt/facestack/service/facestack-worker.service /etc/systemd/system/"))
    #expect(script.contains("systemctl enable --now facestack-worker.service"))
    #expect(script.contains("\nQUEUE_URL=${FleetWorkQueue}\n"))
    #expect(script.contains("\nQUEUE_VISIBILITY_TIMEOUT=150\n"))
    #expect(script.contains("\nQUEUE_CONCURRENCY=6\n"))
    #expect(script.contains("\nLIFECYCLE_HOOK_NAME=drain-workers\n"))
    #expect(script.contains("\nAUTOSCALING_GROUP_NAME=facestack-test-recognition\n"))
    // boto3 takes its region from AWS_DEFAULT_REGION only.
    #expect(script.contains("\nAWS_DEFAULT_REGION=${AWS::Region}\n"))
    #expect(script.contains("--resource FleetGroup"))
    #expect(
      variables["AssetKey"] == .string("assets/" + String(repeating: "ab", count: 32) + ".zip"))
    #expect(result.assets.map(\.name).contains("service"))
    #expect(stack.parameters["FleetClientCidr"] == nil)
  }

  @Test func serviceRoleHasExactlyTheServicesCalls() throws {
    let (_, result) = try synthesized()
    let role = try #require(result.roles.first { $0.logicalID == "FleetProfileRole" })
    let actions = Set(role.policy.statements.flatMap(\.actions.patterns))
    let calls = try #require(service["aws_calls"] as? [[String: Any]])
    let needed = Set(calls.flatMap { ($0["iam_actions"] as? [String]) ?? [] })
    // s3:GetObjectVersion for version_id requests, as the manifest's notes say.
    #expect(actions == needed.union(["s3:GetObjectVersion"]))
    let statements = role.policy.statements.map {
      ($0.actions.patterns.sorted(), $0.resources?.values ?? [])
    }
    #expect(statements.contains { $0.0 == ["rekognition:DetectFaces"] && $0.1 == ["*"] })
    #expect(
      statements.contains {
        $0.0 == ["s3:GetObject", "s3:GetObjectVersion"]
          && $0.1 == [.sub("${Images.Arn}/input/*"), .sub("${Images.Arn}/batch/*")]
      })
    #expect(
      statements.contains {
        $0.0 == ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:ReceiveMessage"]
          && $0.1 == [.getAtt("FleetWorkQueue", "Arn")]
      })
    #expect(
      statements.contains {
        $0.0 == ["autoscaling:CompleteLifecycleAction"]
          && $0.1 == [
            .sub(
              "arn:${AWS::Partition}:autoscaling:${AWS::Region}:${AWS::AccountId}:autoScalingGroup:*:autoScalingGroupName/facestack-test-recognition"
            )
          ]
      })
    #expect(
      statements.contains {
        $0.0 == ["s3:PutObject"] && $0.1 == [.sub("${Images.Arn}/processed/*")]
      })
    #expect(
      statements.contains {
        $0.0 == ["dynamodb:BatchWriteItem", "dynamodb:Query"]
          && $0.1 == [.getAtt("Results", "Arn")]
      })
    #expect(
      statements.contains {
        $0.0 == ["s3:GetObject"]
          && $0.1 == [.sub("arn:${AWS::Partition}:s3:::${AssetsBucket}/assets/*")]
      })
  }

  @Test func fleetSizesComeFromTheEnvironment() throws {
    let (_, result) = try synthesized()
    let group = try #require(result.template.resources["FleetGroup"])
    #expect(group.properties["MinSize"] == "1")
    #expect(group.properties["MaxSize"] == "4")
    #expect(group.properties["DesiredCapacity"] == "2")
    #expect(
      group.properties["VPCZoneIdentifier"]
        == [.ref("FleetNetworkSubnet1"), .ref("FleetNetworkSubnet2")])
    #expect(result.template.resources["FleetGroupExecutionsTracking"] == nil)
    let backlog = try #require(result.template.resources["FleetGroupBacklogTracking"])
    #expect(backlog.properties["TargetTrackingConfiguration"]?["TargetValue"] == 100)
    let cpu = try #require(result.template.resources["FleetGroupCpuTracking"])
    #expect(cpu.properties["TargetTrackingConfiguration"]?["TargetValue"] == 60)
  }

  @Test func existingSubnetsAskForTheClientsCidr() throws {
    let (stack, result) = try synthesized(
      testEnvironment(network: .existing(vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"])))
    #expect(result.template.resources["FleetNetworkVpc"] == nil)
    #expect(stack.parameters["FleetClientCidr"] != nil)
    let group = try #require(result.template.resources["FleetSecurityGroup"])
    #expect(group.properties["VpcId"] == "vpc-1")
    #expect(group.properties["SecurityGroupIngress"] == nil)
    let balancer = try #require(result.template.resources["FleetLoadBalancerSecurityGroup"])
    #expect(
      balancer.properties["SecurityGroupIngress"]?.listValue?.first?["CidrIp"]
        == .ref("FleetClientCidr"))
    #expect(
      result.template.resources["FleetLoadBalancer"]?.properties["Subnets"] == [
        "subnet-a", "subnet-b",
      ])
  }

  @Test func alarmsCoverEveryFailureModeAndNotifyTheTopic() throws {
    let (_, result) = try synthesized()
    let alarms = result.template.resources.filter { $0.value.type == "AWS::CloudWatch::Alarm" }
    #expect(
      alarms.map(\.key).sorted() == [
        "MonitoringDeadLetters", "MonitoringDetectErrors", "MonitoringDetectThrottles",
        "MonitoringEnrollErrors", "MonitoringEnrollThrottles", "MonitoringFleetCpu",
        "MonitoringResultsThrottled", "MonitoringStoreErrors", "MonitoringStoreThrottles",
        "MonitoringWorkDeadLetters", "MonitoringWorkQueueAge", "MonitoringWorkflowFailed",
        "MonitoringWorkflowTimedOut",
      ])
    for (_, alarm) in alarms {
      #expect(alarm.properties["AlarmActions"] == [.ref("MonitoringTopic")])
      #expect(alarm.properties["TreatMissingData"] == "notBreaching")
    }
    let errors = try #require(alarms.first { $0.key == "MonitoringDetectErrors" }?.value)
    #expect(errors.properties["Threshold"] == 3)
    #expect(
      errors.properties["Dimensions"] == [
        ["Name": "FunctionName", "Value": "facestack-test-detect"]
      ])
    let cpu = try #require(alarms.first { $0.key == "MonitoringFleetCpu" }?.value)
    #expect(cpu.properties["Threshold"] == 80)
    #expect(cpu.properties["EvaluationPeriods"] == 3)
    #expect(cpu.properties["Statistic"] == "Average")
    let subscription = result.template.resources.first { $0.value.type == "AWS::SNS::Subscription" }
    #expect(subscription?.value.properties["Endpoint"] == "alarms@example.com")
  }

  @Test func dashboardShowsThePipelineMetrics() throws {
    let (_, result) = try synthesized()
    let dashboard = try #require(result.template.resources["MonitoringDashboard"])
    #expect(dashboard.properties["DashboardName"] == "facestack-test-pipeline")
    let body = try #require(subText(dashboard.properties["DashboardBody"]))
    for metric in [
      "ImagesProcessed", "FacesDetected", "FacesMatched", "ProcessingLatency", "Errors",
      "Throttles", "ExecutionsFailed", "ApproximateNumberOfMessagesVisible",
      "GroupInServiceInstances", "CPUUtilization", "ApproximateNumberOfMessagesNotVisible",
      "ApproximateAgeOfOldestMessage", "NumberOfMessagesSent", "NumberOfMessagesDeleted",
      "RequestCount",
    ] {
      #expect(body.contains("\"\(metric)\""), "dashboard has no \(metric)")
    }
    #expect(body.contains(#""Facestack/FaceRecognition""#))
    #expect(body.contains(#""Pipeline""#))
    #expect(body.contains(#""p99""#))
    for title in ["Fleet backlog", "Fleet backlog age", "Fleet throughput", "Fleet size"] {
      #expect(body.contains("\"title\":\"\(title)\""), "dashboard has no \(title) widget")
    }
    #expect(body.contains("${FleetWorkQueue.QueueName}"))
    #expect(body.contains("${FleetLoadBalancer.LoadBalancerFullName}"))
    #expect(
      body.contains(#""region": "${AWS::Region}""#) || body.contains(#""region":"${AWS::Region}""#))
    #expect(result.template.outputs["DashboardName"]?.value == "facestack-test-pipeline")
    #expect(result.template.outputs["AthenaWorkGroup"]?.value == "facestack-test-analytics")
  }

  @Test func namedQueriesUseTheProcessedTable() throws {
    let (_, result) = try synthesized()
    let queries = result.template.resources.filter { $0.value.type == "AWS::Athena::NamedQuery" }
    #expect(
      queries.map(\.key).sorted() == [
        "AnalyticsFacesPerDay", "AnalyticsFailures", "AnalyticsTopIdentities",
        "AnalyticsUnmatchedFaces",
      ])
    for (_, query) in queries {
      #expect(
        query.properties["QueryString"]?.stringValue?.contains(
          #"FROM "facestack_test"."processed""#) == true)
      #expect(query.properties["WorkGroup"] == .ref("AnalyticsWorkGroup"))
    }
  }
}
