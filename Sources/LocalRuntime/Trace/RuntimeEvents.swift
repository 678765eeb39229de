import Foundation
import Processes

/// Everything the runtime did, in order: the events it routed, the rules that matched and did
/// not (and why), the executions and their states, the invocations with their output, and what
/// it could not do. `facestack local trace` assembles one upload's story from it; `local status`
/// counts it. Bounded: the oldest records go first.
actor RuntimeEvents {
  /// The records kept at most.
  let capacity: Int
  private(set) var records: [RuntimeRecord] = []
  private var nextSequence = 1
  private var warnings: Set<String> = []

  init(capacity: Int = 100_000) { self.capacity = capacity }

  /// Appends `event`, stamped with the time and a sequence number.
  func record(_ event: RuntimeEvent) {
    records.append(RuntimeRecord(sequence: nextSequence, time: Date(), event: event))
    nextSequence += 1
    if records.count > capacity { records.removeFirst(records.count - capacity) }
  }

  /// The records after `sequence`.
  func since(_ sequence: Int) -> [RuntimeRecord] {
    guard let index = records.firstIndex(where: { $0.sequence > sequence }) else { return [] }
    return Array(records[index...])
  }

  /// One warning, once: the host Python differs from a function's runtime.
  func warnIfPythonDiffers(_ runtime: String, python: String) {
    let version = Self.pythonVersion(python)
    guard let version, runtime.hasPrefix("python"), "python\(version)" != runtime else { return }
    let message =
      "functions run on the host's Python \(version), not their runtime \(runtime): "
      + "code that needs \(runtime) may behave differently"
    guard warnings.insert(message).inserted else { return }
    record(.warning(message))
  }

  /// Every warning so far.
  var allWarnings: [String] { warnings.sorted() }

  static func pythonVersion(_ python: String) -> String? {
    let script = "import sys; print(f'{sys.version_info[0]}.{sys.version_info[1]}')"
    guard let result = try? ProcessRunner.run([python, "-c", script]), result.succeeded else {
      return nil
    }
    return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
  }
}

/// One record: a sequence number, a time, what happened.
public struct RuntimeRecord: Sendable, Encodable {
  /// Increasing, from 1.
  public var sequence: Int
  /// When.
  public var time: Date
  /// What.
  public var event: RuntimeEvent

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: DynamicKey.self)
    try container.encode(sequence, forKey: DynamicKey("sequence"))
    try container.encode(RuntimeRecord.timestamp(time), forKey: DynamicKey("time"))
    try event.encode(into: &container)
  }

  static func timestamp(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: date)
  }
}

/// What the runtime does and sees.
public enum RuntimeEvent: Sendable {
  /// An event reached the bus (an S3 notification, or `PutEvents`).
  case eventReceived(
    eventID: String, bus: String, source: String, detailType: String, bucket: String?, key: String?,
    versionID: String?)
  /// A rule's pattern matched the event.
  case ruleMatched(eventID: String, rule: String)
  /// A rule's pattern did not match the event: the first field that failed.
  case ruleNotMatched(eventID: String, rule: String, reason: String)
  /// An event was delivered to a target: an execution's ARN, an invocation's request id, a
  /// message id.
  case delivered(eventID: String, rule: String, target: String, result: String)
  /// An event could not be delivered to a target; where it went instead.
  case deliveryFailed(
    eventID: String, rule: String, target: String, reason: String, deadLetter: String?)
  /// An execution started.
  case executionStarted(execution: String, stateMachine: String, input: String, source: String)
  /// A state of an execution was entered.
  case stateEntered(execution: String, state: String, type: String)
  /// A state of an execution was left.
  case stateExited(execution: String, state: String)
  /// An execution ended.
  case executionEnded(execution: String, status: String, error: String?, cause: String?)
  /// A function invocation started in an execution environment.
  case invocationStarted(
    function: String, requestID: String, environment: String, cold: Bool, source: String)
  /// A function invocation ended, with the function's output.
  case invocationEnded(
    function: String, requestID: String, environment: String, duration: TimeInterval,
    handlerDuration: TimeInterval?, initDuration: TimeInterval?, functionError: String?,
    errorType: String?, lines: [String])
  /// An asynchronous invocation failed every attempt.
  case asyncFailure(
    function: String, requestID: String, source: String, attempts: Int, result: InvocationResult?,
    destination: String?)
  /// A function's logs could not be delivered (its role may not write them).
  case logDeliveryDenied(function: String, group: String, reason: String)
  /// An on-failure destination of a kind the local cloud does not deliver to.
  case destinationUnsupported(function: String, destination: String)
  /// A call to the local cloud's AWS endpoint, as the IAM gateway decided it.
  case awsCall(
    principal: String, action: String, resources: [String], allowed: Bool, explanation: String)
  /// A local instance of an Auto Scaling group started its programs under the group's role.
  case fleetInstanceStarted(group: String, instance: String, programs: [String], role: String)
  /// A program of a local instance exited (it is started again while its group runs).
  case fleetProcessExited(group: String, instance: String, program: String, status: Int32)
  /// Something the user should know, once.
  case warning(String)

