import AWSClient
import Foundation

/// Checks that a stack can take a change set now, and explains how out of the states where it
/// cannot.
public enum StackPreflight {
  /// Throws ``DeployError/refused(_:)`` with the way out when `stack` cannot be changed now.
  public static func check(_ stack: Stack?, environment: String) throws {
    guard let stack else { return }
    let name = stack.stackName
    switch stack.status {
    case .rollbackComplete, .rollbackFailed, .rollbackInProgress:
      throw DeployError.refused(
        "stack \(name) is \(stack.status): its first creation failed and was rolled back, and "
          + "cloudformation cannot update such a stack; delete it with 'facestack destroy --env "
          + "\(environment)' (retained buckets and tables stay), then deploy again")
    case .updateRollbackFailed:
      throw DeployError.refused(
        "stack \(name) is UPDATE_ROLLBACK_FAILED: a rollback could not restore some resources; "
          + "fix what the stack events name, run 'aws cloudformation continue-update-rollback "
          + "--stack-name \(name)' (with --resources-to-skip for resources that cannot roll "
          + "back), wait for UPDATE_ROLLBACK_COMPLETE, then deploy again")
    case .deleteFailed:
      throw DeployError.refused(
        "stack \(name) is DELETE_FAILED: run 'facestack destroy --env \(environment)' again "
          + "once what blocked the deletion is fixed")
    case .reviewInProgress:
      return
    default:
      if stack.status.isInProgress {
        throw DeployError.refused(
          "stack \(name) is \(stack.status): another operation is running; wait for it to end")
      }
    }
  }
}
