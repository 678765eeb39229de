import CloudFormation
import Foundation
import JSONPaths
import StatesLanguage

/// Step Functions, locally: runs executions of the state machines deployed in the emulator with
/// the ASL interpreter — the definition, role and logging configuration read from the emulator
/// when each execution starts, so a changed definition takes effect on the next one — each task's
/// Lambda invocation made under the state machine's role. Answers `StartExecution`,
/// `DescribeExecution`, `ListExecutions` and `GetExecutionHistory`, and writes each execution's
/// history to the state machine's log group.
actor ExecutionService {
  let emulator: EmulatorAPI
  let lambda: LambdaService
  let authorizer: any RuntimeAuthorizer
  let logs: LogWriter
  let events: RuntimeEvents
  let account: String

  /// An execution, running or ended.
  final class Record: Sendable {
    let execution: Execution
    let stateMachineArn: String
    let input: String
    let source: String
    init(execution: Execution, stateMachineArn: String, input: String, source: String) {
      self.execution = execution
      self.stateMachineArn = stateMachineArn
      self.input = input
      self.source = source
    }
  }

  private var records: [String: Record] = [:]
  private var order: [String] = []
  private var finished: [String: ExecutionResult] = [:]

  init(
    emulator: EmulatorAPI, lambda: LambdaService, authorizer: any RuntimeAuthorizer,
    logs: LogWriter, events: RuntimeEvents, account: String
  ) {
    self.emulator = emulator
    self.lambda = lambda
    self.authorizer = authorizer
    self.logs = logs
    self.events = events
    self.account = account
  }

  /// The deployed state machine `arn`: its definition, role and log group.
  struct Deployed: Sendable {
    var arn: String
    var definition: String
    var roleArn: String
    var logGroupArn: String?
    var includeExecutionData: Bool
    var level: String
  }

  func describeStateMachine(_ arn: String) async throws -> Deployed {
    let response: [String: Any]
    do {
      response = try await emulator.json(
        "states", target: "AWSStepFunctions.DescribeStateMachine",
        body: ["stateMachineArn": arn], version: "1.0")
    } catch let error as EmulatorError where error.status == 400 || error.status == 404 {
      throw StepFunctionsError.stateMachineDoesNotExist("State Machine Does Not Exist: '\(arn)'")
    }
    let logging = response["loggingConfiguration"] as? [String: Any]
    let destination = (logging?["destinations"] as? [[String: Any]])?.first
    let group =
      (destination?["cloudWatchLogsLogGroup"] as? [String: Any])?["logGroupArn"] as? String
    return Deployed(
      arn: arn, definition: response["definition"] as? String ?? "",
      roleArn: response["roleArn"] as? String ?? "", logGroupArn: group,
      includeExecutionData: logging?["includeExecutionData"] as? Bool ?? false,
      level: logging?["level"] as? String ?? "OFF")
  }

  /// `StartExecution`: starts an execution of `stateMachineArn`; `source` says who started it
  /// (a rule and its event, or an API caller).
  func start(stateMachineArn: String, name: String?, input: String, source: String) async throws
    -> (arn: String, startDate: Date)
  {
    let deployed = try await describeStateMachine(stateMachineArn)
    let machine: StateMachine
    do {
      machine = try StateMachine.parse(deployed.definition)
    } catch {
      throw StepFunctionsError.invalidDefinition("\(error)")
    }
    let executionName = name ?? UUID().uuidString.lowercased()
    let request = ExecutionRequest(
      stateMachineArn: stateMachineArn, name: executionName, input: input,
      roleArn: deployed.roleArn)
    if records[request.executionArn] != nil {
      throw StepFunctionsError.executionAlreadyExists(
        "Execution Already Exists: '\(request.executionArn)'")
    }
    let invoker = StateMachineLambdaInvoker(
      lambda: lambda, authorizer: authorizer, roleArn: deployed.roleArn,
      executionArn: request.executionArn)
    let runner = ExecutionRunner(stateMachine: machine, invoker: LambdaTaskInvoker(lambda: invoker))
    let events = self.events
    let arn = request.executionArn
    // The states' events are recorded in order, after the execution's start: buffered until
    // the start is recorded, drained before its end is.
    let (stream, continuation) = AsyncStream.makeStream(of: HistoryEvent.self)
    let execution: Execution
    do {
      execution = try await runner.start(request) { event in continuation.yield(event) }
    } catch {
      continuation.finish()
      throw StepFunctionsError.invalidExecutionInput("\(error)")
    }
    let record = Record(
      execution: execution, stateMachineArn: stateMachineArn, input: input, source: source)
    records[arn] = record
    order.append(arn)
    await events.record(
      .executionStarted(
        execution: arn, stateMachine: stateMachineArn, input: input, source: source))
    let observer = Task {
      for await event in stream { await Self.observe(event, execution: arn, events: events) }
    }
    Task {
      await self.finish(record, deployed: deployed) {
        continuation.finish()
        await observer.value
      }
    }
    return (arn, execution.startDate)
  }

  private static func observe(_ event: HistoryEvent, execution: String, events: RuntimeEvents)
    async
  {
    switch event.details {
    case .stateEntered(let name, _):
      await events.record(
        .stateEntered(execution: execution, state: name, type: event.type.rawValue))
    case .stateExited(let name, _):
      await events.record(.stateExited(execution: execution, state: name))
    default: break
    }
  }

  private func finish(
    _ record: Record, deployed: Deployed, drainingStates drain: @Sendable () async -> Void
  ) async {
    let result = await record.execution.result()
    await drain()
    finished[record.execution.executionArn] = result
    await events.record(
      .executionEnded(
        execution: record.execution.executionArn, status: result.status.rawValue,
        error: result.error, cause: result.cause))
    await writeHistory(result.history, execution: record.execution, deployed: deployed)
  }

  /// The execution history as Step Functions delivers it to CloudWatch Logs (level `ALL`: every
  /// event; `ERROR`: failures; `FATAL`: the execution's own failures), one JSON event each, to
  /// a stream named after the execution, as the state machine's log delivery.
  private func writeHistory(_ history: [HistoryEvent], execution: Execution, deployed: Deployed)
    async
  {
    guard deployed.level != "OFF", let groupArn = deployed.logGroupArn,
      let group = Self.logGroupName(groupArn)
    else { return }
    let selected = history.filter { event in
      switch deployed.level {
      case "ALL": return true
      case "ERROR":
        return event.type.rawValue.hasSuffix("Failed") || event.type.rawValue.hasSuffix("TimedOut")
      default:
        return event.type.rawValue.hasPrefix("Execution")
          && event.type.rawValue != "ExecutionStarted"
      }
    }
    let messages = selected.map { event -> LogWriter.Event in
      var fields: [(String, JSONDocument)] = [
        ("id", .string(String(event.id))), ("type", .string(event.type.rawValue)),
        (
          "details",
          deployed.includeExecutionData ? event.json["details"] ?? .object([]) : .object([])
        ),
        ("previous_event_id", .string(String(event.previousEventId))),
        ("event_timestamp", .string(String(Int64(event.timestamp.timeIntervalSince1970 * 1000)))),
        ("execution_arn", .string(execution.executionArn)),
      ]
      fields.append(("redrive_count", .string("0")))
      return LogWriter.Event(
        time: event.timestamp, message: JSONDocument.object(fields).compactText)
    }
    let stream = "states/\(execution.name)/\(RuntimeRecord.timestamp(execution.startDate))"
      .replacingOccurrences(of: ":", with: "-")
    do {
      try await logs.write(messages, group: group, stream: stream)
    } catch {
      await events.record(
        .warning("cannot write the history of \(execution.executionArn): \(error)"))
    }
  }

  static func logGroupName(_ arn: String) -> String? {
    guard let range = arn.range(of: ":log-group:") else { return nil }
    var name = String(arn[range.upperBound...])
    if name.hasSuffix(":*") { name.removeLast(2) }
    return name
  }

  // MARK: - The API

  /// `DescribeExecution`.
  func describe(_ arn: String) async throws -> JSONDocument {
    guard let record = records[arn] else {
      throw StepFunctionsError.executionDoesNotExist("Execution Does Not Exist: '\(arn)'")
    }
    var fields: [(String, JSONDocument)] = [
      ("executionArn", .string(arn)), ("stateMachineArn", .string(record.stateMachineArn)),
      ("name", .string(record.execution.name)),
      ("startDate", .number(Self.epoch(record.execution.startDate))),
      ("input", .string(record.input)),
      ("inputDetails", .object([("included", .bool(true))])),
    ]
    if let result = finished[arn] {
      fields.insert(("status", .string(result.status.rawValue)), at: 3)
      fields.append(("stopDate", .number(Self.epoch(result.stopDate))))
      if let output = result.outputText {
        fields.append(("output", .string(output)))
        fields.append(("outputDetails", .object([("included", .bool(true))])))
      }
      if let error = result.error { fields.append(("error", .string(error))) }
      if let cause = result.cause { fields.append(("cause", .string(cause))) }
    } else {
      fields.insert(("status", .string("RUNNING")), at: 3)
    }
    return .object(fields)
  }

  /// `ListExecutions` of `stateMachineArn`, newest first, optionally by status.
  func list(stateMachineArn: String, status: String?) -> JSONDocument {
    let items = order.reversed().compactMap { arn -> JSONDocument? in
      guard let record = records[arn], record.stateMachineArn == stateMachineArn else { return nil }
      let state = finished[arn]?.status.rawValue ?? "RUNNING"
      if let status, status != state { return nil }
      var fields: [(String, JSONDocument)] = [
        ("executionArn", .string(arn)), ("stateMachineArn", .string(stateMachineArn)),
        ("name", .string(record.execution.name)), ("status", .string(state)),
        ("startDate", .number(Self.epoch(record.execution.startDate))),
      ]
      if let stop = finished[arn]?.stopDate {
        fields.append(("stopDate", .number(Self.epoch(stop))))
      }
      return .object(fields)
    }
    return .object([("executions", .array(items))])
  }

  /// `GetExecutionHistory`, oldest first (or newest first with `reverseOrder`).
  func history(_ arn: String, reverse: Bool) async throws -> JSONDocument {
    guard let record = records[arn] else {
      throw StepFunctionsError.executionDoesNotExist("Execution Does Not Exist: '\(arn)'")
    }
    let events = await record.execution.history()
    return HistoryEvent.historyJSON(reverse ? events.reversed() : events)
  }

  /// The execution named `nameOrArn` (its ARN, or the last part of it): its summary line, then
  /// its history, as `facestack local execution` prints it.
  func historyText(_ nameOrArn: String) async throws -> String {
    let arn = self.arn(named: nameOrArn)
    guard let record = records[arn] else {
      throw StepFunctionsError.executionDoesNotExist("Execution Does Not Exist: '\(nameOrArn)'")
    }
    let events = await record.execution.history()
    let summary = summaries().first { $0.executionArn == arn }
    let start = events.first?.timestamp ?? record.execution.startDate
    return ([summary?.text ?? arn] + events.map { $0.text(since: start) })
      .joined(separator: "\n") + "\n"
  }

  /// The ARN of the execution whose ARN or name (the ARN's last part) is `nameOrArn`.
  func arn(named nameOrArn: String) -> String {
    records[nameOrArn] != nil
      ? nameOrArn : order.last { $0.hasSuffix(":" + nameOrArn) } ?? nameOrArn
  }

  /// Every execution's ARN, status and times, newest first (`facestack local executions`).
  func summaries() -> [ExecutionSummary] {
    order.reversed().compactMap { arn in
      guard let record = records[arn] else { return nil }
      let result = finished[arn]
      return ExecutionSummary(
        executionArn: arn, stateMachineArn: record.stateMachineArn, name: record.execution.name,
        status: result?.status.rawValue ?? "RUNNING", startDate: record.execution.startDate,
        stopDate: result?.stopDate, error: result?.error, source: record.source)
    }
  }

  static func epoch(_ date: Date) -> String {
    String(format: "%.3f", date.timeIntervalSince1970)
  }
}

