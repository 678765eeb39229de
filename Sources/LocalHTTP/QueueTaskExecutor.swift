import Dispatch

/// Runs tasks on a serial Dispatch queue of its own instead of the cooperative pool. Tasks that
/// prefer it (`Task(executorPreference:)`) and their child tasks keep running while every
/// thread of the pool is blocked, for example by a test waiting on a subprocess.
///
/// ```swift
/// let executor = QueueTaskExecutor(label: "stand-in emulator")
/// let server = try await HTTPServer.start(
///   host: "127.0.0.1", port: 0, tls: nil, executor: executor) { _ in ... }
/// ```
@available(macOS 15, *)
public final class QueueTaskExecutor: TaskExecutor {
  private let queue: DispatchQueue

  /// An executor with a new serial queue named `label`.
  public init(label: String) {
    queue = DispatchQueue(label: label)
  }

  public func enqueue(_ job: consuming ExecutorJob) {
    let job = UnownedJob(job)
    let executor = asUnownedTaskExecutor()
    queue.async { job.runSynchronously(on: executor) }
  }
}
