import CloudFormation
import IAM
import ResourceTypes

/// An SQS queue with server-side encryption and 14 days of retention: the dead-letter and
/// on-failure destination of the pipeline.
///
/// ```swift
/// let deadLetters = Queue(stack, "DeadLetters")
/// deadLetters.allow(service: "events.amazonaws.com", sourceArn: rule.arn)
/// ```
public final class Queue: Construct {
  /// The `AWS::SQS::Queue` resource.
  public let resource: CfnResource
  private var senders: [(service: String, sourceArn: Value)] = []
  /// The queue's resource policy, made with the first sender and completed at lowering.
  private var policy: CfnResource?

  /// A queue.
  public init(
    _ scope: Construct, _ id: String, name: Value? = nil, file: String = #fileID, line: Int = #line
  ) {
    var queue = SQSQueue(messageRetentionPeriod: 1_209_600, sqsManagedSseEnabled: true)
    queue.queueName = name.map { Field<String>.from($0) }
    resource = CfnResource(detached: LogicalID.defaultChild, queue, file: file, line: line)
    resource.deletionPolicy = .delete
    resource.updateReplacePolicy = .delete
    super.init(scope, id, file: file, line: line)
    adopt(resource)
  }

  /// The queue's URL (`Ref`).
  public var url: Value { resource.ref }
  /// The queue's name.
  public var name: Value { resource.getAtt("QueueName") }
  /// The queue's ARN.
  public var arn: ARN { ARN(resource.getAtt("Arn"), resourceType: SQSQueue.typeName) }

  /// Grants sending messages.
  public func grantSend(to role: Role, file: String = #fileID, line: Int = #line) {
    role.allow(["sqs:SendMessage"], on: [arn], file: file, line: line)
  }

  /// Lets an AWS service send messages on behalf of one resource (`aws:SourceArn`), through the
  /// queue's resource policy.
  public func allow(service: String, sourceArn: Value) {
    senders.append((service, sourceArn))
    if policy == nil {
      let policy = CfnResource(
        self, "Policy", SQSQueuePolicy(policyDocument: .literal([:]), queues: [.from(url)]))
      policy.finisher = self
      self.policy = policy
    }
  }
}

extension Queue: ResourceFinishing {
  func finish(_ properties: any ResourceProperties, context: LoweringContext)
    -> any ResourceProperties
  {
    let statements = senders.enumerated().map { index, sender in
      Statement(
        sid:
          "Allow\(sender.service.split(separator: ".").first.map { $0.prefix(1).uppercased() + $0.dropFirst() } ?? "Service")\(index)",
        effect: .allow, principal: .services([sender.service]),
        actions: .actions(["sqs:SendMessage"]),
        resources: .resources([arn.value]),
        conditions: [Condition(.arnEquals, "aws:SourceArn", [sender.sourceArn])])
    }
    let document = PolicyWriter.value(PolicyDocument(statements: statements))
    return amend(properties, as: SQSQueuePolicy.self) {
      $0.policyDocument = .literal(document)
    }
  }
}
