import AWSClient
import Foundation

/// Follows a stack operation to its end: polls events (reported as they come) and the stack's
/// status, and returns when the status is final.
public struct StackWatcher: Sendable {
  /// The CloudFormation client.
  public var client: CloudFormationClient
  /// Seconds between polls.
  public var pollInterval: Double
  /// Seconds before giving up.
  public var timeout: Double
  /// How to wait (tests return at once).
  public var sleep: @Sendable (Double) async throws -> Void
  /// The clock, for elapsed time.
  public var now: @Sendable () -> Date

  /// A watcher.
  public init(
    client: CloudFormationClient, pollInterval: Double = 2, timeout: Double = 3600,
    sleep: @escaping @Sendable (Double) async throws -> Void = Deployer.realSleep,
    now: @escaping @Sendable () -> Date = { Date() }
  ) {
    self.client = client
    self.pollInterval = pollInterval
    self.timeout = timeout
    self.sleep = sleep
    self.now = now
  }

  /// How the operation ended.
  public struct Outcome: Sendable {
    /// The stack's final status; `DELETE_COMPLETE` when it is gone.
    public var status: StackStatus
    /// The stack's reason for it.
    public var statusReason: String?
    /// Failed resources, in order.
    public var failures: [ResourceFailure]
    /// The stack at the end (nil once deleted).
    public var stack: Stack?
    /// The last progress.
    public var progress: ProgressSnapshot
  }

  /// Watches `stackName` (a name, or the stack id so a deleted stack can still be read) until
  /// its status is final and differs from `startStatus` or a stack event says it changed.
  public func watch(
    stackName: String, startStatus: StackStatus?, afterEventID: String?, total: Int,
    reporter: DeployReporter
  ) async throws -> Outcome {
    let start = now()
    var poller = EventPoller(client: client, stackName: stackName, after: afterEventID)
    var tracker = ProgressTracker(total: total)
    var finalPolls = 0
    while true {
      let stack = try await client.describeStack(named: stackName)
      let events = try await poller.poll()
      for event in events {
        tracker.record(event)
        reporter.emit(.event(event, tracker.snapshot(elapsed: now().timeIntervalSince(start))))
      }
      let snapshot = tracker.snapshot(elapsed: now().timeIntervalSince(start))
      let status = stack?.status ?? .deleteComplete
      if status.isTerminal && status != .reviewInProgress {
        finalPolls += 1
        let stackEventSaysEnded = tracker.stackStatus.map { StackStatus(rawValue: $0).isTerminal }
        // Right after ExecuteChangeSet, AWS may still show the old final status for a moment;
        // a stack event or a new status says the operation ran. The poll count is the backstop.
        if status != startStatus || stackEventSaysEnded == true || finalPolls >= 15 {
          return Outcome(
            status: status, statusReason: stack?.statusReason, failures: tracker.failures,
            stack: stack, progress: snapshot)
        }
      }
      reporter.emit(.progress(snapshot))
      guard now().timeIntervalSince(start) < timeout else {
        throw DeployError.aws(
          "stack \(stackName) is still \(status) after \(Int(timeout)) seconds; follow it in the console"
        )
      }
      try await sleep(pollInterval)
    }
  }
}
