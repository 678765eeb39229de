import AWSClient
import Foundation

@testable import Deploy

/// A scripted CloudFormation: one stack, change sets that complete after a number of polls,
/// execution that appends events in pages, and a log of every call, for the deploy state
/// machine's tests.
actor FakeCloudFormation {
  var stack: Stack?
  var calls: [String] = []
  var createdInputs: [CreateChangeSetInput] = []
  var changeSetStatuses: [ChangeSetStatus] = [.createPending, .createComplete]
  var changeSetReason: String?
  var changes: [ResourceChange] = []
  /// Events, newest first, as DescribeStackEvents answers.
  var events: [StackEvent] = []
  var pageSize = 2
  /// What execution does: the final stack status and the resource events (oldest first).
  var executionStatus: StackStatus = .createComplete
  var executionEvents: [(String, String, String?)] = []
  var stackPolicy: String?
  /// How many more `SetStackPolicy` calls succeed; nil: all of them.
  var policySetsLeft: Int?
  /// What GetTemplate answers for the deployed stack.
  var deployedTemplate = """
    Resources:
      Images:
        Type: AWS::S3::Bucket
        DeletionPolicy: Retain
      Detect:
        Type: AWS::Lambda::Function
    """
  var terminationProtection = false

  init(stack: Stack? = nil) { self.stack = stack }

  func set(_ body: @Sendable (isolated FakeCloudFormation) -> Void) { body(self) }

  func record(_ call: String) { calls.append(call) }

  func event(_ logicalID: String, _ status: String, _ reason: String? = nil, type: String)
    -> StackEvent
  {
    StackEvent(
      eventID: "e\(events.count + 1)", stackID: "arn:stack", stackName: "facestack-test",
      logicalResourceID: logicalID, resourceType: type, timestamp: Date(timeIntervalSince1970: 0),
      resourceStatus: status, resourceStatusReason: reason)
  }

  /// Stacks other than the one under test, by name (the bootstrap stack).
  var otherStacks: [String: Stack] = [:]

  func describeStacks(_ name: String?) throws -> [Stack] {
    record("DescribeStacks")
    if let name, let other = otherStacks[name] { return [other] }
    guard let stack else {
      throw AWSServiceError(
        service: "cloudformation", operation: "DescribeStacks", code: "ValidationError",
        message: "Stack with id \(name ?? "") does not exist", requestID: nil, statusCode: 400)
    }
    return [stack]
  }

  func createChangeSet(_ input: CreateChangeSetInput) -> CreateChangeSetOutput {
    record("CreateChangeSet \(input.changeSetType.rawValue)")
    createdInputs.append(input)
    if stack == nil {
      stack = Stack(stackID: "arn:stack", stackName: input.stackName, status: .reviewInProgress)
      events.insert(event("facestack-test", "REVIEW_IN_PROGRESS", type: stackType), at: 0)
    }
    return CreateChangeSetOutput(changeSetID: "arn:changeset", stackID: "arn:stack")
  }

  func describeChangeSet(_ token: String?) -> ChangeSetDescription {
    record("DescribeChangeSet")
    let status =
      changeSetStatuses.count > 1 ? changeSetStatuses.removeFirst() : changeSetStatuses[0]
    return ChangeSetDescription(
      changeSetID: "arn:changeset", changeSetName: "cs", stackID: "arn:stack",
      stackName: "facestack-test", status: status, statusReason: changeSetReason,
      changes: status.isPending ? [] : changes)
  }

  func setPolicy(_ body: String) throws {
    record("SetStackPolicy")
    if let left = policySetsLeft {
      guard left > 0 else {
        throw AWSServiceError(
          service: "cloudformation", operation: "SetStackPolicy", code: "Throttling",
          message: "Rate exceeded", requestID: nil, statusCode: 400)
      }
      policySetsLeft = left - 1
    }
    stackPolicy = body
  }

  /// The stack policy in force when the change set was executed.
  var policyAtExecution: String?

  func execute() {
    record("ExecuteChangeSet")
    policyAtExecution = stackPolicy
    let operation = stack?.status == .reviewInProgress ? "CREATE" : "UPDATE"
    events.insert(event("facestack-test", "\(operation)_IN_PROGRESS", type: stackType), at: 0)
    // As AWS does: a replacement or deletion the stack policy does not allow fails the update.
    let denied = changes.filter { change in
      let action =
        change.action == "Remove"
        ? "Update:Delete"
        : change.replacement == "True" || change.replacement == "Conditional"
          ? "Update:Replace" : "Update:Modify"
      return stackPolicy.map { !Self.allows($0, action, change.logicalResourceID) } ?? false
    }
    if let first = denied.first {
      events.insert(
        event(
          first.logicalResourceID, "UPDATE_FAILED", "Action denied by stack policy",
          type: first.resourceType), at: 0)
      events.insert(event("facestack-test", "UPDATE_ROLLBACK_COMPLETE", type: stackType), at: 0)
      stack?.status = .updateRollbackComplete
      return
    }
    for (id, status, reason) in executionEvents {
      events.insert(event(id, status, reason, type: "AWS::Lambda::Function"), at: 0)
    }
    events.insert(event("facestack-test", executionStatus.rawValue, type: stackType), at: 0)
    stack?.status = executionStatus
  }

  /// A stack policy's answer for one action on one logical id, as AWS documents it: denied
  /// unless some statement allows it, and any matching `Deny` wins. `*` in an action or a
  /// resource matches any run of characters.
  static func allows(_ policy: String, _ action: String, _ logicalID: String) -> Bool {
    guard
      let document = try? JSONSerialization.jsonObject(with: Data(policy.utf8)) as? [String: Any]
    else { return false }
    let statements =
      (document["Statement"] as? [[String: Any]])
      ?? [(document["Statement"] as? [String: Any]) ?? [:]]
    func strings(_ value: Any?) -> [String] {
      (value as? [String]) ?? [(value as? String)].compactMap { $0 }
    }
    func matches(_ pattern: String, _ text: String) -> Bool {
      let regex =
        "^"
        + NSRegularExpression.escapedPattern(for: pattern)
        .replacingOccurrences(of: "\\*", with: ".*") + "$"
      return text.range(of: regex, options: .regularExpression) != nil
    }
    var allowed = false
    for statement in statements {
      let acts = strings(statement["Action"]).contains { matches($0, action) }
      let on = strings(statement["Resource"]).contains {
        matches($0, "LogicalResourceId/" + logicalID)
      }
      guard acts && on else { continue }
      if statement["Effect"] as? String == "Deny" { return false }
      allowed = true
    }
    return allowed
  }

  func eventsPage(_ token: String?) -> StackEventsPage {
    record("DescribeStackEvents \(token ?? "-")")
    let start = token.flatMap(Int.init) ?? 0
    let end = min(events.count, start + pageSize)
    return StackEventsPage(
      events: Array(events[start..<end]), nextToken: end < events.count ? String(end) : nil)
  }

  let stackType = "AWS::CloudFormation::Stack"

  nonisolated var client: CloudFormationClient {
    var client = CloudFormationClient.unimplemented
    client.describeStacks = { name in try await self.describeStacks(name) }
    client.createChangeSet = { input in await self.createChangeSet(input) }
    client.describeChangeSet = { _, _, token in await self.describeChangeSet(token) }
    client.executeChangeSet = { _ in await self.execute() }
    client.deleteChangeSet = { _, _ in await self.record("DeleteChangeSet") }
    client.deleteStack = { _, _ in
      await self.set { fake in
        fake.record("DeleteStack")
        fake.stack = nil
      }
    }
    client.describeStackEvents = { _, token in await self.eventsPage(token) }
    client.getTemplate = { _, _, _ in
      await self.record("GetTemplate")
      return await self.deployedTemplate
    }
    client.setStackPolicy = { _, body in
      try await self.setPolicy(body)
    }
    client.getStackPolicy = { _ in
      await self.record("GetStackPolicy")
      return await self.stackPolicy
    }
    client.updateTerminationProtection = { _, enabled in
      await self.set { fake in
        fake.record("UpdateTerminationProtection \(enabled)")
        fake.stack?.terminationProtection = enabled
      }
    }
    return client
  }
}

/// Collects the messages a deploy reports.
final class MessageLog: @unchecked Sendable {
  private let lock = NSLock()
  private var items: [DeployMessage] = []

  var reporter: DeployReporter {
    DeployReporter { message in
      self.lock.lock()
      self.items.append(message)
      self.lock.unlock()
    }
  }

  var warnings: [String] {
    lock.lock()
    defer { lock.unlock() }
    return items.compactMap { if case .warning(let text) = $0 { return text } else { return nil } }
  }

  var eventIDs: [String] {
    lock.lock()
    defer { lock.unlock() }
    return items.compactMap {
      if case .event(let event, _) = $0 { return event.eventID } else { return nil }
    }
  }
}
