/// What `StartExecution` is given: the state machine's identity, the execution's name, its
/// input text and the role it runs under.
public struct ExecutionRequest: Sendable, Equatable {
  /// The state machine's ARN (`$$.StateMachine.Id`):
  /// `arn:aws:states:us-east-1:123456789012:stateMachine:facestack-dev-pipeline`.
  public var stateMachineArn: String
  /// The execution's name (`$$.Execution.Name`).
  public var name: String
  /// The input, JSON text (`{}` when the caller gives none).
  public var input: String
  /// The state machine's role (`$$.Execution.RoleArn`).
  public var roleArn: String

  /// A request; the execution's ARN is derived from the state machine's and the name.
  public init(stateMachineArn: String, name: String, input: String = "{}", roleArn: String) {
    self.stateMachineArn = stateMachineArn
    self.name = name
    self.input = input
    self.roleArn = roleArn
  }

  /// `arn:aws:states:<region>:<account>:execution:<state machine name>:<execution name>`
  /// (`$$.Execution.Id`).
  public var executionArn: String {
    stateMachineArn.replacingOccurrences(of: ":stateMachine:", with: ":execution:") + ":" + name
  }

  /// The state machine's name, the last part of its ARN (`$$.StateMachine.Name`).
  public var stateMachineName: String {
    stateMachineArn.split(separator: ":").last.map(String.init) ?? stateMachineArn
  }

  /// The Region of the state machine's ARN.
  public var region: String? {
    let parts = stateMachineArn.split(separator: ":", omittingEmptySubsequences: false)
    return parts.count > 3 && !parts[3].isEmpty ? String(parts[3]) : nil
  }
}

/// Why an execution could not start (`StartExecution` errors).
public enum ExecutionStartError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The input is not JSON (`InvalidExecutionInput`).
  case invalidInput(String)
  /// The input is over the 256 KiB quota (`InvalidExecutionInput`).
  case inputTooLarge(bytes: Int, limit: Int)

  /// One line.
  public var description: String {
    switch self {
    case .invalidInput(let reason):
      return "InvalidExecutionInput: the input is not valid JSON: \(reason)"
    case .inputTooLarge(let bytes, let limit):
      return "InvalidExecutionInput: the input has \(bytes) bytes; the limit is \(limit)"
    }
  }
}

/// How executions run.
public struct ExecutionOptions: Sendable, Equatable {
  /// The Region reported in `TaskScheduled` events when the state machine's ARN has none.
  public var region: String = "us-east-1"
  /// The payload quota (256 KiB): larger inputs, outputs and task results fail with
  /// `States.DataLimitExceeded`.
  public var payloadLimitBytes: Int = 262_144
  /// Whether Parallel branches and Map iterations run at the same time, as in Step Functions;
  /// `false` runs them one after the other, in order, so a history is the same on every run.
  public var runsBranchesConcurrently: Bool = true
  /// The most Map iterations at once when `MaxConcurrency` is 0 (inline Map runs up to 40).
  public var inlineMapConcurrencyLimit: Int = 40

  /// The defaults.
  public init() {}
}