/// One execution, for listings.
public struct ExecutionSummary: Sendable, Encodable {
  public var executionArn: String
  public var stateMachineArn: String
  public var name: String
  public var status: String
  public var startDate: Date
  public var stopDate: Date?
  public var error: String?
  public var source: String

  /// The source with a rule's ARN shortened to its name: `rule facestack-dev-...-InputUploads`.
  var shortSource: String {
    let words = source.split(separator: " ")
    guard words.count >= 2, words[0] == "rule" else { return source }
    return "rule " + (words[1].split(separator: "/").last.map(String.init) ?? String(words[1]))
  }

  /// `name  STATUS  1.234 s  state machine  (error)  started by ...`.
  public var text: String {
    let machine = stateMachineArn.split(separator: ":").last.map(String.init) ?? stateMachineArn
    let duration = stopDate.map { String(format: "%.3f s", $0.timeIntervalSince(startDate)) } ?? "-"
    return [
      name, status.padding(toLength: 9, withPad: " ", startingAt: 0),
      duration.padding(toLength: 9, withPad: " ", startingAt: 0), machine,
      error.map { "(\($0))" } ?? "", "started by \(shortSource)",
    ].filter { !$0.isEmpty }.joined(separator: "  ")
  }
}

/// Step Functions' own errors, as it names them.
public enum StepFunctionsError: Error, Sendable, CustomStringConvertible {
  case stateMachineDoesNotExist(String)
  case executionDoesNotExist(String)
  case executionAlreadyExists(String)
  case invalidDefinition(String)
  case invalidExecutionInput(String)

