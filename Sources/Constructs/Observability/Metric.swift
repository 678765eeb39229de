import CloudFormation

/// A CloudWatch metric: namespace, name, dimensions, statistic and period. Resources hand these
/// out (`function.metricErrors()`), and alarms, dashboards and scaling policies take them.
///
/// ```swift
/// let errors = function.metricErrors()                  // AWS/Lambda Errors, Sum over 5 minutes
/// let p99 = Metric(namespace: "Facestack/FaceRecognition", name: "ProcessingLatency",
///                  dimensions: [.init("Pipeline", "facestack-dev")], statistic: .percentile(99))
/// ```
public struct Metric: Hashable, Sendable {
  /// One dimension; the value may be a reference (`Ref` of a table).
  public struct Dimension: Hashable, Sendable {
    /// The dimension's name.
    public var name: String
    /// The dimension's value.
    public var value: Value

    /// A dimension.
    public init(_ name: String, _ value: Value) {
      self.name = name
      self.value = value
    }
  }

  /// How data points are aggregated over the period.
  public struct Statistic: Hashable, Sendable, CustomStringConvertible {
    /// CloudWatch's spelling: `Sum`, `Average`, `p99`.
    public let rawValue: String
    /// Whether it is a percentile (an alarm's `ExtendedStatistic`).
    public var isPercentile: Bool { rawValue.hasPrefix("p") }
    public var description: String { rawValue }

    /// `Sum`.
    public static let sum = Statistic(rawValue: "Sum")
    /// `Average`.
    public static let average = Statistic(rawValue: "Average")
    /// `Maximum`.
    public static let maximum = Statistic(rawValue: "Maximum")
    /// `Minimum`.
    public static let minimum = Statistic(rawValue: "Minimum")
    /// `SampleCount`.
    public static let sampleCount = Statistic(rawValue: "SampleCount")
    /// A percentile such as `p99`.
    public static func percentile(_ value: Double) -> Statistic {
      let number =
        value.rounded() == value ? String(Int(value)) : String(value)
      return Statistic(rawValue: "p\(number)")
    }
  }

  /// The namespace (`AWS/Lambda`).
  public var namespace: String
  /// The metric's name (`Errors`).
  public var name: String
  /// The dimensions, in order.
  public var dimensions: [Dimension]
  /// The statistic.
  public var statistic: Statistic
  /// Seconds per data point.
  public var period: Int
  /// The legend label on dashboards.
  public var label: String?

  /// A metric.
  public init(
    namespace: String, name: String, dimensions: [Dimension] = [], statistic: Statistic = .sum,
    period: Int = 300, label: String? = nil
  ) {
    self.namespace = namespace
    self.name = name
    self.dimensions = dimensions
    self.statistic = statistic
    self.period = period
    self.label = label
  }

  /// The same metric with another statistic.
  public func with(statistic: Statistic) -> Metric {
    var copy = self
    copy.statistic = statistic
    return copy
  }

  /// The same metric with another period.
  public func with(period: Int) -> Metric {
    var copy = self
    copy.period = period
    return copy
  }

  /// The same metric with a legend label.
  public func with(label: String) -> Metric {
    var copy = self
    copy.label = label
    return copy
  }
}
