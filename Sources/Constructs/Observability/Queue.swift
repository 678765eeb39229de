import CloudFormation
import IAM
import ResourceTypes

/// An SQS queue with server-side encryption (SQS-managed keys, which EventBridge can send to, or
/// a customer-managed key whose policy lets this account's rules send) and 14 days of retention: the pipeline's dead-letter destination, or a work queue whose
/// messages move to a dead-letter queue after a bounded number of receives.
///
/// ```swift
/// let deadLetters = Queue(stack, "DeadLetters")
/// let work = Queue(stack, "Work", visibilityTimeout: 180,
///                  deadLetters: .init(queue: deadLetters, maxReceiveCount: 5))
/// rule.target(work, input: .s3Object)     // the queue policy lets that rule, and only it, send
/// work.grantConsume(to: workers.role)     // receive, delete, change visibility: on this queue
/// ```
public final class Queue: Construct {
  /// Where messages go after too many receives.
  public struct DeadLetters {
    /// The dead-letter queue.
    public var queue: Queue
    /// Receives before a message moves there (`maxReceiveCount`, 1 to 1,000).
    public var maxReceiveCount: Int

    /// A redrive target.
    public init(queue: Queue, maxReceiveCount: Int) {
      self.queue = queue
      self.maxReceiveCount = maxReceiveCount
    }
  }

  /// The `AWS::SQS::Queue` resource.
  public let resource: CfnResource
  private var senders: [(service: String, sourceArn: Value)] = []
  /// The queue's resource policy, made with the first sender and completed at lowering.
  private var policy: CfnResource?

  /// The visibility timeout, seconds, when set (SQS's default is 30).
  public let visibilityTimeout: Int?
  /// The redrive target, when set.
  public let deadLetters: DeadLetters?
  /// The customer-managed key encrypting messages, when set.
  public let key: EncryptionKey?

  /// A queue; `visibilityTimeout` (seconds) should outlast the slowest consumer of a message.
  public init(
    _ scope: Construct, _ id: String, name: Value? = nil, visibilityTimeout: Int? = nil,
    deadLetters: DeadLetters? = nil, key: EncryptionKey? = nil, file: String = #fileID,
    line: Int = #line
  ) {
    self.visibilityTimeout = visibilityTimeout
    self.deadLetters = deadLetters
    self.key = key
    var queue = SQSQueue(messageRetentionPeriod: 1_209_600)
    if let key {
      queue.kmsMasterKeyId = .from(key.arn.value)
    } else {
      queue.sqsManagedSseEnabled = true
    }
    queue.queueName = name.map { Field<String>.from($0) }
    queue.visibilityTimeout = visibilityTimeout.map { .literal($0) }
    if let deadLetters {
      queue.redrivePolicy = .literal([
        "deadLetterTargetArn": deadLetters.queue.arn.value,
        "maxReceiveCount": .int(deadLetters.maxReceiveCount),
      ])
    }
    resource = CfnResource(detached: LogicalID.defaultChild, queue, file: file, line: line)
    resource.deletionPolicy = .delete
    resource.updateReplacePolicy = .delete
    super.init(scope, id, file: file, line: line)
    adopt(resource)
    if let deadLetters, !(1...1_000).contains(deadLetters.maxReceiveCount) {
      stack.report(
        .error,
        "queue \(resource.logicalID) needs a maxReceiveCount between 1 and 1000, got \(deadLetters.maxReceiveCount)",
        at: location)
    }
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
    key?.grant(.encryptDecrypt, to: role, file: file, line: line)
  }

  /// Grants exactly what a consumer calls: receiving, deleting, and changing the visibility of
  /// messages (heartbeats, backoff, returning a message), on this queue.
  public func grantConsume(to role: Role, file: String = #fileID, line: Int = #line) {
    role.allow(
      ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"], on: [arn],
      file: file, line: line)
    key?.grant(.decrypt, to: role, file: file, line: line)
  }

  /// Lets an AWS service send messages on behalf of one resource (`aws:SourceArn`), through the
  /// queue's resource policy.
  public func allow(service: String, sourceArn: Value) {
    senders.append((service, sourceArn))
    if service == "events.amazonaws.com" { key?.allowEventRules() }
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
