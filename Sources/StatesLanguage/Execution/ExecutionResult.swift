import CloudFormation
import Foundation
import JSONPaths

/// How an execution ended, as `DescribeExecution` reports it.
public struct ExecutionResult: Sendable, Equatable {
  /// `DescribeExecution`'s `status`.
  public enum Status: String, Sendable, Equatable {
    case succeeded = "SUCCEEDED"
    case failed = "FAILED"
    case timedOut = "TIMED_OUT"
    case aborted = "ABORTED"
  }

  /// The final status.
  public let status: Status
  /// The output, when it succeeded.
  public let output: JSONDocument?
  /// The error name, when it failed (absent for a Fail state without `Error`).
  public let error: String?
  /// The cause, when there is one.
  public let cause: String?
  /// When it started.
  public let startDate: Date
  /// When it ended.
  public let stopDate: Date
  /// Every event, in order.
  public let history: [HistoryEvent]

  /// The output as Step Functions returns it, compact JSON text.
  public var outputText: String? { output?.compactText }
}
