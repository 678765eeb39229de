import Foundation

/// Runs `operation` but gives up after `seconds`, throwing a timeout ``HTTPTransportError``.
///
/// The metadata endpoints (IMDS, the container endpoint) must answer within a second or two,
/// whatever transport is in use: off EC2 nothing answers at 169.254.169.254, and the chain must
/// move on quickly, as botocore's one-second metadata timeout does. The operation is left to
/// finish in the background (the transport has its own timeout); its result is ignored.
func withDeadline<T: Sendable>(
  _ seconds: Double, _ what: String, operation: @escaping @Sendable () async throws -> T
) async throws -> T {
  let gate = ResumeOnce<T>()
  return try await withCheckedThrowingContinuation { continuation in
    let work = Task {
      do {
        gate.resume(continuation, with: .success(try await operation()))
      } catch {
        gate.resume(continuation, with: .failure(error))
      }
    }
    Task {
      try? await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
      let timeout = HTTPTransportError(
        message: "\(what): no answer within \(secondsText(seconds))s", isTimeout: true)
      if gate.resume(continuation, with: .failure(timeout)) { work.cancel() }
    }
  }
}

/// `1` for 1.0, `0.5` for 0.5.
private func secondsText(_ seconds: Double) -> String {
  seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
}

/// Resumes a continuation once, whichever of two tasks gets there first.
private final class ResumeOnce<T: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var resumed = false

  @discardableResult
  func resume(_ continuation: CheckedContinuation<T, Error>, with result: Result<T, Error>) -> Bool
  {
    let first = lock.withLock {
      defer { resumed = true }
      return !resumed
    }
    if first { continuation.resume(with: result) }
    return first
  }
}
