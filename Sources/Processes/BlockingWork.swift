import Foundation

// Work that blocks (a read from a terminal or a pipe, a child process) runs on a thread of its
// own, never on Dispatch's global pool: its few workers (two on two cores) would each be held
// for as long as the work blocks (a person typing an MFA code holds one for as long as they
// take), and other work waiting on the pool stalls (`iam review`'s scan beside its synthesis
// once waited a second). Two ways in: awaited, and started now and read later.

/// Runs `work` on a thread of its own and hands its outcome to the awaiting task.
///
/// ```swift
/// let code = try await runBlocking { try readLine(from: terminal) }
/// ```
public func runBlocking<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value)
  async throws -> Value
{
  try await withCheckedThrowingContinuation { continuation in
    Thread { continuation.resume(with: Result { try work() }) }.start()
  }
}

/// A throwing computation started on a thread of its own at once, its result (or error) read
/// later by ``value()``, which waits for it; reading it again gives the same outcome.
///
/// ```swift
/// let scan = Background { try runScanner() }
/// let synthesis = try synthesize()
/// let scans = try scan.value()
/// ```
public final class Background<Value: Sendable>: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  private let lock = NSLock()
  private var outcome: Result<Value, any Error>?

  /// Starts `work` now.
  public init(_ work: @escaping @Sendable () throws -> Value) {
    Thread {
      let outcome = Result { try work() }
      self.lock.withLock { self.outcome = outcome }
      self.done.signal()
    }.start()
  }

  /// The outcome, once `work` has finished.
  public func value() throws -> Value {
    done.wait()
    done.signal()  // the next read goes through too
    guard let outcome = lock.withLock({ outcome }) else {
      preconditionFailure("signalled before the outcome was set")
    }
    return try outcome.get()
  }
}
