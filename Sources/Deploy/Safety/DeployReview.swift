import AWSClient
import CloudFormation
import Foundation
import StackDiff

/// What a deploy will do, for people and for the approval gate: StackDiff's report of the
/// deployed template against the new one, with CloudFormation's own replacement answers merged
/// in, and the change set's resource list.
///
/// ```swift
/// let review = DeployReview(deployed: deployedTemplate, new: synthesized, changeSet: changes)
/// let reasons = review.reasons(policy: .broadening)   // broadened IAM, stateful replacements
/// ```
public struct DeployReview: Sendable {
  /// The template report; nil when the deployed template could not be read (the change set's
  /// list then stands alone).
  public var diff: StackDiff.ChangeReport?
  /// The change set's resource changes.
  public var changeSet: ChangeSetReport

  /// A review from its parts.
  public init(diff: StackDiff.ChangeReport?, changeSet: ChangeSetReport) {
    self.diff = diff
    self.changeSet = changeSet
  }

  /// Diffs `deployed` (an empty template for a new stack) against `new` and merges the change
  /// set's replacement answers. A `Modify` without an answer (the emulator never gives one)
  /// keeps the prediction from the resource facts rather than becoming "update in place".
  public init(deployed: Template?, new: Template, changes: [ChangeSetResourceChange]) {
    changeSet = ChangeSetReport(changes: changes)
    guard let deployed else {
      diff = nil
      return
    }
    let answers = changes.compactMap { change -> ChangeSetAnswer? in
      guard let action = ChangeSetAnswer.Action(rawValue: change.action) else { return nil }
      if action == .modify && change.replacement == nil { return nil }
      return ChangeSetAnswer(
        logicalID: change.logicalResourceID, resourceType: change.resourceType, action: action,
        replacement: change.replacement.flatMap(ChangeSetAnswer.Replacement.init(rawValue:)),
        recreatedProperties: change.details.compactMap { detail in
          detail.requiresRecreation == "Always" || detail.requiresRecreation == "Conditionally"
            ? detail.name : nil
        })
    }
    diff = TemplateDiffer().diff(from: deployed, to: new, fromLabel: "deployed", toLabel: "new")
      .merging(changeSet: answers)
  }

  /// The logical ids (in the deployed template) that the deploy replaces, may replace or
  /// deletes: from the change set's answers (`Remove`, `Replacement: True` or `Conditional`) and
  /// the template diff's (a removed or renamed logical id, a predicted replacement, which is all
  /// there is when the change set gives no answer, as on the emulator). Sorted.
  public var losingLogicalIDs: [String] {
    var ids: Set<String> = []
    for row in changeSet.rows where row.action == "Remove" || row.mayBeReplaced {
      ids.insert(row.logicalID)
    }
    for change in diff?.resources ?? [] {
      switch change.status {
      case .removed: ids.insert(change.logicalID)
      case .renamed: ids.insert(change.renamedFrom ?? change.logicalID)
      case .modified where change.impact.losesResource: ids.insert(change.logicalID)
      case .added, .modified: break
      }
    }
    return ids.sorted()
  }

  /// The replacements that cannot succeed: a resource that keeps its custom name (see
  /// `StackDiff.CustomNameBlock`) and is certainly replaced. One line each.
  public var blockedReplacements: [String] {
    (diff?.resources ?? []).compactMap { change in
      guard let block = change.customNameBlock, block.certain else { return nil }
      return "\(change.logicalID) (\(change.type)) \(block.message)"
    }
  }

  /// Why the deploy needs approval under `policy`; empty when it may go on unasked.
  public func reasons(policy: ApprovalPolicy) -> [String] {
    switch policy {
    case .never:
      return []
    case .any:
      return changeSet.isEmpty ? [] : ["--require-approval any: \(changeSet.rows.count) changes"]
    case .broadening:
      guard let diff else {
        return ApprovalGate(policy: .broadening).reasons(for: changeSet)
      }
      var reasons: [String] = []
      var broadened: [String: Int] = [:]
      for statement in diff.iamStatements where statement.broadens {
        broadened[statement.resource, default: 0] += 1
      }
      for (resource, count) in broadened.sorted(by: { $0.key < $1.key }) {
        reasons.append(
          "IAM broadens: \(resource), \(count) statement\(count == 1 ? "" : "s") (listed above)")
      }
      for rule in diff.securityGroupRules where rule.broadens {
        reasons.append(
          "access broadens: \(rule.resource) \(rule.direction) \(rule.ipProtocol) \(rule.ports) "
            + "\(rule.peer)")
      }
      for change in diff.dangerousChanges {
        reasons.append(
          "\(change.logicalID) (\(change.type)): \(change.danger?.message ?? "stateful change")")
      }
      return reasons
    }
  }
}
