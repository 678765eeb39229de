import CloudFormation

/// The states of a Step Functions state machine, typed, so a definition is checked when the
/// stack compiles and written as Amazon States Language JSON at synthesis.
///
/// ```swift
/// let definition = StateMachineDefinition(startAt: "Detect", states: [
///   "Detect": .task(.init(resource: .function(detect), next: "Store",
///                         retry: [.init(errors: ["RekognitionThrottled"], maxAttempts: 6)])),
///   "Store": .task(.init(resource: .function(store), end: true)),
/// ])
/// ```
public enum State: Sendable {
  /// Does work: invokes a function or a service integration.
  case task(TaskState)
  /// Branches on the input.
  case choice(ChoiceState)
  /// Passes its input on, optionally shaped.
  case pass(PassState)
  /// Stops the execution as failed.
  case fail(FailState)
  /// Stops the execution as succeeded.
  case succeed(comment: String? = nil)
}

/// Where a task sends its work.
public enum TaskTarget: Sendable {
  /// A Lambda function by ARN; the function's return value is the task's result.
  case function(FunctionReference)
  /// The `lambda:invoke` service integration: sends `payload` (ASL `Payload`, JSONPaths with
  /// `.$` keys), and the task's result is the function's return value (`$.Payload`).
  case lambdaInvoke(FunctionReference, payload: Value)

  /// A function reference without holding the construct (Sendable).
  public struct FunctionReference: Sendable {
    /// The placeholder name in the definition (`DetectArn`).
    public var placeholder: String
    /// The function's ARN value.
    public var arn: Value
  }
}

/// A retry policy for errors a task may raise.
public struct Retrier: Sendable {
  /// Error names (`States.Timeout`, `Lambda.TooManyRequestsException`, a handler's class name).
  public var errors: [String]
  /// Seconds before the first retry.
  public var intervalSeconds: Int
  /// Retries before giving up.
  public var maxAttempts: Int
  /// Multiplier of the interval per retry.
  public var backoffRate: Double
  /// The longest wait between retries, in seconds.
  public var maxDelaySeconds: Int?
  /// Spread retries randomly (full jitter).
  public var jitter: Bool

  /// A retrier.
  public init(
    errors: [String], intervalSeconds: Int = 2, maxAttempts: Int = 3, backoffRate: Double = 2,
    maxDelaySeconds: Int? = nil, jitter: Bool = true
  ) {
    self.errors = errors
    self.intervalSeconds = intervalSeconds
    self.maxAttempts = maxAttempts
    self.backoffRate = backoffRate
    self.maxDelaySeconds = maxDelaySeconds
    self.jitter = jitter
  }
}

/// A fallback for errors a task raises after its retries.
public struct Catcher: Sendable {
  /// Error names (`States.ALL` for any).
  public var errors: [String]
  /// Where the error object goes in the input (`$.error`).
  public var resultPath: String
  /// The state to go to.
  public var next: String

  /// A catcher.
  public init(errors: [String], resultPath: String, next: String) {
    self.errors = errors
    self.resultPath = resultPath
    self.next = next
  }
}

/// A `Task` state.
public struct TaskState: Sendable {
  /// The work.
  public var resource: TaskTarget
  /// A comment.
  public var comment: String?
  /// The payload sent (ASL `Parameters`); the whole input when `nil`.
  public var parameters: Value?
  /// Where the result goes in the state's output (`$.detection`); replaces the input when `nil`.
  public var resultPath: String?
  /// The next state, or `nil` to end.
  public var next: String?
  /// Seconds before `States.Timeout`.
  public var timeoutSeconds: Int?
  /// Retry policies, in order.
  public var retry: [Retrier]
  /// Fallbacks, in order.
  public var `catch`: [Catcher]

  /// A task state.
  public init(
    resource: TaskTarget, comment: String? = nil, parameters: Value? = nil,
    resultPath: String? = nil,
    next: String? = nil, timeoutSeconds: Int? = nil, retry: [Retrier] = [], catch: [Catcher] = []
  ) {
    self.resource = resource
    self.comment = comment
    self.parameters = parameters
    self.resultPath = resultPath
    self.next = next
    self.timeoutSeconds = timeoutSeconds
    self.retry = retry
    self.catch = `catch`
  }
}

/// A condition of a `Choice` rule.
public indirect enum ChoiceCondition: Sendable {
  case stringEquals(String, String)
  case booleanEquals(String, Bool)
  case numericGreaterThan(String, Int)
  case isPresent(String, Bool)
  case and([ChoiceCondition])
  case or([ChoiceCondition])
  case not(ChoiceCondition)

  var document: OrderedMap<Value> {
    switch self {
    case .stringEquals(let variable, let value):
      return ["Variable": .string(variable), "StringEquals": .string(value)]
    case .booleanEquals(let variable, let value):
      return ["Variable": .string(variable), "BooleanEquals": .bool(value)]
    case .numericGreaterThan(let variable, let value):
      return ["Variable": .string(variable), "NumericGreaterThan": .int(value)]
    case .isPresent(let variable, let value):
      return ["Variable": .string(variable), "IsPresent": .bool(value)]
    case .and(let conditions): return ["And": .list(conditions.map { .map($0.document) })]
    case .or(let conditions): return ["Or": .list(conditions.map { .map($0.document) })]
    case .not(let condition): return ["Not": .map(condition.document)]
    }
  }
}

/// A `Choice` state.
public struct ChoiceState: Sendable {
  /// Rules, tried in order: a condition and the state it leads to.
  public var choices: [(condition: ChoiceCondition, next: String)]
  /// Where to go when no rule matches.
  public var defaultNext: String?
  /// A comment.
  public var comment: String?

  /// A choice state.
  public init(
    choices: [(condition: ChoiceCondition, next: String)], defaultNext: String? = nil,
    comment: String? = nil
  ) {
    self.choices = choices
    self.defaultNext = defaultNext
    self.comment = comment
  }
}

/// A `Pass` state.
public struct PassState: Sendable {
  /// A fixed result.
  public var result: Value?
  /// Shapes the input (ASL `Parameters`).
  public var parameters: Value?
  /// Where the result goes.
  public var resultPath: String?
  /// The next state, or `nil` to end.
  public var next: String?
  /// A comment.
  public var comment: String?

  /// A pass state.
  public init(
    result: Value? = nil, parameters: Value? = nil, resultPath: String? = nil, next: String? = nil,
    comment: String? = nil
  ) {
    self.result = result
    self.parameters = parameters
    self.resultPath = resultPath
    self.next = next
    self.comment = comment
  }
}

/// A `Fail` state.
public struct FailState: Sendable {
  /// The error name, or a path to it with `errorPath`.
  public var error: String?
  /// A JSONPath to the error name.
  public var errorPath: String?
  /// The cause, or a path to it with `causePath`.
  public var cause: String?
  /// A JSONPath to the cause.
  public var causePath: String?
  /// A comment.
  public var comment: String?

  /// A fail state.
  public init(
    error: String? = nil, errorPath: String? = nil, cause: String? = nil, causePath: String? = nil,
    comment: String? = nil
  ) {
    self.error = error
    self.errorPath = errorPath
    self.cause = cause
    self.causePath = causePath
    self.comment = comment
  }
}
