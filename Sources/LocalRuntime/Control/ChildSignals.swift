import Foundation

/// Starting a child process with no signal blocked. A child inherits the signal mask of the
/// thread that spawns it, and the runtime spawns from Swift concurrency's (libdispatch's)
/// threads, which block almost every signal: a fleet worker or a function's process started
/// there would never see the `SIGTERM` that stops it (nor Python its `SIGINT`).
enum ChildSignals {
  /// Runs `start` (which spawns) with this thread's signal mask emptied, then puts it back.
  static func withEmptyMask<T>(_ start: () throws -> T) rethrows -> T {
    var empty = sigset_t()
    var previous = sigset_t()
    sigemptyset(&empty)
    pthread_sigmask(SIG_SETMASK, &empty, &previous)
    defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
    return try start()
  }
}
