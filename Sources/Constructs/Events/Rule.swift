import CloudFormation
import IAM
import ResourceTypes

/// An EventBridge rule whose targets are typed: a state machine (through a role that may start
/// exactly that machine), a function (through a Lambda permission scoped to the rule's ARN) or
/// a queue (through the queue's policy, scoped to the rule's ARN), each with an input
/// transformer, a retry policy and a dead-letter queue.
///
/// ```swift
/// let rule = Rule(stack, "InputUploads", pattern: .objectCreated(in: images, prefix: "input/"), deadLetters: dlq)
/// rule.target(pipeline, input: .s3Object)
/// ```
public final class Rule: Construct {
  /// The `AWS::Events::Rule` resource.
  public let resource: CfnResource
  /// Where events that cannot be delivered go.
  public let deadLetters: Queue
  private var targets: [EventsRule.Target] = []
  private var role: Role?

  /// A rule matching `pattern` on the default event bus.
  public init(
    _ scope: Construct, _ id: String, pattern: EventPattern, description: String,
    deadLetters: Queue,
    file: String = #fileID, line: Int = #line
  ) {
    self.deadLetters = deadLetters
    resource = CfnResource(
      detached: LogicalID.defaultChild,
      EventsRule(
        description: .literal(description), eventPattern: .literal(pattern.value), state: "ENABLED"),
      file: file, line: line)
    super.init(scope, id, file: file, line: line)
    adopt(resource)
    resource.finisher = self
    deadLetters.allow(service: "events.amazonaws.com", sourceArn: arn.value)
  }

  /// The rule's ARN.
  public var arn: ARN { ARN(resource.getAtt("Arn"), resourceType: EventsRule.typeName) }

  private func target(arn: Value, roleArn: Value?, input: InputTransformer?) -> EventsRule.Target {
    var target = EventsRule.Target(arn: .from(arn), id: .literal("Target\(targets.count)"))
    target.roleArn = roleArn.map { Field<String>.from($0) }
    if let input {
      target.inputTransformer = .literal(
        EventsRule.InputTransformer(
          inputPathsMap: .literal(
            Dictionary(uniqueKeysWithValues: input.paths.map { ($0.key, Field.from($0.value)) })),
          inputTemplate: .literal(input.template)))
    }
    target.retryPolicy = .literal(
      EventsRule.RetryPolicy(maximumEventAgeInSeconds: 3_600, maximumRetryAttempts: 24))
    target.deadLetterConfig = .literal(
      EventsRule.DeadLetterConfig(arn: .from(deadLetters.arn.value)))
    return target
  }

  /// Starts `machine` for each matching event.
  public func target(
    _ machine: StateMachine, input: InputTransformer, file: String = #fileID, line: Int = #line
  ) {
    let role =
      self.role
      ?? Role(
        self, "Role", assumedBy: "events.amazonaws.com",
        trustConditions: [Condition(.stringEquals, "aws:SourceAccount", [.ref(.accountId)])],
        description: "lets the rule start its targets", file: file, line: line)
    self.role = role
    machine.grantStartExecution(to: role, file: file, line: line)
    targets.append(target(arn: machine.arn.value, roleArn: role.arn.value, input: input))
  }

  /// Invokes `function` asynchronously for each matching event (the whole event is its input
  /// unless `input` reshapes it).
  public func target(
    _ function: Function, input: InputTransformer? = nil, file: String = #fileID, line: Int = #line
  ) {
    _ = CfnResource(
      self, "Invoke\(function.id)",
      LambdaPermission(
        action: "lambda:InvokeFunction", functionName: .from(function.arn.value),
        principal: "events.amazonaws.com",
        sourceAccount: .ref(.accountId), sourceArn: .from(arn.value)),
      file: file, line: line)
    targets.append(target(arn: function.arn.value, roleArn: nil, input: input))
  }
}

extension Rule {
  /// Sends each matching event (reshaped by `input`, when given) to `queue`, whose resource
  /// policy lets EventBridge send on behalf of this rule only (`aws:SourceArn`).
  public func target(_ queue: Queue, input: InputTransformer? = nil) {
    queue.allow(service: "events.amazonaws.com", sourceArn: arn.value)
    targets.append(target(arn: queue.arn.value, roleArn: nil, input: input))
  }
}

extension Rule: ResourceFinishing {
  func finish(_ properties: any ResourceProperties, context: LoweringContext)
    -> any ResourceProperties
  {
    let targets = self.targets
    return amend(properties, as: EventsRule.self) {
      $0.targets = .literal(targets.map { .literal($0) })
    }
  }
}
