import CloudFormation
import Foundation
import JSONPaths

extension Interpreter {
  /// Task: `InputPath`, `Parameters`, the invocation (with its history events, timeout and
  /// payload quota), `ResultSelector`, `ResultPath`, `OutputPath`; errors through `Retry` and
  /// `Catch`.
  func runTask(
    _ task: TaskState, state: StateDefinition, input: JSONDocument, scope: inout StateScope,
    cursor: inout Cursor
  ) async throws -> Outcome {
    let effective = try DataFlow.select(task.io.inputPath, in: input, context: contextObject(scope))
    var attempts = Array(repeating: 0, count: task.retriers.count)
    while true {
      let context = contextObject(scope)
      let result: JSONDocument
      do {
        let parameters =
          try await DataFlow.evaluate(
            task.io.parameters, input: effective, context: context, random: random)
          ?? effective
        guard parameters.compactByteCount <= options.payloadLimitBytes else {
          throw StateError.dataLimit(state.name)
        }
        result = try await invoke(
          task, parameters: parameters, effectiveInput: effective, scope: scope, cursor: &cursor)
      } catch let error as StateError {
        switch try await recover(
          from: error, retriers: task.retriers, catchers: task.catchers, attempts: &attempts,
          scope: &scope, input: input)
        {
        case .retry?: continue
        case .caught(let output, let next)?:
          return Outcome(output: output, transition: .next(next))
        case nil: throw error
        }
      }
      let selected =
        try await DataFlow.evaluate(
          task.io.resultSelector, input: result, context: context, random: random)
        ?? result
      let merged = try ResultPathWriter.apply(task.io.resultPath, input: input, result: selected)
      let output = try DataFlow.select(task.io.outputPath, in: merged, context: context)
      return Outcome(output: output, transition: state.transition ?? .end)
    }
  }

  /// One attempt: the scheduled and started events, the call under the timeout, and the
  /// succeeded, failed or timed-out event.
  private func invoke(
    _ task: TaskState, parameters: JSONDocument, effectiveInput: JSONDocument, scope: StateScope,
    cursor: inout Cursor
  ) async throws -> JSONDocument {
    let events = try TaskEvents(task.resource)
    let timeout = try seconds(
      task.timeout, field: "TimeoutSeconds", in: effectiveInput, scope: scope)
    let heartbeat = try seconds(
      task.heartbeat, field: "HeartbeatSeconds", in: effectiveInput, scope: scope)
    cursor.last = await recorder.record(
      events.scheduledType,
      events.scheduled(
        region: region, parameters: parameters, timeout: timeout, heartbeat: heartbeat),
      previous: cursor.last)
    cursor.last = await recorder.record(events.startedType, events.started, previous: cursor.last)
    let start = await clock.now()
    let taskDeadline = timeout.map { start.addingTimeInterval(Double($0)) }
    let limit = [taskDeadline, deadline].compactMap { $0 }.min()
    let taskContext = TaskContext(
      stateName: scope.name, executionArn: request.executionArn, region: region,
      timeoutSeconds: timeout, heartbeatSeconds: heartbeat, deadline: taskDeadline,
      retryCount: scope.retryCount, contextObject: contextObject(scope), clock: clock)
    let invoker = self.invoker
    let resource = task.resource
    let outcome: Result<JSONDocument?, TaskFailure>
    do {
      let value = try await clock.run(until: limit ?? .distantFuture) {
        try await invoker.invoke(resource: resource, parameters: parameters, context: taskContext)
      }
      outcome = .success(value)
    } catch let failure as TaskFailure {
      outcome = .failure(failure)
    } catch is CancellationError {
      throw CancellationError()
    } catch {
      outcome = .failure(TaskFailure(error: StatesErrorName.taskFailed, cause: "\(error)"))
    }
    switch outcome {
    case .success(let value?):
      guard value.compactByteCount <= options.payloadLimitBytes else {
        let error = StateError.dataLimit(events.subject)
        cursor.last = await recorder.record(
          events.failedType, events.failed(error: error.name, cause: error.cause),
          previous: cursor.last)
        throw StateError(name: error.name, cause: error.cause)
      }
      cursor.last = await recorder.record(
        events.succeededType, events.succeeded(value), previous: cursor.last)
      return value
    case .success(nil):
      if let deadline, await clock.now() >= deadline { throw ExecutionInterruption.timedOut }
      cursor.last = await recorder.record(
        events.timedOutType, events.failed(error: StatesErrorName.timeout, cause: nil),
        previous: cursor.last)
      throw StateError(name: StatesErrorName.timeout, cause: "")
    case .failure(let failure):
      let timedOut = failure.error == StatesErrorName.heartbeatTimeout
      cursor.last = await recorder.record(
        timedOut ? events.timedOutType : events.failedType,
        events.failed(error: failure.error, cause: failure.cause), previous: cursor.last)
      throw StateError(
        name: failure.error, cause: failure.cause ?? (timedOut ? "" : nil),
        isTerminal: failure.error == StatesErrorName.runtime)
    }
  }

