/// Step Functions' `HistoryEventType`, the values `GetExecutionHistory` returns.
public enum HistoryEventType: String, Sendable, Equatable, CaseIterable {
  case activityFailed = "ActivityFailed"
  case activityScheduled = "ActivityScheduled"
  case activityScheduleFailed = "ActivityScheduleFailed"
  case activityStarted = "ActivityStarted"
  case activitySucceeded = "ActivitySucceeded"
  case activityTimedOut = "ActivityTimedOut"
  case choiceStateEntered = "ChoiceStateEntered"
  case choiceStateExited = "ChoiceStateExited"
  case executionAborted = "ExecutionAborted"
  case executionFailed = "ExecutionFailed"
  case executionStarted = "ExecutionStarted"
  case executionSucceeded = "ExecutionSucceeded"
  case executionTimedOut = "ExecutionTimedOut"
  case failStateEntered = "FailStateEntered"
  case lambdaFunctionFailed = "LambdaFunctionFailed"
  case lambdaFunctionScheduled = "LambdaFunctionScheduled"
  case lambdaFunctionScheduleFailed = "LambdaFunctionScheduleFailed"
  case lambdaFunctionStarted = "LambdaFunctionStarted"
  case lambdaFunctionStartFailed = "LambdaFunctionStartFailed"
  case lambdaFunctionSucceeded = "LambdaFunctionSucceeded"
  case lambdaFunctionTimedOut = "LambdaFunctionTimedOut"
  case mapIterationAborted = "MapIterationAborted"
  case mapIterationFailed = "MapIterationFailed"
  case mapIterationStarted = "MapIterationStarted"
  case mapIterationSucceeded = "MapIterationSucceeded"
  case mapStateAborted = "MapStateAborted"
  case mapStateEntered = "MapStateEntered"
  case mapStateExited = "MapStateExited"
  case mapStateFailed = "MapStateFailed"
  case mapStateStarted = "MapStateStarted"
  case mapStateSucceeded = "MapStateSucceeded"
  case parallelStateAborted = "ParallelStateAborted"
  case parallelStateEntered = "ParallelStateEntered"
  case parallelStateExited = "ParallelStateExited"
  case parallelStateFailed = "ParallelStateFailed"
  case parallelStateStarted = "ParallelStateStarted"
  case parallelStateSucceeded = "ParallelStateSucceeded"
  case passStateEntered = "PassStateEntered"
  case passStateExited = "PassStateExited"
  case succeedStateEntered = "SucceedStateEntered"
  case succeedStateExited = "SucceedStateExited"
  case taskFailed = "TaskFailed"
  case taskScheduled = "TaskScheduled"
  case taskStarted = "TaskStarted"
  case taskStartFailed = "TaskStartFailed"
  case taskStateAborted = "TaskStateAborted"
  case taskStateEntered = "TaskStateEntered"
  case taskStateExited = "TaskStateExited"
  case taskSubmitFailed = "TaskSubmitFailed"
  case taskSubmitted = "TaskSubmitted"
  case taskSucceeded = "TaskSucceeded"
  case taskTimedOut = "TaskTimedOut"
  case waitStateAborted = "WaitStateAborted"
  case waitStateEntered = "WaitStateEntered"
  case waitStateExited = "WaitStateExited"
  case mapRunAborted = "MapRunAborted"
  case mapRunFailed = "MapRunFailed"
  case mapRunStarted = "MapRunStarted"
  case mapRunSucceeded = "MapRunSucceeded"
  case executionRedriven = "ExecutionRedriven"
  case mapRunRedriven = "MapRunRedriven"
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
