import Foundation

/// Runs `body` to completion on the concurrency pool and waits for it on the calling thread.
/// The CLI's commands are synchronous `ParsableCommand`s; deploy is async. Call it only from a
/// thread that is not one of the pool's (the main thread of the CLI).
public func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
  let box = ResultBox<T>()
  let semaphore = DispatchSemaphore(value: 0)
  Task {
    do {
      box.set(.success(try await body()))
    } catch {
      box.set(.failure(error))
    }
    semaphore.signal()
  }
  semaphore.wait()
  return try box.get()
}

/// A result shared between the task and the waiting thread.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var result: Result<T, any Error>?

  func set(_ value: Result<T, any Error>) {
    lock.lock()
    result = value
    lock.unlock()
  }

  func get() throws -> T {
    lock.lock()
    defer { lock.unlock() }
    guard let result else { throw CancellationError() }
    return try result.get()
  }
}
