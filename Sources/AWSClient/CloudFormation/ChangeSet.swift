import Foundation

/// `CREATE` for a stack that does not exist yet (or is in `REVIEW_IN_PROGRESS`), `UPDATE`
/// otherwise, `IMPORT` to adopt resources. Always sent: moto defaults to `CREATE`.
public enum ChangeSetType: String, Sendable, Equatable, Codable {
  case create = "CREATE"
  case update = "UPDATE"
  case `import` = "IMPORT"

  /// `CREATE` when the stack does not exist or has never been executed (`REVIEW_IN_PROGRESS`,
  /// left by an earlier `CREATE` change set), `UPDATE` otherwise. A stack in
  /// `ROLLBACK_COMPLETE` gets `UPDATE`, which AWS refuses: the caller should explain that the
  /// stack must be deleted first.
  public static func forStack(_ stack: Stack?) -> ChangeSetType {
    guard let stack, stack.status != .reviewInProgress else { return .create }
    return .update
  }
}

/// The arguments of `CreateChangeSet`.
public struct CreateChangeSetInput: Sendable, Equatable {
  /// The stack.
  public var stackName: String
  /// A name unique in the stack (`facestack-20261129T050000`).
  public var changeSetName: String
  /// Create or update.
  public var changeSetType: ChangeSetType
  /// The template.
  public var template: TemplateSource
  /// Parameters.
  public var parameters: [StackParameter]
  /// Capabilities acknowledged (`CAPABILITY_IAM`, `CAPABILITY_NAMED_IAM`).
  public var capabilities: [Capability]
  /// Stack tags.
  public var tags: [Tag]
  /// A description shown in the console.
  public var description: String?
  /// A service role CloudFormation assumes.
  public var roleARN: String?
  /// An idempotency token.
  public var clientToken: String?

  /// Creates the arguments.
  public init(
    stackName: String, changeSetName: String, changeSetType: ChangeSetType,
    template: TemplateSource, parameters: [StackParameter] = [], capabilities: [Capability] = [],
    tags: [Tag] = [], description: String? = nil, roleARN: String? = nil,
    clientToken: String? = nil
  ) {
    self.stackName = stackName
    self.changeSetName = changeSetName
    self.changeSetType = changeSetType
    self.template = template
    self.parameters = parameters
    self.capabilities = capabilities
    self.tags = tags
    self.description = description
    self.roleARN = roleARN
    self.clientToken = clientToken
  }
}

/// The arguments of `ExecuteChangeSet`.
public struct ExecuteChangeSetInput: Sendable, Equatable {
  /// The change set's name or ARN.
  public var changeSetName: String
  /// The stack, needed when `changeSetName` is a name rather than an ARN.
  public var stackName: String?
  /// Keep the resources created so far when the execution fails.
  public var disableRollback: Bool
  /// A token that CloudFormation copies into every event this execution causes
  /// (``StackEvent/clientRequestToken``), so progress can show only this deploy's events.
  public var clientRequestToken: String?

  /// Creates the arguments.
  public init(
    changeSetName: String, stackName: String? = nil, disableRollback: Bool = false,
    clientRequestToken: String? = nil
  ) {
    self.changeSetName = changeSetName
    self.stackName = stackName
    self.disableRollback = disableRollback
    self.clientRequestToken = clientRequestToken
  }
}

/// What `CreateChangeSet` answers.
public struct CreateChangeSetOutput: Sendable, Equatable {
  /// The change set's ARN.
  public var changeSetID: String
  /// The stack's ARN.
  public var stackID: String

  /// Creates the answer.
  public init(changeSetID: String, stackID: String) {
    self.changeSetID = changeSetID
    self.stackID = stackID
  }
}

/// One page of `DescribeChangeSet`: status and the resource changes.
public struct ChangeSetDescription: Sendable, Equatable {
  /// The change set's ARN.
  public var changeSetID: String
  /// The change set's name.
  public var changeSetName: String
  /// The stack's ARN.
  public var stackID: String
  /// The stack's name.
  public var stackName: String
  /// `CREATE_PENDING` ... `CREATE_COMPLETE` or `FAILED`.
  public var status: ChangeSetStatus
  /// Why it failed; for an empty change set AWS says "The submitted information didn't contain
  /// changes..." (see ``isEmpty``).
  public var statusReason: String?
  /// Whether it can be executed.
  public var executionStatus: ExecutionStatus?
  /// When it was created.
  public var creationTime: Date?
  /// Parameters of the change set.
  public var parameters: [StackParameter]
  /// Capabilities acknowledged.
  public var capabilities: [Capability]
  /// The resource changes of this page.
  public var changes: [ResourceChange]
  /// The token of the next page, nil on the last.
  public var nextToken: String?

  /// Creates a description.
  public init(
    changeSetID: String, changeSetName: String, stackID: String, stackName: String,
    status: ChangeSetStatus, statusReason: String? = nil, executionStatus: ExecutionStatus? = nil,
    creationTime: Date? = nil, parameters: [StackParameter] = [], capabilities: [Capability] = [],
    changes: [ResourceChange] = [], nextToken: String? = nil
  ) {
    self.changeSetID = changeSetID
    self.changeSetName = changeSetName
    self.stackID = stackID
    self.stackName = stackName
    self.status = status
    self.statusReason = statusReason
    self.executionStatus = executionStatus
    self.creationTime = creationTime
    self.parameters = parameters
    self.capabilities = capabilities
    self.changes = changes
    self.nextToken = nextToken
  }

  /// True for a change set that failed only because there was nothing to change (AWS's
  /// "didn't contain changes" and "No updates are to be performed" reasons).
  public var isEmpty: Bool {
    guard status == .failed, let reason = statusReason else { return false }
    return reason.contains("didn't contain changes")
      || reason.contains("No updates are to be performed")
  }
}
