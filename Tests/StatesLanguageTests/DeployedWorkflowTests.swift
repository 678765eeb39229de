import CloudFormation
import Foundation
import JSONPaths
import StatesLanguage
import Testing

/// The repository's own state machine, read from the committed dev template (resource
/// `Workflow`, its `DefinitionString` filled as CloudFormation fills it), run with the Lambda
/// functions stubbed by the handlers' "State machine contract"
/// (`stacks/FaceRecognition/handlers/README.md`): stored, rejected, failed, retried.
@Suite struct DeployedWorkflowTests {
  static let detect = "arn:aws:lambda:us-east-1:123456789012:function:facestack-dev-detect"
  static let store = "arn:aws:lambda:us-east-1:123456789012:function:facestack-dev-store"
  static let executionInput =
    #"{"bucket": "facestack-dev-images-123456789012", "key": "input/cam-1/lobby.jpg", "version_id": null}"#

  /// The definition CloudFormation deploys: `Fn::Sub` with the functions' ARNs and the
  /// partition.
  static func definition() throws -> String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let url = root.appendingPathComponent("templates/dev/FaceRecognition.yaml")
    let template = try TemplateReader.read(String(contentsOf: url, encoding: .utf8), file: url.path)
    let workflow = try #require(template.resources["Workflow"])
    #expect(workflow.type == "AWS::StepFunctions::StateMachine")
    guard case .intrinsic(.sub(var text, let variables))? = workflow.properties["DefinitionString"]
    else {
      Issue.record("DefinitionString is not an Fn::Sub")
      return ""
    }
    for (name, value) in variables {
      guard case .intrinsic(.getAtt(let resource, _)) = value else { continue }
      text = text.replacingOccurrences(
        of: "${\(name)}", with: resource == "Detect" ? detect : store)
    }
    return text.replacingOccurrences(of: "${AWS::Partition}", with: "aws")
  }

  /// The handlers' outputs, by the contract.
  static func detected(_ input: JSONDocument, status: String = "OK") -> JSONDocument {
    let envelope = input["input"] ?? input
    var members: [(String, JSONDocument)] = [
      ("status", .string(status)), ("image_id", .string("9b080399578df9675eab07573de1bbf8")),
      ("bucket", envelope["bucket"] ?? .null), ("key", envelope["key"] ?? .null),
      ("version_id", envelope["version_id"] ?? .null),
      ("execution_id", input["execution_id"] ?? .null),
    ]
    if status == "REJECTED" {
      members += [
        ("reason", .string("UNSUPPORTED_FORMAT")), ("message", .string("not JPEG or PNG")),
      ]
    } else {
      members += [
        ("face_count", .integer(1)), ("faces", .array([.object([("index", .integer(0))])])),
      ]
    }
    return .object(members)
  }

  static func stored(_ input: JSONDocument) -> JSONDocument {
    let recordType: String
    if input["input"]?["failure"] != nil {
      recordType = "FAILURE"
    } else if input["status"] == .string("REJECTED") {
      recordType = "REJECTED"
    } else {
      recordType = "FACE"
    }
    return .object([
      ("status", .string("STORED")), ("record_type", .string(recordType)),
      ("image_id", .string("9b080399578df9675eab07573de1bbf8")), ("records_written", .integer(1)),
    ])
  }

  /// A Lambda stand-in recording its calls; `detect` decides what the detect function does on
  /// each call.
  final class Functions: LambdaInvoker, @unchecked Sendable {
    private let lock = NSLock()
    private var log: [(function: String, payload: JSONDocument)] = []
    let detect: @Sendable (JSONDocument, Int) throws -> LambdaInvocationResult

    init(detect: @escaping @Sendable (JSONDocument, Int) throws -> LambdaInvocationResult) {
      self.detect = detect
    }

    var calls: [(function: String, payload: JSONDocument)] {
      lock.lock()
      defer { lock.unlock() }
      return log
    }

    func invoke(
      functionName: String, qualifier: String?, payload: JSONDocument, context: TaskContext
    )
      async throws -> LambdaInvocationResult
    {
      let detectCalls: Int = {
        lock.lock()
        defer { lock.unlock() }
        log.append((functionName, payload))
        return log.filter { $0.function == DeployedWorkflowTests.detect }.count - 1
      }()
      if functionName == DeployedWorkflowTests.detect { return try detect(payload, detectCalls) }
      return .success(DeployedWorkflowTests.stored(payload))
    }
  }

  func run(_ functions: Functions, clock: VirtualClock = VirtualClock(start: startTime))
    async throws -> ExecutionResult
  {
    let runner = ExecutionRunner(
      stateMachine: try StateMachine.parse(Self.definition()),
      invoker: LambdaTaskInvoker(lambda: functions, random: SeededRandomSource(seed: 3)),
      clock: clock, random: SeededRandomSource(seed: 11))
    return try await runner.run(
      ExecutionRequest(
        stateMachineArn:
          "arn:aws:states:us-east-1:123456789012:stateMachine:facestack-dev-pipeline",
        name: "0f8e", input: Self.executionInput,
        roleArn: "arn:aws:iam::123456789012:role/facestack-dev-WorkflowRole"))
  }

  /// The deployed definition is valid and uses nothing the interpreter does not run.
  @Test func definitionIsFullySupported() throws {
    let machine = try StateMachine.parse(Self.definition())
    #expect(machine.unsupportedFeatures.isEmpty)
    #expect(
      machine.graph.order == [
        "Detect", "Rejected?", "Store", "RecordRejection", "RecordFailure", "Failed",
      ])
  }

  /// Stored: detect finds a face, the Choice sends it to Store, the execution returns store's
  /// result.
  @Test func storedPath() async throws {
    let functions = Functions { payload, _ in .success(Self.detected(payload)) }
    let result = try await run(functions)
    #expect(result.status == .succeeded)
    #expect(result.output?["status"] == .string("STORED"))
    #expect(result.output?["record_type"] == .string("FACE"))
    #expect(functions.calls.map(\.function) == [Self.detect, Self.store])
    // Detect gets the envelope; Store gets detect's output unchanged.
    let detectPayload = functions.calls[0].payload
    #expect(detectPayload["input"] == (try json(Self.executionInput)))
    #expect(
      detectPayload["execution_id"]
        == .string("arn:aws:states:us-east-1:123456789012:execution:facestack-dev-pipeline:0f8e"))
    #expect(functions.calls[1].payload["status"] == .string("OK"))
    #expect(functions.calls[1].payload["faces"]?.elements?.count == 1)
    #expect(
      result.eventTypes == [
        "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded",
        "TaskStateExited", "ChoiceStateEntered", "ChoiceStateExited", "TaskStateEntered",
        "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded",
      ])
  }

  /// Rejected: detect's typed rejection goes to RecordRejection, never retried.
  @Test func rejectedPath() async throws {
    let functions = Functions { payload, _ in .success(Self.detected(payload, status: "REJECTED")) }
    let result = try await run(functions)
    #expect(result.status == .succeeded)
    #expect(result.output?["record_type"] == .string("REJECTED"))
    let entered = result.history.compactMap { event -> String? in
      if case .stateEntered(let name, _) = event.details { return name }
      return nil
    }
    #expect(entered == ["Detect", "Rejected?", "RecordRejection"])
    #expect(functions.calls[1].payload["reason"] == .string("UNSUPPORTED_FORMAT"))
  }

  /// Failed: detect raises a non-retryable error; the catcher keeps the input and adds
  /// `failure` with the error document as cause; RecordFailure stores it; the execution fails
  /// with `ImageProcessingFailed`.
  @Test func failedPath() async throws {
    let functions = Functions { _, _ in
      .failure(
        errorType: "KeyError", errorMessage: "'bucket'",
        stackTrace: ["  File \"/var/task/detect.py\", line 40, in handler\n"], requestId: "r-1")
    }
    let result = try await run(functions)
    #expect(result.status == .failed)
    #expect(result.error == "ImageProcessingFailed")
    #expect(result.cause == "detect failed; the failure is recorded in the results table")
    #expect(functions.calls.map(\.function) == [Self.detect, Self.store])
    let recorded = functions.calls[1].payload
    #expect(recorded["input"]?["bucket"] == .string("facestack-dev-images-123456789012"))
    #expect(recorded["input"]?["failure"]?["Error"] == .string("KeyError"))
    let cause = try json(try #require(recorded["input"]?["failure"]?["Cause"]?.stringValue))
    #expect(cause["errorType"] == .string("KeyError"))
    #expect(cause["errorMessage"] == .string("'bucket'"))
    #expect(
      result.eventTypes.suffix(3) == ["TaskStateExited", "FailStateEntered", "ExecutionFailed"])
  }

  /// Retried: Rekognition throttling is retried with full jitter (2 s doubling, capped at
  /// 60 s) before detect succeeds.
  @Test func throttlingIsRetried() async throws {
    let clock = VirtualClock(start: startTime)
    let functions = Functions { payload, call in
      if call < 3 {
        return .failure(
          errorType: "RekognitionThrottled", errorMessage: "slow down", requestId: "r")
      }
      return .success(Self.detected(payload))
    }
    let result = try await run(functions, clock: clock)
    #expect(result.status == .succeeded)
    let sleeps = await clock.sleeps
    #expect(sleeps.count == 3)
    for (delay, bound) in zip(sleeps, [2.0, 4.0, 8.0]) {
      #expect(delay >= 0 && delay <= bound)
    }
    #expect(result.eventTypes.filter { $0 == "TaskFailed" }.count == 3)
  }

  /// Lambda's own errors use the second retrier (3 attempts, 1 s doubling), then the catcher.
  @Test func lambdaServiceErrorsExhaustThenFail() async throws {
    let clock = VirtualClock(start: startTime)
    let functions = Functions { _, _ in
      throw TaskFailure(error: "Lambda.ServiceException", cause: "Lambda is unavailable")
    }
    let result = try await run(functions, clock: clock)
    #expect(result.status == .failed)
    #expect(result.error == "ImageProcessingFailed")
    #expect(functions.calls.filter { $0.function == Self.detect }.count == 4)
    let sleeps = await clock.sleeps
    #expect(sleeps.count == 3)
    for (delay, bound) in zip(sleeps, [1.0, 2.0, 4.0]) {
      #expect(delay >= 0 && delay <= bound)
    }
    let failure = functions.calls.last?.payload["input"]?["failure"]
    #expect(
      failure
        == (try json(#"{"Error": "Lambda.ServiceException", "Cause": "Lambda is unavailable"}"#)))
  }

  /// A burst beyond reserved concurrency: Lambda's throttling gets a retrier of its own (10
  /// attempts, 1 s doubling, at most 20 s apart), so an image throttled 8 times is still
  /// detected, not stored as a failure.
  @Test func aThrottledBurstWaitsItsTurn() async throws {
    let clock = VirtualClock(start: startTime)
    let functions = Functions { payload, call in
      if call < 8 {
        throw TaskFailure(
          error: "Lambda.TooManyRequestsException",
          cause: "Rate Exceeded. (Reason: ReservedFunctionConcurrentInvocationLimitExceeded)")
      }
      return .success(Self.detected(payload))
    }
    let result = try await run(functions, clock: clock)
    #expect(result.status == .succeeded)
    let sleeps = await clock.sleeps
    #expect(sleeps.count == 8)
    for (delay, bound) in zip(sleeps, [1.0, 2.0, 4.0, 8.0, 16.0, 20.0, 20.0, 20.0]) {
      #expect(delay >= 0 && delay <= bound)
    }
  }
}
