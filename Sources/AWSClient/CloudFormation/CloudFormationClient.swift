import Foundation

/// The CloudFormation calls that deploy needs, as a struct of closures: ``live(_:)`` talks to
/// AWS (or the emulator) through a ``SignedRequestSender``; ``unimplemented`` is the base of
/// test doubles, where a test replaces only the closures it expects to be called:
///
/// ```swift
/// var cloudFormation = CloudFormationClient.unimplemented
/// cloudFormation.describeStacks = { _ in [] }            // the stack does not exist yet
/// cloudFormation.createChangeSet = { input in
///   #expect(input.changeSetType == .create)
///   return CreateChangeSetOutput(changeSetID: "arn:cs", stackID: "arn:stack")
/// }
/// ```
///
/// Paging helpers (``describeStack(named:)``, ``describeChangeSetAllPages(_:stackName:)``,
/// ``stackEvents(stackName:since:)``) are built on the closures, so they work with doubles too.
public struct CloudFormationClient: Sendable {
  /// `DescribeStacks` (all pages). A missing named stack is AWS's `ValidationError`; use
  /// ``describeStack(named:)`` to get nil instead.
  public var describeStacks: @Sendable (_ stackName: String?) async throws -> [Stack]
  /// `CreateChangeSet`.
  public var createChangeSet: @Sendable (CreateChangeSetInput) async throws -> CreateChangeSetOutput
  /// One page of `DescribeChangeSet`.
  public var describeChangeSet:
    @Sendable (_ changeSetName: String, _ stackName: String?, _ nextToken: String?) async throws ->
      ChangeSetDescription
  /// `ExecuteChangeSet`.
  public var executeChangeSet: @Sendable (ExecuteChangeSetInput) async throws -> Void
  /// `DeleteChangeSet`.
  public var deleteChangeSet:
    @Sendable (_ changeSetName: String, _ stackName: String?) async throws -> Void
  /// One page of `DescribeStackEvents`, newest first. Once a stack is deleted its name no
  /// longer finds it: pass the stack id (ARN) to follow a delete to its end.
  public var describeStackEvents:
    @Sendable (_ stackName: String, _ nextToken: String?) async throws -> StackEventsPage
  /// `GetTemplate`: the template body as deployed (or of a change set).
  public var getTemplate:
    @Sendable (_ stackName: String, _ changeSetName: String?, _ stage: TemplateStage) async throws
      ->
      String
  /// `DeleteStack`.
  public var deleteStack:
    @Sendable (_ stackName: String, _ retainResources: [String]) async throws -> Void
  /// `UpdateTerminationProtection`.
  public var updateTerminationProtection:
    @Sendable (_ stackName: String, _ enabled: Bool) async throws -> Void
  /// `SetStackPolicy` with a JSON policy body.
  public var setStackPolicy:
    @Sendable (_ stackName: String, _ policyBody: String) async throws -> Void
  /// One page of `ListStackResources`.
  public var listStackResources:
    @Sendable (_ stackName: String, _ nextToken: String?) async throws -> StackResourcesPage
  /// `ValidateTemplate`.
  public var validateTemplate: @Sendable (TemplateSource) async throws -> TemplateValidation
  /// `GetStackPolicy`: the policy body, or nil when the stack has none. Set by ``live(_:)``
  /// (`CloudFormationClient+StackPolicy.swift`); a double that does not set it throws
  /// ``AWSClientError/unimplemented(_:)``.
  public var getStackPolicy: @Sendable (_ stackName: String) async throws -> String? = { _ in
    throw AWSClientError.unimplemented("cloudformation GetStackPolicy")
  }

  /// `DetectStackDrift`: starts a drift detection of every resource; its id. Set by ``live(_:)``
  /// (`CloudFormationClient+Drift.swift`), like the two below.
  public var detectStackDrift: @Sendable (_ stackName: String) async throws -> String = { _ in
    throw AWSClientError.unimplemented("cloudformation DetectStackDrift")
  }
  /// `DescribeStackDriftDetectionStatus` of a detection id.
  public var describeStackDriftDetectionStatus:
    @Sendable (_ detectionID: String) async throws -> StackDriftDetection = { _ in
      throw AWSClientError.unimplemented("cloudformation DescribeStackDriftDetectionStatus")
    }
  /// One page of `DescribeStackResourceDrifts`.
  public var describeStackResourceDrifts:
    @Sendable (_ stackName: String, _ nextToken: String?) async throws -> StackResourceDriftsPage =
      { _, _ in
        throw AWSClientError.unimplemented("cloudformation DescribeStackResourceDrifts")
      }

