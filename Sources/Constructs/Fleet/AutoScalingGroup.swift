import CloudFormation
import ResourceTypes

/// An Auto Scaling group running a ``LaunchTemplate`` across subnets, rolled instance by
/// instance when the template changes, with target tracking scaling policies, target groups that
/// register its instances, and termination lifecycle hooks.
///
/// ```swift
/// var options = AutoScalingGroup.Options(
///   launchTemplate: template, subnetIds: network.subnetIds, minSize: 2, maxSize: 24,
///   desiredCapacity: 4)
/// options.name = "facestack-prod-recognition"
/// let group = AutoScalingGroup(fleet, "Group", options: options)
/// group.attach(targets)                                   // instances in the target group, ELB health
/// group.addTerminationHook("drain-workers", heartbeatTimeout: 360)
/// group.grantCompleteLifecycleAction(to: profile.role)    // the instance ends its own wait
/// group.scaleOnCpu(targetPercent: 60)
/// group.scaleOnBacklog(of: work, perInstance: 300)
/// ```
///
/// Defaults: EC2 health checks with a grace period, group metrics every minute (the fleet size
/// on dashboards, and per-instance scaling metrics), a rolling update that waits for each new
/// instance's `cfn-signal` and keeps `minSize` in service, and a creation policy that waits for
/// the first instances. Deployments keep the capacity that scaling set
/// (`IgnoreUnmodifiedGroupSizeProperties`).
public final class AutoScalingGroup: Construct {
  /// What can be changed.
  public struct Options {
    /// The launch template; the group follows its latest version.
    public var launchTemplate: LaunchTemplate
    /// The subnets.
    public var subnetIds: [Value]
    /// Minimum instances.
    public var minSize: Int
    /// Maximum instances.
    public var maxSize: Int
    /// Instances at creation.
    public var desiredCapacity: Int
    /// Seconds before a new instance's health counts.
    public var healthCheckGracePeriod = 300
    /// Seconds a new instance takes to contribute to the scaling metrics.
    public var instanceWarmup = 300
    /// Wait for `cfn-signal` from new instances at creation and during rolling updates.
    public var waitForSignals = true
    /// How long to wait for signals, ISO 8601 (`PT15M`).
    public var signalTimeout = "PT15M"
    /// The group's name; without one CloudFormation generates it. A name makes the group's ARN
    /// known to the instances' own role and user data, which a reference to the group cannot
    /// (the group depends on them).
    public var name: String?

    /// Options for a group.
    public init(
      launchTemplate: LaunchTemplate, subnetIds: [Value], minSize: Int, maxSize: Int,
      desiredCapacity: Int
    ) {
      self.launchTemplate = launchTemplate
      self.subnetIds = subnetIds
      self.minSize = minSize
      self.maxSize = maxSize
      self.desiredCapacity = desiredCapacity
    }
  }

  /// Group metrics collected every minute.
  public static let groupMetrics = [
    "GroupDesiredCapacity", "GroupInServiceInstances", "GroupMaxSize", "GroupMinSize",
    "GroupPendingInstances", "GroupTerminatingInstances", "GroupTotalInstances",
  ]

  /// The `AWS::AutoScaling::AutoScalingGroup` resource.
  public let resource: CfnResource
  /// The options it was built with.
  public let options: Options

