import Foundation

/// Runs `work`, which blocks (a read from a terminal, a child process), on a thread of its own
/// and hands its outcome to the awaiting task. Not on Dispatch's global pool: its few workers
/// (two on two cores) would each be held for as long as the work blocks (a person typing an MFA
/// code holds one for as long as they take), and other work waiting on the pool stalls.
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
