import CloudFormation
import Foundation
import JSONPaths

/// One entry of a state's `Retry`.
public struct Retrier: Sendable, Equatable {
  /// `ErrorEquals`: the error names this retrier handles.
  public let errorEquals: [String]
  /// `IntervalSeconds`, 1 by default: the wait before the first retry.
  public let intervalSeconds: Int
  /// `MaxAttempts`, 3 by default; 0 never retries.
  public let maxAttempts: Int
  /// `BackoffRate`, 2.0 by default: the wait's multiplier for each further retry.
  public let backoffRate: Double
  /// `MaxDelaySeconds`: the wait never exceeds it.
  public let maxDelaySeconds: Int?
  /// `JitterStrategy`: `FULL` waits a random time between 0 and the computed wait.
  public let jitter: Jitter

  /// The retrier's `JitterStrategy`.
  public enum Jitter: String, Sendable, Equatable {
    /// The computed wait.
    case none = "NONE"
    /// A uniformly random wait between 0 and the computed wait.
    case full = "FULL"
  }

  /// The wait before retry number `attempt` (1 for the first retry), before jitter:
  /// `IntervalSeconds × BackoffRate^(attempt − 1)`, capped at `MaxDelaySeconds`.
  public func baseDelay(attempt: Int) -> Double {
    let delay = Double(intervalSeconds) * pow(backoffRate, Double(attempt - 1))
    guard let maxDelaySeconds else { return delay }
    return min(delay, Double(maxDelaySeconds))
  }

  init(_ document: JSONDocument, at location: String) throws(DefinitionError) {
    var reader = try DefinitionReader(document, at: location)
    errorEquals = try ErrorMatching.errorEquals(&reader)
    intervalSeconds = try reader.integer("IntervalSeconds", in: 1...99_999_999) ?? 1
    maxAttempts = try reader.integer("MaxAttempts", in: 0...99_999_999) ?? 3
    let rate = try reader.number("BackoffRate") ?? 2.0
    guard rate >= 1.0 else {
      throw reader.error(
        "BackoffRate", "The value for the field 'BackoffRate' must be at least 1.0")
    }
    backoffRate = rate
    maxDelaySeconds = try reader.integer("MaxDelaySeconds", in: 1...31_622_400)
    let strategy = try reader.string("JitterStrategy") ?? "NONE"
    guard let jitter = Jitter(rawValue: strategy) else {
      throw reader.error(
        "JitterStrategy", "The value for the field 'JitterStrategy' must be FULL or NONE")
    }
    self.jitter = jitter
    _ = reader.value("Comment")
    try reader.rejectUnknownFields()
  }
}