  /// A group.
  public init(
    _ scope: Construct, _ id: String, options: Options, file: String = #fileID, line: Int = #line
  ) {
    self.options = options
    var group = AutoScalingAutoScalingGroup(
      autoScalingGroupName: options.name.map { .literal($0) },
      defaultInstanceWarmup: .literal(options.instanceWarmup),
      desiredCapacity: .literal(String(options.desiredCapacity)),
      healthCheckGracePeriod: .literal(options.healthCheckGracePeriod),
      healthCheckType: "EC2",
      launchTemplate: .literal(
        AutoScalingAutoScalingGroup.LaunchTemplateSpecification(
          launchTemplateId: .from(options.launchTemplate.templateId),
          version: .from(options.launchTemplate.latestVersion))),
      maxSize: .literal(String(options.maxSize)),
      metricsCollection: .literal([
        .literal(
          AutoScalingAutoScalingGroup.MetricsCollection(
            granularity: "1Minute", metrics: .literal(Self.groupMetrics.map { .literal($0) })))
      ]),
      minSize: .literal(String(options.minSize)),
      vpcZoneIdentifier: .literal(options.subnetIds.map { .from($0) }))
    group.tags = .literal([
      .literal(
        AutoScalingAutoScalingGroup.TagProperty(
          key: "Name", propagateAtLaunch: true,
          value: .literal(options.launchTemplate.options.name)))
    ])
    resource = CfnResource(detached: LogicalID.defaultChild, group, file: file, line: line)
    var rolling: OrderedMap<Value> = [
      "MaxBatchSize": .int(max(1, options.desiredCapacity / 2)),
      "MinInstancesInService": .int(options.minSize),
      "PauseTime": .string(options.signalTimeout),
      "SuspendProcesses": [
        "HealthCheck", "ReplaceUnhealthy", "AZRebalance", "AlarmNotification",
        "ScheduledActions",
      ],
    ]
    if options.waitForSignals {
      rolling["MinSuccessfulInstancesPercent"] = 100
      rolling["WaitOnResourceSignals"] = true
      if options.desiredCapacity > 0 {
        resource.creationPolicy = [
          "ResourceSignal": [
            "Count": .int(options.desiredCapacity), "Timeout": .string(options.signalTimeout),
          ]
        ]
      }
    }
    resource.updatePolicy = [
      "AutoScalingRollingUpdate": .map(rolling),
      "AutoScalingScheduledAction": ["IgnoreUnmodifiedGroupSizeProperties": true],
    ]
    super.init(scope, id, file: file, line: line)
    adopt(resource)
    if options.minSize > options.desiredCapacity || options.desiredCapacity > options.maxSize {
      stack.report(
        .error,
        "auto scaling group \(resource.logicalID) needs minSize <= desiredCapacity <= maxSize, got \(options.minSize), \(options.desiredCapacity), \(options.maxSize)",
        at: location)
    }
  }

  /// The group's name (`Ref`).
  public var name: Value { resource.ref }

  /// The group's ARN for IAM, when the group is named: its ID part is unknown before creation,
  /// so it is `*` (`autoScalingGroup:*:autoScalingGroupName/<name>`).
  public var arn: ARN? {
    options.name.map {
      ARN(
        .sub(
          "arn:${AWS::Partition}:autoscaling:${AWS::Region}:${AWS::AccountId}:autoScalingGroup:*:autoScalingGroupName/\($0)"
        ), resourceType: AutoScalingAutoScalingGroup.typeName)
    }
  }

  /// Registers the group's instances in `targets`, and counts the load balancer's health checks
  /// in the group's (`HealthCheckType: ELB`): an instance whose service stops answering is
  /// replaced.
  public func attach(_ targets: TargetGroup) {
    resource.update(AutoScalingAutoScalingGroup.self) {
      $0.targetGroupARNs = .literal(($0.targetGroupARNs?.literal ?? []) + [.from(targets.arn)])
      $0.healthCheckType = "ELB"
    }
  }

  /// A termination lifecycle hook: an instance leaving the group (scale-in, a refresh, a failed
  /// health check) waits in `Terminating:Wait` until it completes the lifecycle action itself,
  /// or `heartbeatTimeout` seconds (30 to 7,200) pass, then terminates (`CONTINUE`).
  public func addTerminationHook(
    _ hookName: String, heartbeatTimeout: Int, file: String = #fileID, line: Int = #line
  ) {
    if !(30...7_200).contains(heartbeatTimeout) {
      stack.report(
        .error,
        "lifecycle hook \(hookName) of \(resource.logicalID) needs a heartbeat timeout between 30 and 7200 seconds, got \(heartbeatTimeout)",
        at: SourceLocation(file: file, line: line))
    }
    resource.update(AutoScalingAutoScalingGroup.self) {
      let hook = AutoScalingAutoScalingGroup.LifecycleHookSpecification(
        defaultResult: "CONTINUE", heartbeatTimeout: .literal(heartbeatTimeout),
        lifecycleHookName: .literal(hookName),
        lifecycleTransition: "autoscaling:EC2_INSTANCE_TERMINATING")
      $0.lifecycleHookSpecificationList = .literal(
        ($0.lifecycleHookSpecificationList?.literal ?? []) + [.literal(hook)])
    }
  }

