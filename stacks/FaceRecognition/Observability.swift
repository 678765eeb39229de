import CloudFormation
import Constructs

/// Alarms, the alarm topic and the dashboard.
///
/// Alarms (thresholds from the environment's `alarms`): errors and throttles of each function,
/// failed and timed-out executions, anything in either dead-letter queue, the age of the work
/// queue's oldest message, fleet CPU, and table throttling; every alarm and its recovery go to
/// the topic, which emails `alarmEmail`. Its constructs sit under `Monitoring`
/// (`MonitoringTopic`, `MonitoringDetectErrors`).
public struct Observability {
  /// The dashboard's name.
  public let dashboardName: Value
  /// Where alarms go.
  public let topic: Topic
  /// The alarms, in creation order.
  public let alarms: [Alarm]
  /// The dashboard.
  public let dashboard: Dashboard

  /// Monitoring for the pipeline and the fleet.
  public init(
    _ stack: Stack, _ id: String, pipeline: Pipeline, fleet: RecognitionFleet,
    environment: Environment
  ) {
    let prefix = environment.namePrefix
    let thresholds = environment.alarms
    let monitoring = Construct(stack, id)
    let topic = Topic(monitoring, "Topic", displayName: "\(prefix) alarms", key: pipeline.key)
    topic.subscribe(email: environment.alarmEmail)
    self.topic = topic

    var alarms: [Alarm] = []
    func alarm(
      _ id: String, _ name: String, _ source: Alarm.Source, threshold: Int,
      periods: Int = 1, _ description: String
    ) {
      let alarm = Alarm(
        monitoring, id, name: "\(prefix)-\(name)", source: source,
        threshold: Double(threshold), evaluationPeriods: periods, description: description)
      alarm.notify(topic)
      alarms.append(alarm)
    }
    for (id, function) in [
      ("Detect", pipeline.detect), ("Store", pipeline.store), ("Enroll", pipeline.enroll),
    ] {
      let name = function.options.name
      alarm(
        "\(id)Errors", "\(id.lowercased())-errors", .metric(function.metricErrors()),
        threshold: thresholds.lambdaErrors,
        "\(name) failed \(thresholds.lambdaErrors) or more times in 5 minutes")
      alarm(
        "\(id)Throttles", "\(id.lowercased())-throttles", .metric(function.metricThrottles()),
        threshold: thresholds.lambdaThrottles,
        "\(name) was throttled \(thresholds.lambdaThrottles) or more times in 5 minutes")
    }
    let machine = pipeline.stateMachine
    alarm(
      "WorkflowFailed", "workflow-failed", .metric(machine.metricFailed()),
      threshold: thresholds.stateMachineFailures,
      "\(machine.name): \(thresholds.stateMachineFailures) or more failed executions in 5 minutes"
    )
    alarm(
      "WorkflowTimedOut", "workflow-timed-out", .metric(machine.metricTimedOut()),
      threshold: thresholds.stateMachineFailures,
      "\(machine.name): \(thresholds.stateMachineFailures) or more timed-out executions in 5 minutes"
    )
    // One dead letter is an event or an enrollment that was lost: always worth a look.
    alarm(
      "DeadLetters", "dead-letters", .metric(pipeline.deadLetters.metricVisibleMessages()),
      threshold: 1, "events or enrollments reached the dead-letter queue")
    // A message that waits this long means the fleet is not keeping up (or its workers are down).
    let age = thresholds.queueAgeSeconds
    alarm(
      "WorkQueueAge", "work-queue-age", .metric(fleet.workQueue.metricOldestMessageAge()),
      threshold: age,
      "the work queue's oldest message has waited \(age) s or more: the fleet is not keeping up")
    // One dead letter is an image the fleet gave up on after every retry.
    alarm(
      "WorkDeadLetters", "work-dead-letters",
      .metric(fleet.workDeadLetters.metricVisibleMessages()), threshold: 1,
      "images the fleet could not process reached the work queue's dead-letter queue")
    alarm(
      "FleetCpu", "fleet-cpu", .metric(fleet.group.metricCpuUtilization()),
      threshold: thresholds.fleetCpuPercent, periods: 3,
      "fleet CPU at \(thresholds.fleetCpuPercent)% or more for 15 minutes: scaling is not keeping up"
    )
    // Throttled requests are retried by the SDK and the state machine; the throttle threshold
    // of the functions says when retries stop being enough.
    alarm(
      "ResultsThrottled", "results-throttled",
      .expression(
        "reads + writes", label: "throttled requests",
        metrics: [
          "reads": pipeline.results.metricReadThrottleEvents(),
          "writes": pipeline.results.metricWriteThrottleEvents(),
        ]),
      threshold: thresholds.lambdaThrottles,
      "the results table throttled \(thresholds.lambdaThrottles) or more requests in 5 minutes")
    self.alarms = alarms

    let name = "\(prefix)-pipeline"
    dashboardName = .string(name)
    dashboard = Dashboard(
      monitoring, "Dashboard", name: name,
      widgets: Self.widgets(pipeline: pipeline, fleet: fleet, prefix: prefix))
  }

