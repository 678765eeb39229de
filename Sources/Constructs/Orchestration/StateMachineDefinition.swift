import CloudFormation
import Foundation

/// A whole state machine in Amazon States Language, built from typed ``State``s.
public struct StateMachineDefinition: Sendable {
  /// A comment.
  public var comment: String?
  /// The first state.
  public var startAt: String
  /// The states, in the order they are written.
  public var states: [(name: String, state: State)]
  /// Seconds before the whole execution times out.
  public var timeoutSeconds: Int?

  /// A definition.
  public init(
    comment: String? = nil, startAt: String, states: [(name: String, state: State)],
    timeoutSeconds: Int? = nil
  ) {
    self.comment = comment
    self.startAt = startAt
    self.states = states
    self.timeoutSeconds = timeoutSeconds
  }

  /// Problems with the state graph: a missing start, a transition to an unknown state, a state
  /// nothing reaches, a non-terminal state without a next state.
  public func problems() -> [String] {
    var problems: [String] = []
    let names = Set(states.map(\.name))
    if !names.contains(startAt) { problems.append("StartAt '\(startAt)' is not a state") }
    var reachable: Set<String> = [startAt]
    for (name, state) in states {
      for next in state.transitions {
        if !names.contains(next) {
          problems.append("state '\(name)' goes to unknown state '\(next)'")
        }
        reachable.insert(next)
      }
    }
    for (name, _) in states where !reachable.contains(name) {
      problems.append("state '\(name)' is unreachable")
    }
    return problems
  }

  /// The definition as ASL, and the `Fn::Sub` variables its `${...}` placeholders need.
  public func document() -> (definition: Value, variables: OrderedMap<Value>) {
    var variables = OrderedMap<Value>()
    var root = OrderedMap<Value>()
    root["Comment"] = comment.map(Value.string)
    root["StartAt"] = .string(startAt)
    root["TimeoutSeconds"] = timeoutSeconds.map(Value.int)
    var stateMap = OrderedMap<Value>()
    for (name, state) in states {
      stateMap[name] = .map(state.document(variables: &variables))
    }
    root["States"] = .map(stateMap)
    return (.map(root), variables)
  }
}

extension State {
  /// The states this one can go to.
  var transitions: [String] {
    switch self {
    case .task(let task): return [task.next].compactMap { $0 } + task.catch.map(\.next)
    case .choice(let choice):
      return choice.choices.map(\.next) + [choice.defaultNext].compactMap { $0 }
    case .pass(let pass): return [pass.next].compactMap { $0 }
    case .fail, .succeed: return []
    }
  }

  /// `rate` with one decimal, as `%.1f` writes it (2 → `2.0`, 0.35 → `0.3`: its exact binary
  /// value is below the tie), without `String(format:)`, whose `CVarArg` casts scan every
  /// protocol conformance in the process at first use.
  static func oneDecimal(_ rate: Double) -> String {
    // Beyond 1e14 the product's last digit is not exact; no backoff rate is that large.
    guard rate.isFinite, abs(rate) < 1e14 else { return String(format: "%.1f", rate) }
    let product = rate * 10
    // What rounding `rate * 10` to a double lost, exactly (a fused multiply-add): it decides
    // the ties the product shows but the exact value does not have.
    let residual = (-product).addingProduct(rate, 10)
    var tenths = product.rounded(.toNearestOrEven)
    if abs(product - product.rounded(.towardZero)) == 0.5, residual != 0 {
      tenths = residual > 0 ? product.rounded(.up) : product.rounded(.down)
    }
    let magnitude = Int(abs(tenths))
    return "\(rate.sign == .minus ? "-" : "")\(magnitude / 10).\(magnitude % 10)"
  }

  func document(variables: inout OrderedMap<Value>) -> OrderedMap<Value> {
    var map = OrderedMap<Value>()
    switch self {
    case .task(let task):
      map["Type"] = "Task"
      map["Comment"] = task.comment.map(Value.string)
      switch task.resource {
      case .function(let function):
        variables[function.placeholder] = function.arn
        map["Resource"] = .string("${\(function.placeholder)}")
        map["Parameters"] = task.parameters
      case .lambdaInvoke(let function, let payload):
        variables[function.placeholder] = function.arn
        map["Resource"] = "arn:${AWS::Partition}:states:::lambda:invoke"
        var parameters: OrderedMap<Value> = ["FunctionName": .string("${\(function.placeholder)}")]
        if case .string(let path) = payload {
          parameters["Payload.$"] = .string(path)
        } else {
          parameters["Payload"] = payload
        }
        map["Parameters"] = .map(parameters)
        map["ResultSelector"] = ["result.$": "$.Payload"]
        map["OutputPath"] = "$.result"
      }
      map["ResultPath"] = task.resultPath.map(Value.string)
      map["TimeoutSeconds"] = task.timeoutSeconds.map(Value.int)
      if !task.retry.isEmpty {
        map["Retry"] = .list(
          task.retry.map { retrier in
            var document: OrderedMap<Value> = [
              "ErrorEquals": .list(retrier.errors.map(Value.string)),
              "IntervalSeconds": .int(retrier.intervalSeconds),
              "MaxAttempts": .int(retrier.maxAttempts),
              "BackoffRate": .number(
                Number(text: Self.oneDecimal(retrier.backoffRate)) ?? Number(2)),
            ]
            document["MaxDelaySeconds"] = retrier.maxDelaySeconds.map(Value.int)
            document["JitterStrategy"] = retrier.jitter ? "FULL" : "NONE"
            return .map(document)
          })
      }
      if !task.catch.isEmpty {
        map["Catch"] = .list(
          task.catch.map { catcher in
            [
              "ErrorEquals": .list(catcher.errors.map(Value.string)),
              "ResultPath": .string(catcher.resultPath), "Next": .string(catcher.next),
            ]
          })
      }
      if let next = task.next { map["Next"] = .string(next) } else { map["End"] = true }
    case .choice(let choice):
      map["Type"] = "Choice"
      map["Comment"] = choice.comment.map(Value.string)
      map["Choices"] = .list(
        choice.choices.map { rule in
          var document = rule.condition.document
          document["Next"] = .string(rule.next)
          return .map(document)
        })
      map["Default"] = choice.defaultNext.map(Value.string)
    case .pass(let pass):
      map["Type"] = "Pass"
      map["Comment"] = pass.comment.map(Value.string)
      map["Result"] = pass.result
      map["Parameters"] = pass.parameters
      map["ResultPath"] = pass.resultPath.map(Value.string)
      if let next = pass.next { map["Next"] = .string(next) } else { map["End"] = true }
    case .fail(let fail):
      map["Type"] = "Fail"
      map["Comment"] = fail.comment.map(Value.string)
      map["Error"] = fail.error.map(Value.string)
      map["ErrorPath"] = fail.errorPath.map(Value.string)
      map["Cause"] = fail.cause.map(Value.string)
      map["CausePath"] = fail.causePath.map(Value.string)
    case .succeed(let comment):
      map["Type"] = "Succeed"
      map["Comment"] = comment.map(Value.string)
    }
    return map
  }
}