  /// The record's type name in JSON.
  public var type: String {
    switch self {
    case .eventReceived: return "eventReceived"
    case .ruleMatched: return "ruleMatched"
    case .ruleNotMatched: return "ruleNotMatched"
    case .delivered: return "delivered"
    case .deliveryFailed: return "deliveryFailed"
    case .executionStarted: return "executionStarted"
    case .stateEntered: return "stateEntered"
    case .stateExited: return "stateExited"
    case .executionEnded: return "executionEnded"
    case .invocationStarted: return "invocationStarted"
    case .invocationEnded: return "invocationEnded"
    case .asyncFailure: return "asyncFailure"
    case .logDeliveryDenied: return "logDeliveryDenied"
    case .destinationUnsupported: return "destinationUnsupported"
    case .awsCall: return "awsCall"
    case .fleetInstanceStarted: return "fleetInstanceStarted"
    case .fleetProcessExited: return "fleetProcessExited"
    case .warning: return "warning"
    }
  }

  func encode(into container: inout KeyedEncodingContainer<DynamicKey>) throws {
    func put(_ key: String, _ value: (any Encodable)?) throws {
      guard let value else { return }
      try container.encode(AnyEncodable(value), forKey: DynamicKey(key))
    }
    try put("type", type)
    switch self {
    case .eventReceived(
      let id, let bus, let source, let detailType, let bucket, let key, let version):
      try put("eventId", id); try put("bus", bus); try put("source", source)
      try put("detailType", detailType); try put("bucket", bucket); try put("key", key)
      try put("versionId", version)
    case .ruleMatched(let id, let rule):
      try put("eventId", id); try put("rule", rule)
    case .ruleNotMatched(let id, let rule, let reason):
      try put("eventId", id); try put("rule", rule); try put("reason", reason)
    case .delivered(let id, let rule, let target, let result):
      try put("eventId", id); try put("rule", rule); try put("target", target)
      try put("result", result)
    case .deliveryFailed(let id, let rule, let target, let reason, let deadLetter):
      try put("eventId", id); try put("rule", rule); try put("target", target)
      try put("reason", reason); try put("deadLetter", deadLetter)
    case .executionStarted(let execution, let machine, let input, let source):
      try put("execution", execution); try put("stateMachine", machine)
      try put("input", input); try put("source", source)
    case .stateEntered(let execution, let state, let kind):
      try put("execution", execution); try put("state", state); try put("stateType", kind)
    case .stateExited(let execution, let state):
      try put("execution", execution); try put("state", state)
    case .executionEnded(let execution, let status, let error, let cause):
      try put("execution", execution); try put("status", status); try put("error", error)
      try put("cause", cause)
    case .invocationStarted(let function, let id, let environment, let cold, let source):
      try put("function", function); try put("requestId", id)
      try put("environment", environment); try put("cold", cold); try put("source", source)
    case .invocationEnded(
      let function, let id, let environment, let duration, let handler, let initDuration,
      let functionError, let errorType, let lines):
      try put("function", function); try put("requestId", id)
      try put("environment", environment); try put("durationMs", (duration * 1000).rounded())
      try put("handlerMs", handler.map { ($0 * 1000).rounded() })
      try put("initMs", initDuration.map { ($0 * 1000).rounded() })
      try put("functionError", functionError); try put("errorType", errorType)
      try put("lines", lines)
    case .asyncFailure(let function, let id, let source, let attempts, let result, let destination):
      try put("function", function); try put("requestId", id); try put("source", source)
      try put("attempts", attempts); try put("errorType", result?.errorType)
      try put("destination", destination)
    case .logDeliveryDenied(let function, let group, let reason):
      try put("function", function); try put("group", group); try put("reason", reason)
    case .destinationUnsupported(let function, let destination):
      try put("function", function); try put("destination", destination)
    case .awsCall(let principal, let action, let resources, let allowed, let explanation):
      try put("principal", principal); try put("action", action); try put("resources", resources)
      try put("allowed", allowed); try put("explanation", explanation)
    case .fleetInstanceStarted(let group, let instance, let programs, let role):
      try put("group", group); try put("instance", instance); try put("programs", programs)
      try put("role", role)
    case .fleetProcessExited(let group, let instance, let program, let status):
      try put("group", group); try put("instance", instance); try put("program", program)
      try put("status", Int(status))
    case .warning(let message):
      try put("message", message)
    }
  }
}

struct DynamicKey: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }
  init(_ string: String) { stringValue = string }
  init?(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}

struct AnyEncodable: Encodable {
  let value: any Encodable
  init(_ value: any Encodable) { self.value = value }
  func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
