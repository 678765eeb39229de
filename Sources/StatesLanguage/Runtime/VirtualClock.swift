import Foundation

/// A clock that moves only when the execution waits: `sleep(until:)` sets the time to the
/// deadline and returns at once. A task that takes time in a test sleeps on this clock; a
/// timeout is then decided by comparing the time after the task with the deadline.
///
/// With concurrent branches the clock is shared: a branch's wait moves every branch's time.
public actor VirtualClock: ExecutionClock {
  private var current: Date
  /// Every wait requested, in order (retry delays, Wait states), in seconds.
  public private(set) var sleeps: [TimeInterval] = []

  /// A clock reading `start`.
  public init(start: Date = Date(timeIntervalSince1970: 1_700_000_000)) {
    current = start
  }

  /// The virtual time.
  public func now() -> Date { current }

  /// Moves the time forward to `deadline` (never backwards) and records the wait.
  public func sleep(until deadline: Date) throws {
    try Task.checkCancellation()
    sleeps.append(max(0, deadline.timeIntervalSince(current)))
    if deadline > current { current = deadline }
  }

  /// Moves the time forward by `seconds`, as a task that takes that long would.
  public func advance(by seconds: TimeInterval) {
    current = current.addingTimeInterval(max(0, seconds))
  }

  /// Runs `operation` to the end; `nil` when the time is past `deadline` afterwards.
  public func run<T: Sendable>(
    until deadline: Date, _ operation: @escaping @Sendable () async throws -> T
  ) async throws -> T? {
    let value = try await operation()
    return current > deadline ? nil : value
  }
}
