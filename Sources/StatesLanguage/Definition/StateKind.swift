/// A state's type with its fields.
public indirect enum StateKind: Sendable, Equatable {
  /// A `Pass` state.
  case pass(PassState)
  /// A `Task` state.
  case task(TaskState)
  /// A `Choice` state.
  case choice(ChoiceState)
  /// A `Wait` state.
  case wait(WaitState)
  /// A `Succeed` state.
  case succeed(SucceedState)
  /// A `Fail` state.
  case fail(FailState)
  /// A `Parallel` state.
  case parallel(ParallelState)
  /// A `Map` state.
  case map(MapState)

  /// The `Type` as written: `Task`, `Choice`, ...
  public var typeName: String {
    switch self {
    case .pass: return "Pass"
    case .task: return "Task"
    case .choice: return "Choice"
    case .wait: return "Wait"
    case .succeed: return "Succeed"
    case .fail: return "Fail"
    case .parallel: return "Parallel"
    case .map: return "Map"
    }
  }
}
