import Foundation

/// Retries with exponential backoff and full jitter, as AWS SDKs do in "standard" mode:
/// attempt `n` (from 1) waits a random time in `0 ... min(maxBackoff, baseDelay * 2^(n-1))`.
///
/// What is retried: throttling codes (`Throttling`, `ThrottlingException`,
/// `RequestLimitExceeded`, `TooManyRequestsException`, `SlowDown`, ...), HTTP 429 and 5xx,
/// transient codes (`RequestTimeout`, `InternalError`, ...), and connection failures or
/// timeouts. Sleeping and randomness are injected, so tests run instantly and deterministically.
public struct RetryPolicy: Sendable {
  /// Attempts in all, the first included.
  public var maxAttempts: Int
  /// The first backoff ceiling, in seconds.
  public var baseDelay: Double
  /// The largest backoff ceiling, in seconds.
  public var maxBackoff: Double
  /// Sleeps for the given number of seconds.
  public var sleep: @Sendable (Double) async throws -> Void
  /// Returns a random number in the range (full jitter).
  public var random: @Sendable (ClosedRange<Double>) -> Double

  /// Creates a policy.
  public init(
    maxAttempts: Int = 5, baseDelay: Double = 0.5, maxBackoff: Double = 20,
    sleep: @escaping @Sendable (Double) async throws -> Void = { seconds in
      try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
    },
    random: @escaping @Sendable (ClosedRange<Double>) -> Double = { Double.random(in: $0) }
  ) {
    self.maxAttempts = maxAttempts
    self.baseDelay = baseDelay
    self.maxBackoff = maxBackoff
    self.sleep = sleep
    self.random = random
  }

  /// The default: 5 attempts, 0.5 s base, 20 s ceiling.
  public static let standard = RetryPolicy()
  /// A single attempt.
  public static let none = RetryPolicy(maxAttempts: 1)

  /// The delay before attempt `attempt + 1`, after `attempt` failed attempts (from 1).
  public func delay(afterAttempt attempt: Int) -> Double {
    let ceiling = min(maxBackoff, baseDelay * pow(2, Double(max(0, attempt - 1))))
    return random(0...ceiling)
  }

  /// True when `error` is worth another attempt.
  public static func isRetryable(_ error: Error) -> Bool {
    switch error {
    case let error as AWSServiceError: return error.isRetryable
    case is HTTPTransportError: return true
    default: return false
    }
  }

  /// Runs `operation` until it succeeds, fails with a non-retryable error, or runs out of
  /// attempts; the last error is thrown.
  public func run<T: Sendable>(_ operation: @Sendable () async throws -> T) async throws -> T {
    var attempt = 1
    while true {
      do {
        return try await operation()
      } catch {
        guard attempt < maxAttempts, Self.isRetryable(error) else { throw error }
        try await sleep(delay(afterAttempt: attempt))
        attempt += 1
      }
    }
  }
}
