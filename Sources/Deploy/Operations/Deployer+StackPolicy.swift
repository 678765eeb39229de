import AWSClient
import Foundation

/// The stack policy around an execution: a deploy approved to replace or delete resources the
/// stack policy protects runs under a temporary policy that allows exactly them
/// (``StackPolicyOverride``), and the policy is restored afterwards, also when it fails.
extension Deployer {
  /// The protected resources the deploy replaces or deletes, with the policy that protects
  /// them; nil for a new stack, a stack without a policy, or when none is touched.
  func protectedLosses(_ stack: Stack?, review: DeployReview) async throws
    -> (ids: [String], policy: String)?
  {
    guard let stack, stack.status != .reviewInProgress else { return nil }
    let losing = review.losingLogicalIDs
    guard !losing.isEmpty,
      let policy = try await aws.cloudFormation.getStackPolicy(stack.stackID)
    else { return nil }
    let ids = try StackPolicyOverride.protected(losing, by: policy)
    return ids.isEmpty ? nil : (ids, policy)
  }

  /// Executes the change set; when approved protected resources are replaced or deleted, under
  /// a temporary stack policy that allows exactly them, restored afterwards whatever happens.
  func executeUnderPolicy(
    _ created: CreateChangeSetOutput, deployment: StackDeployment, total: Int,
    protection: (ids: [String], policy: String)?
  ) async throws -> Stack {
    guard let protection else {
      let stack = try await execute(created, deployment: deployment, total: total)
      try await protect(stack, deployment: deployment)
      return stack
    }
    let stackID = created.stackID
    let override = try StackPolicyOverride(previous: protection.policy, allowing: protection.ids)
    try await aws.cloudFormation.setStackPolicy(stackID, override.body)
    reporter.step(
      "stack policy: temporarily allowing replacement and deletion of "
        + override.allowed.joined(separator: ", "))
    let stack: Stack
    do {
      stack = try await execute(created, deployment: deployment, total: total)
    } catch {
      try await restore(override, stackID: stackID, after: error)
      throw error
    }
    do {
      if deployment.protectStatefulResources {
        try await protect(stack, deployment: deployment)
        reporter.step(
          "stack policy restored: it protects the new template's stateful and retained resources")
      } else {
        try await restore(override, stackID: stackID, after: nil)
      }
    } catch {
      try await restore(override, stackID: stackID, after: error)
      throw error
    }
    return stack
  }

  /// Puts the policy from before the deploy back; if that fails, says so in the error, since
  /// the temporary policy is still in place.
  private func restore(_ override: StackPolicyOverride, stackID: String, after failure: Error?)
    async throws
  {
    do {
      try await aws.cloudFormation.setStackPolicy(stackID, override.previousBody)
      reporter.step("stack policy restored")
    } catch {
      throw DeployError.aws(
        "the temporary stack policy allowing \(override.allowed.joined(separator: ", ")) is "
          + "still in place: restoring the previous one failed (\(DeployError.map(error)))"
          + (failure.map { " after \(DeployError.map($0))" } ?? ""))
    }
  }
}