  /// Creates a client from closures.
  public init(
    describeStacks: @escaping @Sendable (String?) async throws -> [Stack],
    createChangeSet:
      @escaping @Sendable (CreateChangeSetInput) async throws -> CreateChangeSetOutput,
    describeChangeSet:
      @escaping @Sendable (String, String?, String?) async throws ->
      ChangeSetDescription,
    executeChangeSet: @escaping @Sendable (ExecuteChangeSetInput) async throws -> Void,
    deleteChangeSet: @escaping @Sendable (String, String?) async throws -> Void,
    describeStackEvents: @escaping @Sendable (String, String?) async throws -> StackEventsPage,
    getTemplate: @escaping @Sendable (String, String?, TemplateStage) async throws -> String,
    deleteStack: @escaping @Sendable (String, [String]) async throws -> Void,
    updateTerminationProtection: @escaping @Sendable (String, Bool) async throws -> Void,
    setStackPolicy: @escaping @Sendable (String, String) async throws -> Void,
    listStackResources: @escaping @Sendable (String, String?) async throws -> StackResourcesPage,
    validateTemplate: @escaping @Sendable (TemplateSource) async throws -> TemplateValidation
  ) {
    self.describeStacks = describeStacks
    self.createChangeSet = createChangeSet
    self.describeChangeSet = describeChangeSet
    self.executeChangeSet = executeChangeSet
    self.deleteChangeSet = deleteChangeSet
    self.describeStackEvents = describeStackEvents
    self.getTemplate = getTemplate
    self.deleteStack = deleteStack
    self.updateTerminationProtection = updateTerminationProtection
    self.setStackPolicy = setStackPolicy
    self.listStackResources = listStackResources
    self.validateTemplate = validateTemplate
  }
}

extension CloudFormationClient {
  /// The stack named `name`, or nil when it does not exist (AWS answers `ValidationError`
  /// "Stack with id NAME does not exist"). Deleted stacks are not returned by name either.
  public func describeStack(named name: String) async throws -> Stack? {
    do {
      return try await describeStacks(name).first
    } catch let error as AWSServiceError where error.isStackNotFound {
      return nil
    }
  }

  /// Every page of a change set, changes concatenated; the status fields are the last page's.
  public func describeChangeSetAllPages(_ changeSetName: String, stackName: String?) async throws
    -> ChangeSetDescription
  {
    var page = try await describeChangeSet(changeSetName, stackName, nil)
    var changes = page.changes
    var seenTokens: Set<String> = []
    while let token = page.nextToken, seenTokens.insert(token).inserted {
      page = try await describeChangeSet(changeSetName, stackName, token)
      changes += page.changes
    }
    page.changes = changes
    page.nextToken = nil
    return page
  }

  /// The stack's events newer than event `lastSeenEventID` (all of them when nil), oldest first,
  /// reading older pages only until that event is found. Poll with the id of the last event
  /// returned to stream progress without duplicates.
  public func stackEvents(stackName: String, since lastSeenEventID: String?) async throws
    -> [StackEvent]
  {
    var collected: [StackEvent] = []
    var token: String?
    var seenTokens: Set<String> = []
    repeat {
      let page = try await describeStackEvents(stackName, token)
      for event in page.events {
        if event.eventID == lastSeenEventID { return collected.reversed() }
        collected.append(event)
      }
      token = page.nextToken
    } while token.map { seenTokens.insert($0).inserted } ?? false
    return collected.reversed()
  }

  /// Polls `DescribeChangeSet` until the change set is no longer being computed and returns it
  /// with every page of changes. A `FAILED` change set is returned, not thrown: check
  /// ``ChangeSetDescription/isEmpty`` for "no changes" and `statusReason` otherwise.
  ///
  /// - Parameters:
  ///   - pollInterval: seconds between polls.
  ///   - timeout: seconds before giving up with ``AWSClientError/timeout(_:)``.
  ///   - sleep: how to wait; tests pass one that returns at once.
  public func waitForChangeSet(
    _ changeSetName: String, stackName: String?, pollInterval: Double = 2,
    timeout: Double = 600,
    sleep: @Sendable (Double) async throws -> Void = { seconds in
      try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
    }
  ) async throws -> ChangeSetDescription {
    var waited = 0.0
    while true {
      let page = try await describeChangeSet(changeSetName, stackName, nil)
      if !page.status.isPending {
        guard page.nextToken != nil else { return page }
        return try await describeChangeSetAllPages(changeSetName, stackName: stackName)
      }
      guard waited < timeout else {
        throw AWSClientError.timeout(
          "change set \(changeSetName) is still \(page.status) after \(Int(waited)) seconds")
      }
      try await sleep(pollInterval)
      waited += pollInterval
    }
  }

  /// Every resource of the stack, all pages.
  public func allStackResources(stackName: String) async throws -> [StackResourceSummary] {
    var resources: [StackResourceSummary] = []
    var token: String?
    var seenTokens: Set<String> = []
    repeat {
      let page = try await listStackResources(stackName, token)
      resources += page.resources
      token = page.nextToken
    } while token.map { seenTokens.insert($0).inserted } ?? false
    return resources
  }
}
