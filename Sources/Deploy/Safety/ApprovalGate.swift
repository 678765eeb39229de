import Foundation
import StackDiff

/// When a deploy stops for approval (`--require-approval`).
public enum ApprovalPolicy: String, Sendable, CaseIterable {
  /// Never ask.
  case never
  /// Ask when IAM may broaden or a stateful resource is replaced or removed (the default).
  case broadening
  /// Ask for any change.
  case any
}

/// Decides whether a change report needs the user's approval, and says why.
///
/// ```swift
/// let gate = ApprovalGate(policy: .broadening, statefulLogicalIDs: ["Images", "Results"])
/// let reasons = gate.reasons(for: report)   // [] when the deploy may go on unasked
/// ```
public struct ApprovalGate: Sendable, Equatable {
  /// The policy.
  public var policy: ApprovalPolicy
  /// Logical ids of stateful resources in the deployed or new template (retained ones, too).
  public var statefulLogicalIDs: Set<String>

  /// Types whose change can grant access: adding or modifying one may broaden permissions.
  public static let permissionTypes: Set<String> = [
    "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::User",
    "AWS::IAM::Group", "AWS::IAM::InstanceProfile", "AWS::IAM::RolePolicy",
    "AWS::Lambda::Permission", "AWS::S3::BucketPolicy", "AWS::SQS::QueuePolicy",
    "AWS::SNS::TopicPolicy", "AWS::KMS::Key", "AWS::EC2::SecurityGroup",
    "AWS::EC2::SecurityGroupIngress",
  ]

  /// A gate.
  public init(policy: ApprovalPolicy, statefulLogicalIDs: Set<String> = []) {
    self.policy = policy
    self.statefulLogicalIDs = statefulLogicalIDs
  }

  /// Why `report` needs approval under the policy; empty when it does not.
  public func reasons(for report: ChangeSetReport) -> [String] {
    switch policy {
    case .never:
      return []
    case .any:
      return report.isEmpty ? [] : ["--require-approval any: \(report.rows.count) changes"]
    case .broadening:
      return report.rows.compactMap(reason)
    }
  }

  private func reason(_ row: ChangeSetReport.Row) -> String? {
    let stateful =
      statefulLogicalIDs.contains(row.logicalID) || StatefulResources.isStateful(type: row.type)
    if stateful {
      if row.action == "Remove" {
        return "\(row.logicalID) (\(row.type)) is stateful and would be deleted"
      }
      if row.mayBeReplaced {
        return "\(row.logicalID) (\(row.type)) is stateful and would be replaced"
          + " (replacement: \(row.replacement ?? ""))"
      }
      if row.action == "Modify" && row.replacement == nil {
        return "\(row.logicalID) (\(row.type)) is stateful and the change set does not say"
          + " whether it would be replaced"
      }
    }
    if Self.permissionTypes.contains(row.type) && (row.action == "Add" || row.action == "Modify") {
      return "\(row.logicalID) (\(row.type)): permissions may broaden (\(row.action.lowercased()))"
    }
    return nil
  }
}
