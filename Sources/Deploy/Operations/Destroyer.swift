import AWSClient
import CloudFormation
import Foundation
import StackDiff

/// What `destroy` found and did.
public struct DestroyResult: Sendable {
  /// False when there was no stack to delete.
  public var deleted: Bool
  /// Resources left behind by `DeletionPolicy: Retain`, as "logical id (type): physical id".
  public var retained: [String]
  /// Why some resources could not be deleted although the stack is gone (the emulator).
  public var leftovers: String?
}

extension Deployer {
  /// Deletes `stackName` after `confirm` agrees, follows the deletion, and lists the retained
  /// resources that stay (from the deployed template's `DeletionPolicy`, with their physical
  /// ids). A stack with termination protection is refused with the way to lift it.
  public func destroy(
    stackName: String, confirm: @Sendable (Stack, [String]) async -> Bool
  ) async throws -> DestroyResult {
    let cloudFormation = aws.cloudFormation
    guard let stack = try await cloudFormation.describeStack(named: stackName) else {
      return DestroyResult(deleted: false, retained: [], leftovers: nil)
    }
    if stack.terminationProtection {
      throw DeployError.refused(
        "stack \(stackName) has termination protection on (protectData); turn it off with "
          + "'aws cloudformation update-termination-protection --no-enable-termination-protection "
          + "--stack-name \(stackName)' if you really mean to delete it")
    }
    let retained = try await retainedResources(stack)
    guard await confirm(stack, retained) else {
      throw DeployError.refused("destroy of \(stackName) not confirmed; re-run with --yes")
    }
    let lastEvent = try await EventPoller.newestEventID(
      client: cloudFormation, stackName: stack.stackID)
    let resources = try await cloudFormation.allStackResources(stackName: stack.stackID)
    reporter.step("deleting stack \(stackName) (\(resources.count) resources)")
    do {
      try await cloudFormation.deleteStack(stack.stackID, [])
    } catch let error as AWSServiceError {
      // moto deletes synchronously: when a resource cannot go (a VPC whose endpoint it cannot
      // delete), it answers the error but has already dropped the stack. Say what stays.
      guard try await cloudFormation.describeStack(named: stackName) == nil else { throw error }
      reporter.warning(
        "the stack is gone, but not every resource could be deleted; \(error.description)")
      return DestroyResult(deleted: true, retained: retained, leftovers: error.message)
    }
    let watcher = StackWatcher(
      client: cloudFormation, pollInterval: pollInterval, sleep: sleep, now: now)
    let outcome = try await watcher.watch(
      stackName: stack.stackID, startStatus: stack.status, afterEventID: lastEvent,
      total: resources.count, reporter: reporter)
    guard outcome.status == .deleteComplete else {
      for line in Self.failureRecap(
        stackName: stackName, status: outcome.status, failures: outcome.failures,
        reason: outcome.statusReason)
      {
        reporter.warning(line)
      }
      throw DeployError.aws("destroy of \(stackName) failed: the stack is \(outcome.status)")
    }
    return DestroyResult(deleted: true, retained: retained, leftovers: nil)
  }

  /// The deployed template's retained resources with their physical ids.
  func retainedResources(_ stack: Stack) async throws -> [String] {
    let body = try await aws.cloudFormation.getTemplate(stack.stackID, nil, .original)
    let template: Template
    do {
      template = try TemplateReader.read(body, file: "\(stack.stackName) (deployed)")
    } catch {
      reporter.warning("cannot read the deployed template to list retained resources: \(error)")
      return []
    }
    let physical = Dictionary(
      try await aws.cloudFormation.allStackResources(stackName: stack.stackID).map {
        ($0.logicalResourceID, $0.physicalResourceID ?? "")
      }, uniquingKeysWith: { first, _ in first })
    return StatefulResources.retainedOnDelete(in: template).compactMap { item in
      guard let id = physical[item.logicalID] else { return nil }
      return "\(item.logicalID) (\(item.type))" + (id.isEmpty ? "" : ": \(id)")
    }
  }
}
