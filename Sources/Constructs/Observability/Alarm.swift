import CloudFormation
import ResourceTypes

/// A CloudWatch alarm on one metric, or on a metric-math expression over several, that notifies
/// topics. Missing data is not breaching by default: an idle pipeline is healthy.
///
/// ```swift
/// let alarm = Alarm(stack, "DetectErrors", source: .metric(detect.metricErrors()), threshold: 5,
///                   description: "detect failed 5 times in 5 minutes")
/// alarm.notify(topic)
/// ```
public final class Alarm: Construct {
  /// What the alarm watches.
  public enum Source: Hashable, Sendable {
    /// One metric, with its statistic and period.
    case metric(Metric)
    /// A metric-math expression over metrics keyed by their query IDs (lowercase), every
    /// metric with the same period.
    case expression(String, label: String, metrics: [String: Metric])
  }

  /// The comparison.
  public typealias Comparison = CloudWatchAlarm.ComparisonOperator

  /// The `AWS::CloudWatch::Alarm` resource.
  public let resource: CfnResource
  /// What it watches.
  public let source: Source

  /// An alarm when `source` compared with `threshold` holds for `evaluationPeriods` periods.
  public init(
    _ scope: Construct, _ id: String, name: String? = nil, source: Source, threshold: Double,
    comparison: Comparison = .greaterThanOrEqualToThreshold, evaluationPeriods: Int = 1,
    treatMissingData: CloudWatchAlarm.TreatMissingData = .notBreaching, description: String,
    file: String = #fileID, line: Int = #line
  ) {
    self.source = source
    var alarm = CloudWatchAlarm(
      alarmDescription: .literal(description), alarmName: name.map { .literal($0) },
      comparisonOperator: .literal(comparison), evaluationPeriods: .literal(evaluationPeriods),
      threshold: .literal(threshold), treatMissingData: .literal(treatMissingData))
    switch source {
    case .metric(let metric):
      alarm.namespace = .literal(metric.namespace)
      alarm.metricName = .literal(metric.name)
      if !metric.dimensions.isEmpty {
        alarm.dimensions = .literal(metric.dimensions.map(Self.dimension))
      }
      alarm.period = .literal(metric.period)
      if metric.statistic.isPercentile {
        alarm.extendedStatistic = .literal(metric.statistic.rawValue)
      } else {
        alarm.statistic = .literal(CloudWatchAlarm.Statistic(rawValue: metric.statistic.rawValue))
      }
    case .expression(let expression, let label, let metrics):
      var queries: [Field<CloudWatchAlarm.MetricDataQuery>] = metrics.sorted { $0.key < $1.key }
        .map { queryID, metric in
          .literal(
            CloudWatchAlarm.MetricDataQuery(
              id: .literal(queryID),
              metricStat: .literal(
                CloudWatchAlarm.MetricStat(
                  metric: .literal(
                    CloudWatchAlarm.Metric(
                      dimensions: .literal(metric.dimensions.map(Self.dimension)),
                      metricName: .literal(metric.name), namespace: .literal(metric.namespace))),
                  period: .literal(metric.period), stat: .literal(metric.statistic.rawValue))),
              returnData: false))
        }
      queries.append(
        .literal(
          CloudWatchAlarm.MetricDataQuery(
            expression: .literal(expression), id: "alarmed", label: .literal(label),
            returnData: true)))
      alarm.metrics = .literal(queries)
    }
    resource = CfnResource(detached: LogicalID.defaultChild, alarm, file: file, line: line)
    super.init(scope, id, file: file, line: line)
    adopt(resource)
  }

  private static func dimension(_ dimension: Metric.Dimension) -> Field<CloudWatchAlarm.Dimension> {
    .literal(
      CloudWatchAlarm.Dimension(name: .literal(dimension.name), value: .from(dimension.value)))
  }

  /// The alarm's ARN.
  public var arn: Value { resource.getAtt("Arn") }

  /// Sends the alarm and its recovery to `topic`.
  public func notify(_ topic: Topic) {
    resource.update(CloudWatchAlarm.self) {
      let target: Field<String> = .from(topic.arn.value)
      $0.alarmActions = .literal(($0.alarmActions?.literal ?? []) + [target])
      $0.okActions = .literal(($0.okActions?.literal ?? []) + [target])
    }
  }
}
