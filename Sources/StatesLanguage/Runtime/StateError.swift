/// An error a state raised, on its way to the retriers, the catchers, an enclosing Parallel or
/// Map, or the execution.
struct StateError: Error, Sendable, Equatable {
  /// The error name; `nil` for a Fail state without `Error`.
  var name: String?
  /// The cause.
  var cause: String?
  /// Terminal errors (`States.Runtime`, a state's `States.DataLimitExceeded`) are never
  /// retried or caught.
  var isTerminal: Bool
  /// Whether the cause still needs Step Functions' prefix naming the state
  /// ("An error occurred while executing the state 'X' (entered at the event id #2). ").
  var needsStatePrefix: Bool

  init(name: String?, cause: String?, isTerminal: Bool = false, needsStatePrefix: Bool = false) {
    self.name = name
    self.cause = cause
    self.isTerminal = isTerminal
    self.needsStatePrefix = needsStatePrefix
  }

  /// `States.Runtime` with `detail`; the state's prefix is added where the state is known.
  static func runtime(_ detail: String) -> StateError {
    StateError(
      name: StatesErrorName.runtime, cause: detail, isTerminal: true, needsStatePrefix: true)
  }

  /// `States.IntrinsicFailure` with `detail`.
  static func intrinsic(_ call: IntrinsicCall, _ detail: String) -> StateError {
    StateError(
      name: StatesErrorName.intrinsicFailure,
      cause: "The function '\(call.text)' had the following error: \(detail)",
      needsStatePrefix: true)
  }

  /// A state's output or input over the payload quota: terminal.
  static func dataLimit(_ subject: String) -> StateError {
    StateError(
      name: StatesErrorName.dataLimitExceeded,
      cause:
        "The state/task '\(subject)' returned a result with a size exceeding the maximum number of bytes service limit.",
      isTerminal: true)
  }

  /// The cause with the state's prefix, when it needs one.
  func prefixed(state: String, enteredEventId: Int) -> StateError {
    guard needsStatePrefix else { return self }
    var copy = self
    copy.needsStatePrefix = false
    copy.cause =
      "An error occurred while executing the state '\(state)' (entered at the event id #\(enteredEventId)). "
      + (cause ?? "")
    return copy
  }
}

/// Why an execution stopped without succeeding or failing.
enum ExecutionInterruption: Error, Sendable {
  /// The state machine's `TimeoutSeconds` passed.
  case timedOut
}