  /// The error code and HTTP status.
  public var awsError: (code: String, status: Int) {
    switch self {
    case .stateMachineDoesNotExist: return ("StateMachineDoesNotExist", 400)
    case .executionDoesNotExist: return ("ExecutionDoesNotExist", 400)
    case .executionAlreadyExists: return ("ExecutionAlreadyExists", 400)
    case .invalidDefinition: return ("InvalidDefinition", 400)
    case .invalidExecutionInput: return ("InvalidExecutionInput", 400)
    }
  }

  public var description: String {
    switch self {
    case .stateMachineDoesNotExist(let message), .executionDoesNotExist(let message),
      .executionAlreadyExists(let message), .invalidDefinition(let message),
      .invalidExecutionInput(let message):
      return message
    }
  }
}

/// A task's Lambda invocation, made under the state machine's role: authorized as
/// `lambda:InvokeFunction` for the role (an `AccessDeniedException` otherwise, which Step
/// Functions reports as `Lambda.AWSLambdaException`), then run by the local Lambda service.
struct StateMachineLambdaInvoker: LambdaInvoker {
  let lambda: LambdaService
  let authorizer: any RuntimeAuthorizer
  let roleArn: String
  let executionArn: String

  func invoke(functionName: String, qualifier: String?, payload: JSONDocument, context: TaskContext)
    async throws -> LambdaInvocationResult
  {
    let function: FunctionConfiguration
    do {
      function = try await lambda.configuration(functionName)
    } catch let error as LambdaServiceError {
      throw TaskFailure(error: "Lambda.\(error.awsError.code)", cause: error.description)
    }
    let decision = await authorizer.authorize(
      principal: roleArn, action: "lambda:InvokeFunction", resource: function.arn,
      sourceArn: nil, sourceAccount: nil)
    guard decision.allowed else {
      throw TaskFailure(
        error: "Lambda.AWSLambdaException",
        cause: "\(decision.explanation) (Service: Lambda, Status Code: 403, "
          + "Request ID: \(UUID().uuidString.lowercased()))")
    }
    do {
      let result = try await withTaskCancellationHandler {
        try await lambda.invoke(
          function: function.name, payload: Array(payload.compactText.utf8),
          source: "execution \(executionArn) state \(context.stateName)")
      } onCancel: {
        // The Task's TimeoutSeconds passed: the interpreter reports States.Timeout; the
        // environment's own timeout still ends the process.
      }
      return LambdaInvocationResult(
        payload: String(decoding: result.payload, as: UTF8.self),
        functionError: result.functionError, requestId: result.requestID)
    } catch let error as LambdaServiceError {
      throw TaskFailure(error: "Lambda.\(error.awsError.code)", cause: error.description)
    }
  }
}
