import CloudFormation
import IAM
import ResourceTypes

/// A Step Functions standard state machine: its definition from typed states, emitted as
/// `DefinitionString` JSON with `Fn::Sub` placeholders for ARNs; logs of every execution in its
/// own log group; X-Ray tracing; and a role that may invoke exactly the functions its tasks use.
///
/// ```swift
/// let pipeline = StateMachine(stack, "Pipeline", name: "\(prefix)-pipeline", definition: definition,
///                             functions: [detect, store], logRetentionDays: 30)
/// ```
public final class StateMachine: Construct {
  /// The `AWS::StepFunctions::StateMachine` resource.
  public let resource: CfnResource
  /// The role the state machine runs as.
  public var role: Role { child("Role") }
  /// Execution logs.
  public var logGroup: LogGroup { child("Logs") }
  /// The state machine's name.
  public let name: String

  /// A state machine running `definition`; `functions` are the ones its tasks invoke.
  public init(
    _ scope: Construct, _ id: String, name: String, definition: StateMachineDefinition,
    functions: [Function],
    logRetentionDays: Int, key: EncryptionKey? = nil, file: String = #fileID, line: Int = #line
  ) {
    self.name = name
    let path = Construct.path(of: id, in: scope)
    let (document, variables) = definition.document()
    let json = TemplateWriter.json(document)
    var machine = StepFunctionsStateMachine(
      definitionString: .sub(json, variables),
      roleArn: .getAtt(LogicalID.make(path: path + ["Role"]), "Arn"),
      stateMachineName: .literal(name), stateMachineType: "STANDARD")
    machine.loggingConfiguration = .literal(
      StepFunctionsStateMachine.LoggingConfiguration(
        destinations: .literal([
          .literal(
            StepFunctionsStateMachine.LogDestination(
              cloudWatchLogsLogGroup: .literal(
                StepFunctionsStateMachine.CloudWatchLogsLogGroup(
                  logGroupArn: .getAtt(LogicalID.make(path: path + ["Logs"]), "Arn")))))
        ]),
        includeExecutionData: true, level: "ALL"))
    machine.tracingConfiguration = .literal(
      StepFunctionsStateMachine.TracingConfiguration(enabled: true))
    resource = CfnResource(detached: LogicalID.defaultChild, machine, file: file, line: line)
    super.init(scope, id, file: file, line: line)
    adopt(resource)
    for problem in definition.problems() {
      stack.report(.error, "state machine \(name): \(problem)", at: location)
    }
    _ = LogGroup(
      self, "Logs", name: .string("/aws/vendedlogs/states/\(name)"),
      retentionDays: logRetentionDays, key: key, file: file, line: line)
    let role = Role(
      self, "Role", assumedBy: "states.amazonaws.com",
      trustConditions: [Condition(.stringEquals, "aws:SourceAccount", [.ref(.accountId)])],
      description: "execution role of the \(name) state machine", file: file, line: line)
    for function in functions {
      function.grantInvoke(to: role, file: file, line: line)
    }
    // CloudWatch Logs delivery and X-Ray support no resource-level permissions.
    role.allow(
      [
        "logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:DescribeLogGroups",
        "logs:DescribeResourcePolicies",
        "logs:GetLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
        "logs:UpdateLogDelivery",
      ], on: [.any], file: file, line: line)
    role.acknowledge(
      "resource-exposure",
      reason:
        "Step Functions log delivery to CloudWatch Logs needs logs:PutResourcePolicy, which supports no resource scoping"
    )
    role.allow(
      [
        "xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:PutTelemetryRecords",
        "xray:PutTraceSegments",
      ],
      on: [.any], file: file, line: line)
  }

  /// The state machine's ARN (`Ref`).
  public var arn: ARN { ARN(resource.ref, resourceType: StepFunctionsStateMachine.typeName) }

  /// Grants starting executions.
  public func grantStartExecution(to role: Role, file: String = #fileID, line: Int = #line) {
    role.allow(["states:StartExecution"], on: [arn], file: file, line: line)
  }
}

extension Function {
  private var reference: TaskTarget.FunctionReference {
    TaskTarget.FunctionReference(placeholder: "\(resource.logicalID)FunctionArn", arn: arn.value)
  }

  /// This function as a task target invoked by ARN.
  public func taskTarget() -> TaskTarget { .function(reference) }

  /// This function through the `lambda:invoke` integration, sending `payload` (`"$"` for the
  /// whole input).
  public func invokeTarget(payload: Value = "$") -> TaskTarget {
    .lambdaInvoke(reference, payload: payload)
  }
}
