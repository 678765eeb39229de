import CloudFormation

// Metrics live on the resources they describe (`function.metricErrors()`), as in AWS CDK's L2
// constructs. Every metric defaults to 5-minute periods, the alarms' evaluation unit.

extension Function {
  /// A metric of `AWS/Lambda` for this function.
  public func metric(_ name: String, statistic: Metric.Statistic = .sum) -> Metric {
    Metric(
      namespace: "AWS/Lambda", name: name,
      dimensions: [.init("FunctionName", .string(options.name))], statistic: statistic,
      label: "\(options.name) \(name)")
  }

  /// Invocations that ended in a function error, summed.
  public func metricErrors() -> Metric { metric("Errors") }
  /// Invocation requests throttled, summed.
  public func metricThrottles() -> Metric { metric("Throttles") }
  /// Invocations, summed.
  public func metricInvocations() -> Metric { metric("Invocations") }
  /// Duration at a percentile (p99 by default).
  public func metricDuration(percentile: Double = 99) -> Metric {
    metric("Duration", statistic: .percentile(percentile))
  }
}

extension StateMachine {
  /// A metric of `AWS/States` for this state machine.
  public func metric(_ name: String, statistic: Metric.Statistic = .sum) -> Metric {
    Metric(
      namespace: "AWS/States", name: name, dimensions: [.init("StateMachineArn", arn.value)],
      statistic: statistic, label: name)
  }

  /// Executions started, summed.
  public func metricStarted() -> Metric { metric("ExecutionsStarted") }
  /// Executions that succeeded, summed.
  public func metricSucceeded() -> Metric { metric("ExecutionsSucceeded") }
  /// Executions that failed, summed.
  public func metricFailed() -> Metric { metric("ExecutionsFailed") }
  /// Executions that timed out, summed.
  public func metricTimedOut() -> Metric { metric("ExecutionsTimedOut") }
  /// Executions aborted, summed.
  public func metricAborted() -> Metric { metric("ExecutionsAborted") }
}

extension Queue {
  /// A metric of `AWS/SQS` for this queue.
  public func metric(_ name: String, statistic: Metric.Statistic) -> Metric {
    Metric(
      namespace: "AWS/SQS", name: name, dimensions: [.init("QueueName", self.name)],
      statistic: statistic, label: name)
  }

  /// Messages waiting to be received, at their maximum.
  public func metricVisibleMessages() -> Metric {
    metric("ApproximateNumberOfMessagesVisible", statistic: .maximum)
  }
  /// Age of the oldest message, seconds, at its maximum.
  public func metricOldestMessageAge() -> Metric {
    metric("ApproximateAgeOfOldestMessage", statistic: .maximum)
  }
  /// Messages received and not yet deleted or returned, at their maximum.
  public func metricMessagesInFlight() -> Metric {
    metric("ApproximateNumberOfMessagesNotVisible", statistic: .maximum)
  }
  /// Messages sent to the queue, summed.
  public func metricMessagesSent() -> Metric { metric("NumberOfMessagesSent", statistic: .sum) }
  /// Messages received (a message received twice counts twice), summed.
  public func metricMessagesReceived() -> Metric {
    metric("NumberOfMessagesReceived", statistic: .sum)
  }
  /// Messages deleted, which for a work queue is work done, summed.
  public func metricMessagesDeleted() -> Metric {
    metric("NumberOfMessagesDeleted", statistic: .sum)
  }
}

extension Table {
  /// A metric of `AWS/DynamoDB` for this table.
  public func metric(_ name: String, statistic: Metric.Statistic = .sum) -> Metric {
    Metric(
      namespace: "AWS/DynamoDB", name: name, dimensions: [.init("TableName", self.name)],
      statistic: statistic, label: name)
  }

  /// Read requests throttled (table and indexes), summed.
  public func metricReadThrottleEvents() -> Metric { metric("ReadThrottleEvents") }
  /// Write requests throttled (table and indexes), summed.
  public func metricWriteThrottleEvents() -> Metric { metric("WriteThrottleEvents") }
  /// Requests of one operation (`BatchWriteItem`, `Query`) throttled, summed.
  public func metricThrottledRequests(operation: String) -> Metric {
    var throttled = metric("ThrottledRequests")
    throttled.dimensions.append(.init("Operation", .string(operation)))
    throttled.label = "\(operation) throttled"
    return throttled
  }
}

extension AutoScalingGroup {
  /// Average CPU of the group's instances (`AWS/EC2`).
  public func metricCpuUtilization() -> Metric {
    Metric(
      namespace: "AWS/EC2", name: "CPUUtilization",
      dimensions: [.init("AutoScalingGroupName", name)], statistic: .average, label: "CPU")
  }

  /// A group metric of `AWS/AutoScaling` (collected every minute, see ``groupMetrics``).
  public func metricGroup(_ metricName: String, statistic: Metric.Statistic = .average) -> Metric {
    Metric(
      namespace: "AWS/AutoScaling", name: metricName,
      dimensions: [.init("AutoScalingGroupName", name)], statistic: statistic, period: 60,
      label: metricName)
  }

  /// Instances in service.
  public func metricInServiceInstances() -> Metric { metricGroup("GroupInServiceInstances") }
}

extension LoadBalancer {
  /// A metric of `AWS/ApplicationELB` for this load balancer.
  public func metric(_ name: String, statistic: Metric.Statistic = .sum) -> Metric {
    Metric(
      namespace: "AWS/ApplicationELB", name: name, dimensions: [.init("LoadBalancer", fullName)],
      statistic: statistic, label: name)
  }

  /// Requests served, summed.
  public func metricRequestCount() -> Metric { metric("RequestCount").with(label: "requests") }
  /// Seconds from the request leaving the load balancer to the target's answer, at a percentile.
  public func metricTargetResponseTime(percentile: Double = 99) -> Metric {
    metric("TargetResponseTime", statistic: .percentile(percentile))
  }
  /// 5xx answers of the targets, summed.
  public func metricTargetErrors() -> Metric {
    metric("HTTPCode_Target_5XX_Count").with(label: "target 5xx")
  }
}
