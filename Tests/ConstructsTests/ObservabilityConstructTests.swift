import CloudFormation
import Foundation
import ResourceTypes
import Testing

@testable import Constructs

@Suite struct AlarmTests {
  let metric = Metric(
    namespace: "AWS/Lambda", name: "Errors", dimensions: [.init("FunctionName", "detect")])

  @Test func defaultsOnOneMetric() {
    let stack = testStack()
    let topic = Topic(stack, "Alarms", displayName: "alarms")
    let alarm = Alarm(
      stack, "DetectErrors", name: "detect-errors", source: .metric(metric), threshold: 5,
      description: "detect failed")
    alarm.notify(topic)
    #expect(
      properties(alarm.resource)
        == [
          "AlarmActions": [.ref("Alarms")], "AlarmDescription": "detect failed",
          "AlarmName": "detect-errors", "ComparisonOperator": "GreaterThanOrEqualToThreshold",
          "Dimensions": [["Name": "FunctionName", "Value": "detect"]], "EvaluationPeriods": 1,
          "MetricName": "Errors", "Namespace": "AWS/Lambda", "OKActions": [.ref("Alarms")],
          "Period": 300, "Statistic": "Sum", "Threshold": 5, "TreatMissingData": "notBreaching",
        ])
  }

  @Test func overriddenComparisonPeriodsAndPercentile() {
    let stack = testStack()
    let latency = metric.with(statistic: .percentile(99)).with(period: 60)
    let alarm = Alarm(
      stack, "Slow", source: .metric(latency), threshold: 1500.5,
      comparison: .greaterThanThreshold, evaluationPeriods: 3, treatMissingData: .missing,
      description: "slow")
    let lowered = properties(alarm.resource)
    #expect(lowered["ExtendedStatistic"] == "p99")
    #expect(lowered["Statistic"] == nil)
    #expect(lowered["Period"] == 60)
    #expect(lowered["EvaluationPeriods"] == 3)
    #expect(lowered["ComparisonOperator"] == "GreaterThanThreshold")
    #expect(lowered["TreatMissingData"] == "missing")
    #expect(lowered["Threshold"] == .number(Number(1500.5)))
    #expect(lowered["AlarmName"] == nil)
  }

  @Test func metricMathSumsThrottles() {
    let stack = testStack()
    let table = Table(
      stack, "Results", options: .init(partitionKey: .init("image_id", .string)))
    let alarm = Alarm(
      stack, "Throttled",
      source: .expression(
        "reads + writes", label: "throttled",
        metrics: [
          "writes": table.metricWriteThrottleEvents(), "reads": table.metricReadThrottleEvents(),
        ]), threshold: 1, description: "throttled")
    let lowered = properties(alarm.resource)
    #expect(lowered["MetricName"] == nil)
    #expect(
      lowered["Metrics"]
        == [
          [
            "Id": "reads",
            "MetricStat": [
              "Metric": [
                "Dimensions": [["Name": "TableName", "Value": .ref("Results")]],
                "MetricName": "ReadThrottleEvents", "Namespace": "AWS/DynamoDB",
              ],
              "Period": 300, "Stat": "Sum",
            ],
            "ReturnData": false,
          ],
          [
            "Id": "writes",
            "MetricStat": [
              "Metric": [
                "Dimensions": [["Name": "TableName", "Value": .ref("Results")]],
                "MetricName": "WriteThrottleEvents", "Namespace": "AWS/DynamoDB",
              ],
              "Period": 300, "Stat": "Sum",
            ],
            "ReturnData": false,
          ],
          [
            "Expression": "reads + writes", "Id": "alarmed", "Label": "throttled",
            "ReturnData": true,
          ],
        ])
  }
}

@Suite struct ResourceMetricTests {
  @Test func metricsNameTheirResources() {
    let stack = FaceRecognitionFixture.stack()
    let pipeline = FaceRecognitionFixture.pipeline(stack)
    #expect(
      pipeline.detect.metricErrors()
        == Metric(
          namespace: "AWS/Lambda", name: "Errors",
          dimensions: [.init("FunctionName", "facestack-test-detect")], statistic: .sum,
          period: 300, label: "facestack-test-detect Errors"))
    #expect(pipeline.store.metricThrottles().name == "Throttles")
    #expect(
      pipeline.stateMachine.metricFailed().dimensions == [
        .init("StateMachineArn", .ref("Workflow"))
      ])
    #expect(pipeline.stateMachine.metricTimedOut().name == "ExecutionsTimedOut")
    let visible = pipeline.deadLetters.metricVisibleMessages()
    #expect(visible.name == "ApproximateNumberOfMessagesVisible")
    #expect(visible.statistic == .maximum)
    #expect(visible.dimensions == [.init("QueueName", .getAtt("DeadLetters", "QueueName"))])
    let throttled = pipeline.results.metricThrottledRequests(operation: "BatchWriteItem")
    #expect(
      throttled.dimensions == [
        .init("TableName", .ref("Results")), .init("Operation", "BatchWriteItem"),
      ])
  }
}

@Suite struct DashboardTests {
  @Test func bodyIsJSONWithRegionAndReferences() throws {
    let stack = testStack()
    let queue = Queue(stack, "DeadLetters")
    let dashboard = Dashboard(
      stack, "Dashboard", name: "pipeline",
      widgets: [
        .text("# Pipeline ${not a substitution}"),
        .graph(
          .init(
            title: "Dead letters",
            metrics: [queue.metricVisibleMessages(), queue.metricOldestMessageAge()],
            unit: "messages")),
        .graph(
          .init(
            title: "Latency",
            metrics: [
              Metric(
                namespace: "Facestack/FaceRecognition", name: "ProcessingLatency",
                dimensions: [.init("Pipeline", "facestack-test")], statistic: .percentile(50))
            ])),
        .graph(.init(title: "Third", metrics: [])),
      ])
    let lowered = properties(dashboard.resource)
    #expect(lowered["DashboardName"] == "pipeline")
    let text = try #require(subText(lowered["DashboardBody"]))
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let widgets = try #require(json["widgets"] as? [[String: Any]])
    #expect(widgets.count == 4)
    #expect(widgets.map { $0["type"] as? String } == ["text", "metric", "metric", "metric"])
    #expect(widgets.map { $0["x"] as? Int } == [0, 0, 12, 0])
    #expect(widgets.map { $0["y"] as? Int } == [0, 2, 2, 8])
    #expect(
      (widgets[0]["properties"] as? [String: Any])?["markdown"] as? String
        == "# Pipeline ${!not a substitution}")
    let graph = try #require(widgets[1]["properties"] as? [String: Any])
    #expect(graph["region"] as? String == "${AWS::Region}")
    #expect(graph["title"] as? String == "Dead letters")
    let metrics = try #require(graph["metrics"] as? [[Any]])
    #expect(metrics[0][0] as? String == "AWS/SQS")
    #expect(metrics[0][1] as? String == "ApproximateNumberOfMessagesVisible")
    #expect(metrics[0][2] as? String == "QueueName")
    #expect(metrics[0][3] as? String == "${DeadLetters.QueueName}")
    #expect(
      (metrics[0][4] as? [String: Any])?["stat"] as? String == "Maximum")
    let latency = try #require(
      (widgets[2]["properties"] as? [String: Any])?["metrics"] as? [[Any]])
    #expect((latency[0][4] as? [String: Any])?["stat"] as? String == "p50")
  }
}
