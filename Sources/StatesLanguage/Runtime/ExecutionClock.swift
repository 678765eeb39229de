import Foundation

/// The time an execution runs on: waits, retry delays, timeouts and event timestamps all go
/// through it, so tests can run a schedule of minutes in no real time.
///
/// ```swift
/// let clock = VirtualClock(start: Date(timeIntervalSince1970: 1_700_000_000))
/// let runner = ExecutionRunner(stateMachine: machine, invoker: invoker, clock: clock)
/// ```
public protocol ExecutionClock: Sendable {
  /// The current time.
  func now() async -> Date
  /// Returns at `deadline` (at once when it has passed); throws `CancellationError` when the
  /// task is cancelled first.
  func sleep(until deadline: Date) async throws
  /// Runs `operation` and returns its value, or `nil` when it has not finished by `deadline`.
  func run<T: Sendable>(
    until deadline: Date, _ operation: @escaping @Sendable () async throws -> T
  ) async throws -> T?
}

/// The wall clock: real sleeps, and timeouts that cancel the operation.
public struct SystemClock: ExecutionClock {
  /// The wall clock.
  public init() {}

  /// `Date()`.
  public func now() async -> Date { Date() }

  /// Sleeps for real.
  public func sleep(until deadline: Date) async throws {
    let seconds = deadline.timeIntervalSinceNow
    guard seconds > 0 else {
      try Task.checkCancellation()
      return
    }
    // `Date.distantFuture` (no deadline) is beyond what a UInt64 of nanoseconds holds: sleep in
    // chunks of at most a year, until cancelled or the deadline comes.
    var remaining = seconds
    while remaining > 0 {
      let chunk = min(remaining, 365 * 86_400)
      try await Task.sleep(nanoseconds: UInt64(chunk * 1_000_000_000))
      remaining = deadline.timeIntervalSinceNow
    }
  }

  /// Races `operation` against the deadline; the loser is cancelled.
  public func run<T: Sendable>(
    until deadline: Date, _ operation: @escaping @Sendable () async throws -> T
  ) async throws -> T? {
    try await withThrowingTaskGroup(of: T?.self) { group in
      group.addTask { try await operation() }
      group.addTask {
        try await self.sleep(until: deadline)
        return nil
      }
      defer { group.cancelAll() }
      guard let first = try await group.next() else { return nil }
      return first
    }
  }
}