  /// Grants `autoscaling:CompleteLifecycleAction` on this group, so that its instances end their
  /// own lifecycle wait. The group must be named (see ``Options/name``).
  public func grantCompleteLifecycleAction(
    to role: Role, file: String = #fileID, line: Int = #line
  ) {
    guard let arn else {
      stack.report(
        .error,
        "auto scaling group \(resource.logicalID) needs a name for a grant on its ARN",
        at: SourceLocation(file: file, line: line))
      return
    }
    role.allow(["autoscaling:CompleteLifecycleAction"], on: [arn], file: file, line: line)
  }

  /// Keeps the work queue's visible messages per in-service instance near `perInstance`: the
  /// backlog-per-instance policy of the Auto Scaling documentation for queue-driven groups
  /// (`visible / instances`, metric math). The right target is the longest acceptable wait
  /// divided by the time an instance takes per message.
  @discardableResult
  public func scaleOnBacklog(
    _ id: String = "BacklogTracking", of queue: Queue, perInstance: Int,
    file: String = #fileID, line: Int = #line
  ) -> CfnResource {
    scale(
      id, tracking: "visible / instances", label: "messages waiting per in-service instance",
      of: [
        ("visible", queue.metric("ApproximateNumberOfMessagesVisible", statistic: .sum)),
        ("instances", metricInServiceInstances()),
      ],
      target: Double(perInstance), file: file, line: line)
  }

  /// Keeps the group's average CPU near `targetPercent`.
  @discardableResult
  public func scaleOnCpu(
    _ id: String = "CpuTracking", targetPercent: Int, file: String = #fileID, line: Int = #line
  ) -> CfnResource {
    trackingPolicy(
      id,
      AutoScalingScalingPolicy.TargetTrackingConfiguration(
        predefinedMetricSpecification: .literal(
          AutoScalingScalingPolicy.PredefinedMetricSpecification(
            predefinedMetricType: .literal(.asgAverageCPUUtilization))),
        targetValue: .literal(Double(targetPercent))),
      file: file, line: line)
  }

  /// Keeps `expression` over `metrics` (metric math; each metric's key is its query ID) near
  /// `target`, as in the "backlog per instance" pattern of the Auto Scaling documentation.
  @discardableResult
  public func scale(
    _ id: String, tracking expression: String, label: String, of metrics: [(String, Metric)],
    target: Double, file: String = #fileID, line: Int = #line
  ) -> CfnResource {
    var queries: [Field<AutoScalingScalingPolicy.TargetTrackingMetricDataQuery>] = metrics.map {
      queryID, metric in
      .literal(
        AutoScalingScalingPolicy.TargetTrackingMetricDataQuery(
          id: .literal(queryID),
          metricStat: .literal(
            AutoScalingScalingPolicy.TargetTrackingMetricStat(
              metric: .literal(
                AutoScalingScalingPolicy.Metric(
                  dimensions: .literal(
                    metric.dimensions.map {
                      .literal(
                        AutoScalingScalingPolicy.MetricDimension(
                          name: .literal($0.name), value: .from($0.value)))
                    }),
                  metricName: .literal(metric.name), namespace: .literal(metric.namespace))),
              stat: .literal(metric.statistic.rawValue))),
          returnData: false))
    }
    queries.append(
      .literal(
        AutoScalingScalingPolicy.TargetTrackingMetricDataQuery(
          expression: .literal(expression), id: "tracked", label: .literal(label),
          returnData: true)))
    return trackingPolicy(
      id,
      AutoScalingScalingPolicy.TargetTrackingConfiguration(
        customizedMetricSpecification: .literal(
          AutoScalingScalingPolicy.CustomizedMetricSpecification(metrics: .literal(queries))),
        targetValue: .literal(target)),
      file: file, line: line)
  }

  private func trackingPolicy(
    _ id: String, _ configuration: AutoScalingScalingPolicy.TargetTrackingConfiguration,
    file: String, line: Int
  ) -> CfnResource {
    CfnResource(
      self, id,
      AutoScalingScalingPolicy(
        autoScalingGroupName: .from(name), policyType: .literal(.targetTrackingScaling),
        targetTrackingConfiguration: .literal(configuration)),
      file: file, line: line)
  }
}
