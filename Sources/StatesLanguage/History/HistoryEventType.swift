/// Step Functions' `HistoryEventType`, the values `GetExecutionHistory` returns.
public enum HistoryEventType: String, Sendable, Equatable, CaseIterable {
  /// `ActivityFailed`.
  case activityFailed = "ActivityFailed"
  /// `ActivityScheduled`.
  case activityScheduled = "ActivityScheduled"
  /// `ActivityScheduleFailed`.
  case activityScheduleFailed = "ActivityScheduleFailed"
  /// `ActivityStarted`.
  case activityStarted = "ActivityStarted"
  /// `ActivitySucceeded`.
  case activitySucceeded = "ActivitySucceeded"
  /// `ActivityTimedOut`.
  case activityTimedOut = "ActivityTimedOut"
  /// `ChoiceStateEntered`.
  case choiceStateEntered = "ChoiceStateEntered"
  /// `ChoiceStateExited`.
  case choiceStateExited = "ChoiceStateExited"
  /// `ExecutionAborted`.
  case executionAborted = "ExecutionAborted"
  /// `ExecutionFailed`.
  case executionFailed = "ExecutionFailed"
  /// `ExecutionStarted`.
  case executionStarted = "ExecutionStarted"
  /// `ExecutionSucceeded`.
  case executionSucceeded = "ExecutionSucceeded"
  /// `ExecutionTimedOut`.
  case executionTimedOut = "ExecutionTimedOut"
  /// `FailStateEntered`.
  case failStateEntered = "FailStateEntered"
  /// `LambdaFunctionFailed`.
  case lambdaFunctionFailed = "LambdaFunctionFailed"
  /// `LambdaFunctionScheduled`.
  case lambdaFunctionScheduled = "LambdaFunctionScheduled"
  /// `LambdaFunctionScheduleFailed`.
  case lambdaFunctionScheduleFailed = "LambdaFunctionScheduleFailed"
  /// `LambdaFunctionStarted`.
  case lambdaFunctionStarted = "LambdaFunctionStarted"
  /// `LambdaFunctionStartFailed`.
  case lambdaFunctionStartFailed = "LambdaFunctionStartFailed"
  /// `LambdaFunctionSucceeded`.
  case lambdaFunctionSucceeded = "LambdaFunctionSucceeded"
  /// `LambdaFunctionTimedOut`.
  case lambdaFunctionTimedOut = "LambdaFunctionTimedOut"
  /// `MapIterationAborted`.
  case mapIterationAborted = "MapIterationAborted"
  /// `MapIterationFailed`.
  case mapIterationFailed = "MapIterationFailed"
  /// `MapIterationStarted`.
  case mapIterationStarted = "MapIterationStarted"
  /// `MapIterationSucceeded`.
  case mapIterationSucceeded = "MapIterationSucceeded"
  /// `MapStateAborted`.
  case mapStateAborted = "MapStateAborted"
  /// `MapStateEntered`.
  case mapStateEntered = "MapStateEntered"
  /// `MapStateExited`.
  case mapStateExited = "MapStateExited"
  /// `MapStateFailed`.
  case mapStateFailed = "MapStateFailed"
  /// `MapStateStarted`.
  case mapStateStarted = "MapStateStarted"
  /// `MapStateSucceeded`.
  case mapStateSucceeded = "MapStateSucceeded"
  /// `ParallelStateAborted`.
  case parallelStateAborted = "ParallelStateAborted"
  /// `ParallelStateEntered`.
  case parallelStateEntered = "ParallelStateEntered"
  /// `ParallelStateExited`.
  case parallelStateExited = "ParallelStateExited"
  /// `ParallelStateFailed`.
  case parallelStateFailed = "ParallelStateFailed"
  /// `ParallelStateStarted`.
  case parallelStateStarted = "ParallelStateStarted"
  /// `ParallelStateSucceeded`.
  case parallelStateSucceeded = "ParallelStateSucceeded"
  /// `PassStateEntered`.
  case passStateEntered = "PassStateEntered"
  /// `PassStateExited`.
  case passStateExited = "PassStateExited"
  /// `SucceedStateEntered`.
  case succeedStateEntered = "SucceedStateEntered"
  /// `SucceedStateExited`.
  case succeedStateExited = "SucceedStateExited"
  /// `TaskFailed`.
  case taskFailed = "TaskFailed"
  /// `TaskScheduled`.
  case taskScheduled = "TaskScheduled"
  /// `TaskStarted`.
  case taskStarted = "TaskStarted"
  /// `TaskStartFailed`.
  case taskStartFailed = "TaskStartFailed"
  /// `TaskStateAborted`.
  case taskStateAborted = "TaskStateAborted"
  /// `TaskStateEntered`.
  case taskStateEntered = "TaskStateEntered"
  /// `TaskStateExited`.
  case taskStateExited = "TaskStateExited"
  /// `TaskSubmitFailed`.
  case taskSubmitFailed = "TaskSubmitFailed"
  /// `TaskSubmitted`.
  case taskSubmitted = "TaskSubmitted"
  /// `TaskSucceeded`.
  case taskSucceeded = "TaskSucceeded"
  /// `TaskTimedOut`.
  case taskTimedOut = "TaskTimedOut"
  /// `WaitStateAborted`.
  case waitStateAborted = "WaitStateAborted"
  /// `WaitStateEntered`.
  case waitStateEntered = "WaitStateEntered"
  /// `WaitStateExited`.
  case waitStateExited = "WaitStateExited"
  /// `MapRunAborted`.
  case mapRunAborted = "MapRunAborted"
  /// `MapRunFailed`.
  case mapRunFailed = "MapRunFailed"
  /// `MapRunStarted`.
  case mapRunStarted = "MapRunStarted"
  /// `MapRunSucceeded`.
  case mapRunSucceeded = "MapRunSucceeded"
  /// `ExecutionRedriven`.
  case executionRedriven = "ExecutionRedriven"
  /// `MapRunRedriven`.
  case mapRunRedriven = "MapRunRedriven"
  /// `EvaluationFailed`.
  case evaluationFailed = "EvaluationFailed"

  /// `<Type>StateEntered` for a state type (`Task` → `TaskStateEntered`).
  static func entered(_ stateType: String) -> HistoryEventType {
    HistoryEventType(rawValue: "\(stateType)StateEntered") ?? .passStateEntered
  }

  /// `<Type>StateExited` for a state type.
  static func exited(_ stateType: String) -> HistoryEventType {
    HistoryEventType(rawValue: "\(stateType)StateExited") ?? .passStateExited
  }

  /// The member of `HistoryEvent` that holds this type's details
  /// (`TaskStateEntered` → `stateEnteredEventDetails`), `nil` for types without details.
  var detailsMember: String? {
    let name = rawValue
    if name.hasSuffix("StateEntered") { return "stateEnteredEventDetails" }
    if name.hasSuffix("StateExited") { return "stateExitedEventDetails" }
    switch self {
    case .lambdaFunctionStarted, .mapStateSucceeded, .mapStateFailed, .mapStateAborted,
      .parallelStateStarted, .parallelStateSucceeded, .parallelStateFailed,
      .parallelStateAborted, .taskStateAborted, .waitStateAborted:
      return nil
    default:
      return name.prefix(1).lowercased() + name.dropFirst() + "EventDetails"
    }
  }
}
