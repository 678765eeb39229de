import Foundation

/// Lambda, locally: runs the deployed functions' zips in execution environments (host Python
/// processes speaking the Lambda Runtime API), as deployed — handler, runtime, environment,
/// timeout, memory, role, reserved concurrency read from the emulator on every invocation, so a
/// change made there takes effect on the next one.
///
/// Environments are reused while warm, one invocation at a time each, up to the function's
/// reserved concurrency; a synchronous invocation beyond it is throttled
/// (`TooManyRequestsException`), as on Lambda. The timeout is enforced by ending the
/// environment (`Sandbox.Timedout`); an unhandled exception comes back in Lambda's error shape.
actor LambdaService {
  /// How the service is set up.
  struct Settings: Sendable {
    /// The host Python that runs functions.
    var python: String
    /// `local/facestack_lambda/bootstrap.py`.
    var bootstrap: URL
    /// `host:port` of the runtime's Lambda Runtime API.
    var runtimeAPI: String
    /// The gateway functions call.
    var endpoint: LocalEndpoint
    /// The account of the local cloud.
    var account: String
    /// Environments of a function without reserved concurrency, at most (the machine's
    /// protection; AWS's default account limit is 1,000).
    var defaultConcurrency: Int = 8
    /// Spare bootstraps kept started for cold starts (`prepareSpares`).
    var spares: Int = 2
    /// How long an idle environment is kept warm.
    var idleLifetime: TimeInterval = 600
    /// The wait before an asynchronous invocation's first retry; the second waits twice as
    /// long (Lambda: about a minute, then two).
    var asyncRetryDelay: TimeInterval = 60
  }

  let settings: Settings
  let emulator: EmulatorAPI
  let code: CodeCache
  let roles: RoleCredentials
  let logs: LogWriter
  let events: RuntimeEvents

  private var environments: [String: EnvironmentSlot] = [:]
  private var waitingForCapacity: [String: [CheckedContinuation<Void, Never>]] = [:]
  private var counts = InvocationCounts()
  private var warnedAboutPython = false
  /// Bootstraps started ahead of the next cold starts (Python's start and boto3's import done),
  /// and whether more are being started.
  private var spares: [BootstrapProcess] = []
  private var startingSpares = false
  private var isShutDown = false

  init(
    settings: Settings, emulator: EmulatorAPI, code: CodeCache, roles: RoleCredentials,
    logs: LogWriter, events: RuntimeEvents
  ) {
    self.settings = settings
    self.emulator = emulator
    self.code = code
    self.roles = roles
    self.logs = logs
    self.events = events
  }

  // MARK: - Invoking

  /// Invokes `function` (a name, a partial or full ARN) synchronously, as `Invoke` with
  /// `RequestResponse`; `source` says who asked, for the trace.
  func invoke(function reference: String, payload: [UInt8], source: String) async throws
    -> InvocationResult
  {
    let function = try await configuration(reference)
    guard let slot = try await acquire(function, wait: false) else {
      counts.throttled += 1
      throw LambdaServiceError.tooManyRequests(
        "Rate Exceeded. (Reason: ReservedFunctionConcurrentInvocationLimitExceeded) \(function.name)"
      )
    }
    return await run(payload, in: slot, function: function, source: source)
  }

  /// Invokes `function` as `Event` would: the caller does not wait; failures are retried as the
  /// function's `EventInvokeConfig` says (two retries by default, a minute, then two, apart), then
  /// sent to its on-failure destination or dead-letter queue.
  func invokeAsync(function reference: String, payload: [UInt8], source: String) async throws
    -> String
  {
    let function = try await configuration(reference)
    let requestID = UUID().uuidString.lowercased()
    counts.queued += 1
    Task { await self.deliver(payload, to: function.name, requestID: requestID, source: source) }
    return requestID
  }

  private func deliver(_ payload: [UInt8], to name: String, requestID: String, source: String)
    async
  {
    let first = Date()
    var attempt = 0
    var last: InvocationResult?
    var settings = EventInvokeSettings()
    while true {
      do {
        let function = try await configuration(name)
        settings = try await eventInvokeSettings(name)
        if Date().timeIntervalSince(first) > Double(settings.maximumEventAgeSeconds) { break }
        guard let slot = try await acquire(function, wait: true) else { continue }
        let result = await run(payload, in: slot, function: function, source: source)
        if result.functionError == nil {
          counts.queued -= 1
          return
        }
        last = result
      } catch {
        last = InvocationResult.serviceFailure(error, requestID: requestID)
      }
      guard attempt < settings.maximumRetryAttempts else { break }
      attempt += 1
      // Lambda waits about a minute before the first retry and two before the second.
      try? await Task.sleep(
        nanoseconds: UInt64(self.settings.asyncRetryDelay * Double(attempt) * 1_000_000_000))
    }
    counts.queued -= 1
    counts.asyncFailed += 1
    await events.record(
      .asyncFailure(
        function: name, requestID: requestID, source: source, attempts: attempt + 1,
        result: last, destination: settings.onFailure))
    if let destination = settings.onFailure {
      await sendFailureRecord(
        to: destination, function: name, requestID: requestID, payload: payload,
        result: last, attempts: attempt + 1)
    }
  }

  // MARK: - Environments

  /// A free environment of `function`'s current revision: an idle one, or a new one when the
  /// concurrency allows; `nil` when it does not (and `wait` is false).
  private func acquire(_ function: FunctionConfiguration, wait: Bool) async throws
    -> EnvironmentSlot?
  {
    while true {
      retire(function.name, keeping: function.revision)
      if let idle = environments.values.first(where: {
        $0.function.name == function.name && $0.state == .idle
          && $0.function.revision == function.revision
      }) {
        idle.state = .busy
        return idle
      }
      let active = environments.values.filter { $0.function.name == function.name }.count
      let limit = function.reservedConcurrency ?? settings.defaultConcurrency
      if active < limit {
        let slot = try await start(function)
        return slot
      }
      guard wait else { return nil }
      await withCheckedContinuation { continuation in
        waitingForCapacity[function.name, default: []].append(continuation)
      }
    }
  }

  private func release(_ slot: EnvironmentSlot) {
    if slot.environment.isRunning, slot.state != .retired {
      slot.state = .idle
      slot.lastUsed = Date()
    } else {
      slot.environment.kill()
      environments[slot.environment.id] = nil
    }
    if var waiting = waitingForCapacity[slot.function.name], !waiting.isEmpty {
      waiting.removeFirst().resume()
      waitingForCapacity[slot.function.name] = waiting
    }
  }

  /// Ends idle environments of `name` whose revision is not `revision`, and environments idle
  /// for longer than their lifetime.
  private func retire(_ name: String, keeping revision: String) {
    let now = Date()
    for slot in environments.values where slot.state == .idle {
      let stale = slot.function.name == name && slot.function.revision != revision
      let cold = now.timeIntervalSince(slot.lastUsed) > settings.idleLifetime
      if stale || cold || !slot.environment.isRunning {
        slot.state = .retired
        slot.environment.kill()
        environments[slot.environment.id] = nil
      }
    }
  }

  private func start(_ function: FunctionConfiguration) async throws -> EnvironmentSlot {
    if !warnedAboutPython {
      warnedAboutPython = true
      await events.warnIfPythonDiffers(function.runtime, python: settings.python)
    }
    let id = String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16))
      .lowercased()
    let session = try await roles.session(
      role: function.role, service: "lambda.amazonaws.com", sessionName: "\(function.name)-\(id)",
      sourceArn: nil, sourceAccount: settings.account)
    let path = try await code.pythonPath(for: function)
    let root = try await code.code(function)
    let stream = Self.logStream(id: id)
    let environment = try ExecutionEnvironment.start(
      function: function, python: settings.python, bootstrap: settings.bootstrap,
      pythonPath: path, taskRoot: root, credentials: session, local: settings.endpoint,
      runtimeAPI: settings.runtimeAPI, logStream: stream, id: id, spare: takeSpare()
    ) { status in
      Task { await self.exited(environmentID: id, status: status) }
    }
    let slot = EnvironmentSlot(environment: environment, logStream: stream)
    slot.state = .busy
    environments[id] = slot
    counts.coldStarts += 1
    return slot
  }

  /// Starts spare bootstraps for the next cold starts, up to `Settings.spares`: each imports
  /// the Lambda runtime's boto3 with no function's code, variables or credentials, and a cold
  /// start hands one those instead of starting a process (`local/facestack_lambda/bootstrap.py`).
  /// Without one (the SDK not installed yet, a failure, a burst that took them all) a cold start
  /// starts its own process.
  func prepareSpares() async {
    guard !startingSpares, !isShutDown else { return }
    startingSpares = true
    defer { startingSpares = false }
    spares.removeAll { !$0.isRunning }
    guard spares.count < settings.spares, let sdk = try? await code.runtimeSDK() else { return }
    while spares.count < settings.spares, !isShutDown {
      guard
        let spare = try? BootstrapProcess.spare(
          python: settings.python, bootstrap: settings.bootstrap, sdk: sdk,
          runtimeAPI: settings.runtimeAPI)
      else { return }
      spares.append(spare)
    }
  }

  /// A waiting spare, if any (replacements start a second later, after the cold start's own
  /// imports have had the CPU).
  private func takeSpare() -> BootstrapProcess? {
    spares.removeAll { !$0.isRunning }
    let taken = spares.isEmpty ? nil : spares.removeFirst()
    // Refilled whenever short: also after none was there (the SDK's install failed at start,
    // or the spares died), so the pool does not stay empty.
    Task {
      try? await Task.sleep(nanoseconds: 1_000_000_000)
      await self.prepareSpares()
    }
    return taken
  }

  /// `YYYY/MM/DD/[$LATEST]<id>`, as Lambda names its streams.
  static func logStream(id: String, date: Date = Date()) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy/MM/dd"
    return "\(formatter.string(from: date))/[$LATEST]\(id)"
  }

  // MARK: - One invocation

  private func run(
    _ payload: [UInt8], in slot: EnvironmentSlot, function: FunctionConfiguration, source: String
  ) async -> InvocationResult {
    let requestID = UUID().uuidString.lowercased()
    let started = Date()
    let deadline = started.addingTimeInterval(Double(function.timeout))
    let cold = slot.invocations == 0
    slot.invocations += 1
    counts.invocations += 1
    await events.record(
      .invocationStarted(
        function: function.name, requestID: requestID, environment: slot.environment.id,
        cold: cold, source: source))
    let result: InvocationResult = await withCheckedContinuation { continuation in
      let invocation = PendingInvocation(
        requestID: requestID, payload: payload, deadline: deadline, functionArn: function.arn,
        continuation: continuation)
      slot.assign(invocation)
      Task {
        let remaining = deadline.timeIntervalSinceNow
        if remaining > 0 { try? await Task.sleep(nanoseconds: UInt64(remaining * 1e9)) }
        self.timeOut(slot, requestID: requestID, timeout: function.timeout)
      }
    }
    let ended = Date()
    var lines = result.outputLines
    if result.outputLines.isEmpty {
      lines = await slot.environment.output.lines(until: requestID)
    }
    await writeLogs(
      function: function, slot: slot, requestID: requestID, lines: lines, started: started,
      ended: ended, cold: cold, result: result)
    if result.functionError != nil { counts.functionErrors += 1 }
    await events.record(
      .invocationEnded(
        function: function.name, requestID: requestID, environment: slot.environment.id,
        duration: ended.timeIntervalSince(started), handlerDuration: result.handlerDuration,
        initDuration: slot.initDuration, functionError: result.functionError,
        errorType: result.errorType, lines: lines))
    if result.discardEnvironment { slot.state = .retired }
    release(slot)
    var final = result
    final.requestID = requestID
    return final
  }

  private func timeOut(_ slot: EnvironmentSlot, requestID: String, timeout: Int) {
    guard let pending = slot.take(requestID) else { return }
    slot.environment.kill()
    let message =
      "RequestId: \(requestID) Error: Task timed out after "
      + String(format: "%.2f", Double(timeout)) + " seconds"
    pending.continuation.resume(
      returning: .failure(
        errorType: "Sandbox.Timedout", message: message, requestID: requestID,
        discardEnvironment: true, outputLines: slot.environment.output.drain()))
  }

  // MARK: - The Runtime API (called by the runtime's HTTP server)

  /// `GET /2018-06-01/runtime/invocation/next` of `environmentID`: the next invocation, when
  /// one is assigned; `nil` when the environment is unknown or retired.
  func next(environmentID: String) async -> PendingInvocation.Delivery? {
    guard let slot = environments[environmentID] else { return nil }
    if slot.initDuration == nil {
      slot.initDuration = Date().timeIntervalSince(slot.environment.started)
    }
    return await slot.nextInvocation()
  }

  /// `POST .../invocation/<id>/response`.
  func respond(
    environmentID: String, requestID: String, body: [UInt8], handlerMilliseconds: Double?
  ) {
    guard let slot = environments[environmentID], let pending = slot.take(requestID) else { return }
    pending.continuation.resume(
      returning: InvocationResult(
        payload: body, functionError: nil, handlerDuration: handlerMilliseconds.map { $0 / 1000 }))
  }

  /// `POST .../invocation/<id>/error`.
  func fail(environmentID: String, requestID: String, body: [UInt8], handlerMilliseconds: Double?) {
    guard let slot = environments[environmentID], let pending = slot.take(requestID) else { return }
    pending.continuation.resume(
      returning: InvocationResult(
        payload: body, functionError: "Unhandled",
        handlerDuration: handlerMilliseconds.map { $0 / 1000 }))
  }

  /// `POST /2018-06-01/runtime/init/error`: the environment could not load the handler; the
  /// invocation waiting for it fails with that error, and the environment ends.
  func initFailed(environmentID: String, body: [UInt8]) {
    guard let slot = environments[environmentID] else { return }
    slot.state = .retired
    if let pending = slot.takeAny() {
      var result = InvocationResult(payload: body, functionError: "Unhandled", handlerDuration: nil)
      result.discardEnvironment = true
      pending.continuation.resume(returning: result)
    }
  }

  /// The environment's process ended while it was serving an invocation.
  func exited(environmentID: String, status: Int32) {
    guard let slot = environments[environmentID] else { return }
    slot.state = .retired
    if let pending = slot.takeAny() {
      let message =
        "RequestId: \(pending.requestID) Error: Runtime exited with error: exit status \(status)"
      pending.continuation.resume(
        returning: .failure(
          errorType: "Runtime.ExitError", message: message, requestID: pending.requestID,
          discardEnvironment: true, outputLines: slot.environment.output.drain()))
    }
    environments[environmentID] = nil
  }

  // MARK: - Reading the deployment

  /// `GetFunction` of `reference`, every time (a change in the emulator takes effect at once).
  func configuration(_ reference: String) async throws -> FunctionConfiguration {
    let name = Self.functionName(reference)
    do {
      return try FunctionConfiguration(
        getFunction: try await emulator.rest(
          "lambda", method: "GET", path: "/2015-03-31/functions/\(name)"))
    } catch let error as EmulatorError where error.status == 404 {
      throw LambdaServiceError.resourceNotFound(
        "Function not found: arn:aws:lambda:\(emulator.region):\(settings.account):function:\(name)"
      )
    }
  }

  private func eventInvokeSettings(_ name: String) async throws -> EventInvokeSettings {
    do {
      return EventInvokeSettings(
        response: try await emulator.rest(
          "lambda", method: "GET", path: "/2019-09-25/functions/\(name)/event-invoke-config"))
    } catch let error as EmulatorError where error.status == 404 {
      return EventInvokeSettings()
    }
  }

  /// The function's name from a name, `account:function:name` or a full ARN (a qualifier
  /// dropped).
  static func functionName(_ reference: String) -> String {
    let parts = reference.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    if let index = parts.firstIndex(of: "function"), index + 1 < parts.count {
      return parts[index + 1]
    }
    return reference
  }

  /// Invocation counts, for `local status`.
  func snapshot() -> InvocationCounts {
    var snapshot = counts
    snapshot.environments = environments.count
    return snapshot
  }

  /// Ends every environment (shutdown).
  func shutdown() {
    for slot in environments.values { slot.environment.kill() }
    environments.removeAll()
    isShutDown = true
    for spare in spares { spare.kill() }
    spares.removeAll()
  }

  // MARK: - Logs and destinations

  private func writeLogs(
    function: FunctionConfiguration, slot: EnvironmentSlot, requestID: String, lines: [String],
    started: Date, ended: Date, cold: Bool, result: InvocationResult
  ) async {
    let records = LambdaLogFormat(format: function.logFormat).records(
      requestID: requestID, lines: lines, started: started, ended: ended,
      handlerDuration: result.handlerDuration, initDuration: cold ? slot.initDuration : nil,
      memorySize: function.memorySize, maxMemory: slot.environment.peakMemoryMB,
      errorType: result.errorType)
    let allowed = await roles.authorizer.authorize(
      principal: function.role, action: "logs:PutLogEvents",
      resource:
        "arn:aws:logs:\(emulator.region):\(settings.account):log-group:\(function.logGroup):log-stream:\(slot.logStream)",
      sourceArn: nil, sourceAccount: nil)
    guard allowed.allowed else {
      await events.record(
        .logDeliveryDenied(
          function: function.name, group: function.logGroup, reason: allowed.explanation))
      return
    }
    do {
      try await logs.write(records, group: function.logGroup, stream: slot.logStream)
    } catch {
      await events.record(
        .logDeliveryDenied(function: function.name, group: function.logGroup, reason: "\(error)"))
    }
  }

  private func sendFailureRecord(
    to destination: String, function: String, requestID: String, payload: [UInt8],
    result: InvocationResult?, attempts: Int
  ) async {
    // Lambda's invocation record for asynchronous invocations (destinations).
    let record: [String: Any] = [
      "version": "1.0",
      "timestamp": ISO8601DateFormatter().string(from: Date()),
      "requestContext": [
        "requestId": requestID,
        "functionArn":
          "arn:aws:lambda:\(emulator.region):\(settings.account):function:\(function):$LATEST",
        "condition": "RetriesExhausted", "approximateInvokeCount": attempts,
      ],
      "requestPayload": (try? JSONSerialization.jsonObject(with: Data(payload))) ?? NSNull(),
      "responseContext": [
        "statusCode": 200, "executedVersion": "$LATEST",
        "functionError": result?.functionError ?? "Unhandled",
      ],
      "responsePayload": result.flatMap {
        try? JSONSerialization.jsonObject(with: Data($0.payload))
      } ?? NSNull(),
    ]
    guard destination.contains(":sqs:"), let queue = destination.split(separator: ":").last,
      let body = try? JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
    else {
      await events.record(
        .destinationUnsupported(function: function, destination: destination))
      return
    }
    let decision = await roles.authorizer.authorize(
      principal: (try? await configuration(function).role) ?? "", action: "sqs:SendMessage",
      resource: destination, sourceArn: nil, sourceAccount: nil)
    guard decision.allowed else {
      await events.record(
        .logDeliveryDenied(function: function, group: destination, reason: decision.explanation))
      return
    }
    do {
      let url = try await emulator.json(
        "sqs", target: "AmazonSQS.GetQueueUrl", body: ["QueueName": String(queue)], version: "1.0")
      _ = try await emulator.json(
        "sqs", target: "AmazonSQS.SendMessage",
        body: [
          "QueueUrl": url["QueueUrl"] ?? "", "MessageBody": String(decoding: body, as: UTF8.self),
        ],
        version: "1.0")
    } catch {
      await events.record(
        .destinationUnsupported(function: function, destination: "\(destination): \(error)"))
    }
  }
}

/// How many invocations the service has run.
public struct InvocationCounts: Sendable, Codable, Equatable {
  /// Every invocation.
  public var invocations = 0
  /// New execution environments.
  public var coldStarts = 0
  /// Invocations that ended in a function error.
  public var functionErrors = 0
  /// Synchronous invocations refused for lack of concurrency.
  public var throttled = 0
  /// Asynchronous invocations waiting or retrying.
  public var queued = 0
  /// Asynchronous invocations that failed every attempt.
  public var asyncFailed = 0
  /// Execution environments alive now.
  public var environments = 0
}