  /// `TimeoutSeconds`/`HeartbeatSeconds`, or their `...Path` read from the effective input.
  private func seconds(
    _ duration: TaskState.Duration?, field: String, in input: JSONDocument, scope: StateScope
  ) throws(StateError) -> Int? {
    switch duration {
    case nil: return nil
    case .seconds(let seconds)?: return seconds
    case .path(let path)?:
      let value: JSONDocument
      do {
        value = try path.value(input: input, context: contextObject(scope))
      } catch {
        throw StateError.runtime("Invalid path '\(path.text)' : \(error.description)")
      }
      guard let seconds = value.integerValue, seconds > 0 else {
        throw StateError.runtime(
          "The \(field)Path field refers to value \"\(value.compactText)\" which is not a valid positive integer: \(path.text)"
        )
      }
      return seconds
    }
  }
}

/// The history events of a task: `Task*` for the optimized integration, `LambdaFunction*` for
/// a function ARN.
struct TaskEvents {
  let resource: TaskResource

  init(_ resource: TaskResource) throws(StateError) {
    if case .unsupported(_, let feature) = resource {
      throw StateError.runtime(
        "The task uses \(feature), which facestack's local Step Functions interpreter does not support; it runs arn:aws:states:::lambda:invoke and Lambda function ARNs."
      )
    }
    self.resource = resource
  }

  private var isLambdaFunction: Bool {
    if case .lambdaFunction = resource { return true }
    return false
  }

  private var names: (type: String, resource: String) {
    resource.integrationNames ?? ("lambda", "invoke")
  }

  /// The name in a `States.DataLimitExceeded` cause: `lambda` for the integration, the ARN for
  /// a function.
  var subject: String { isLambdaFunction ? resource.arn : names.type }

  var scheduledType: HistoryEventType {
    isLambdaFunction ? .lambdaFunctionScheduled : .taskScheduled
  }
  var startedType: HistoryEventType { isLambdaFunction ? .lambdaFunctionStarted : .taskStarted }
  var succeededType: HistoryEventType {
    isLambdaFunction ? .lambdaFunctionSucceeded : .taskSucceeded
  }
  var failedType: HistoryEventType { isLambdaFunction ? .lambdaFunctionFailed : .taskFailed }
  var timedOutType: HistoryEventType { isLambdaFunction ? .lambdaFunctionTimedOut : .taskTimedOut }

  func scheduled(region: String, parameters: JSONDocument, timeout: Int?, heartbeat: Int?)
    -> HistoryEventDetails
  {
    if isLambdaFunction {
      return .lambdaFunctionScheduled(
        resource: resource.arn, input: parameters, timeoutInSeconds: timeout)
    }
    return .taskScheduled(
      resourceType: names.type, resource: names.resource, region: region, parameters: parameters,
      timeoutInSeconds: timeout, heartbeatInSeconds: heartbeat)
  }

  var started: HistoryEventDetails {
    isLambdaFunction ? .none : .taskStarted(resourceType: names.type, resource: names.resource)
  }

  func succeeded(_ output: JSONDocument) -> HistoryEventDetails {
    isLambdaFunction
      ? .lambdaFunctionSucceeded(output: output)
      : .taskSucceeded(resourceType: names.type, resource: names.resource, output: output)
  }

  func failed(error: String?, cause: String?) -> HistoryEventDetails {
    isLambdaFunction
      ? .failure(error: error, cause: cause)
      : .taskFailure(resourceType: names.type, resource: names.resource, error: error, cause: cause)
  }
}