  /// Throughput, faces, latency, errors, the workflow, dead letters, and the fleet's backlog,
  /// throughput and size.
  static func widgets(pipeline: Pipeline, fleet: RecognitionFleet, prefix: String)
    -> [Dashboard.Widget]
  {
    func pipelineMetric(_ name: String, _ statistic: Metric.Statistic = .sum, label: String)
      -> Metric
    {
      Metric(
        namespace: Pipeline.metricsNamespace, name: name,
        dimensions: [.init("Pipeline", .string(prefix))], statistic: statistic, label: label)
    }
    let functions = [pipeline.detect, pipeline.store, pipeline.enroll]
    let machine = pipeline.stateMachine
    return [
      .text(
        "# \(prefix) face recognition\nUploads run detect and store on the Lambda path or, as `routing` says, on the fleet through its work queue; `enroll/` adds faces; the fleet also serves `POST /recognize` behind its load balancer."
      ),
      .graph(
        .init(
          title: "Throughput",
          metrics: [
            pipelineMetric("ImagesProcessed", label: "images processed"),
            pipelineMetric("FacesDetected", label: "faces detected"),
            pipelineMetric("FacesMatched", label: "faces matched"),
          ], unit: "count per 5 minutes")),
      .graph(
        .init(
          title: "Processing latency",
          metrics: [
            pipelineMetric("ProcessingLatency", .percentile(50), label: "p50"),
            pipelineMetric("ProcessingLatency", .percentile(99), label: "p99"),
          ], unit: "milliseconds")),
      .graph(
        .init(
          title: "Lambda errors and throttles",
          metrics: functions.map { $0.metricErrors() } + functions.map { $0.metricThrottles() })),
      .graph(
        .init(
          title: "Workflow executions",
          metrics: [
            machine.metricStarted(), machine.metricSucceeded(), machine.metricFailed(),
            machine.metricTimedOut(),
          ])),
      .graph(
        .init(
          title: "Dead letters",
          metrics: [
            pipeline.deadLetters.metricVisibleMessages().with(label: "events and enrollments"),
            fleet.workDeadLetters.metricVisibleMessages().with(label: "fleet images"),
          ],
          unit: "messages")),
      .graph(
        .init(
          title: "Fleet backlog",
          metrics: [
            fleet.workQueue.metricVisibleMessages().with(label: "waiting"),
            fleet.workQueue.metricMessagesInFlight().with(label: "in flight"),
          ], unit: "messages")),
      .graph(
        .init(
          title: "Fleet backlog age",
          metrics: [fleet.workQueue.metricOldestMessageAge().with(label: "oldest message")],
          unit: "seconds")),
      .graph(
        .init(
          title: "Fleet throughput",
          metrics: [
            fleet.workQueue.metricMessagesSent().with(label: "images queued"),
            fleet.workQueue.metricMessagesDeleted().with(label: "images done"),
            fleet.loadBalancer.metricRequestCount().with(label: "API requests"),
            fleet.loadBalancer.metricTargetErrors(),
          ], unit: "count per 5 minutes")),
      .graph(
        .init(
          title: "Fleet size",
          metrics: [
            fleet.group.metricInServiceInstances(),
            fleet.group.metricGroup("GroupDesiredCapacity"),
          ], unit: "instances")),
      .graph(
        .init(title: "Fleet CPU", metrics: [fleet.group.metricCpuUtilization()], unit: "percent")),
    ]
  }
}
