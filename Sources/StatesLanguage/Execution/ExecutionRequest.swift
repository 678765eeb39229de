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
