/// CloudFormation's answer for one resource in a change set (`DescribeChangeSet`'s
/// `ResourceChange`), which deploy merges into the offline report.
///
/// ```swift
/// let answers = changeSet.changes.map {
///   ChangeSetAnswer(logicalID: $0.logicalResourceId, action: .modify,
///                   replacement: .conditional, recreatedProperties: ["KeySchema"])
/// }
/// let report = offlineReport.merging(changeSet: answers)
/// ```
public struct ChangeSetAnswer: Hashable, Sendable {
  /// `LogicalResourceId`.
  public var logicalID: String
  /// `ResourceType`.
  public var resourceType: String?
  /// `Action`.
  public var action: Action
  /// `Replacement` (for `Modify`).
  public var replacement: Replacement?
  /// The property names whose `Details[].Target.RequiresRecreation` is `Always` or
  /// `Conditionally` (`Target.Attribute == Properties`).
  public var recreatedProperties: [String]

  /// An answer.
  public init(
    logicalID: String, resourceType: String? = nil, action: Action, replacement: Replacement? = nil,
    recreatedProperties: [String] = []
  ) {
    self.logicalID = logicalID
    self.resourceType = resourceType
    self.action = action
    self.replacement = replacement
    self.recreatedProperties = recreatedProperties
  }

  /// `Action` of a change set's resource change.
  public enum Action: String, Hashable, Sendable {
    case add = "Add"
    case modify = "Modify"
    case remove = "Remove"
    case `import` = "Import"
    case dynamic = "Dynamic"
  }

  /// `Replacement` of a change set's resource change.
  public enum Replacement: String, Hashable, Sendable {
    case `true` = "True"
    case `false` = "False"
    case conditional = "Conditional"
  }
}

extension ChangeReport {
  /// The report with CloudFormation's replacement answers in place of the offline predictions
  /// for modified resources: `True` → will replace, `Conditional` → may replace, `False` →
  /// update in place. The property diff, IAM and security-group sections stay as they are; a
  /// resource that CloudFormation modifies but the templates do not show (a dynamic reference,
  /// an asset behind an unchanged key) is added with a hint.
  public func merging(changeSet answers: [ChangeSetAnswer]) -> ChangeReport {
    var report = self
    for answer in answers where answer.action == .modify || answer.action == .dynamic {
      let impact: ResourceImpact
      switch answer.replacement {
      case .true?: impact = .willReplace
      case .conditional?: impact = .mayReplace
      case .false?, nil: impact = .update
      }
      let causes = answer.recreatedProperties.map { PropertyPath([.key("Properties"), .key($0)]) }
      if let index = report.resources.firstIndex(where: {
        $0.logicalID == answer.logicalID && $0.renamedFrom == nil
      }) {
        var change = report.resources[index]
        guard change.status == .modified else { continue }
        change.impact = impact
        change.replacementCauses = impact == .update ? [] : causes
        change.impactSource = .changeSet
        if impact != .unknown, change.hint?.contains("not in the resource facts") == true {
          change.hint = nil
        }
        change.danger = change.assessedDanger
        report.resources[index] = change
      } else {
        var change = ResourceChange(
          logicalID: answer.logicalID, type: answer.resourceType ?? "(unknown type)",
          status: .modified, impact: impact,
          replacementCauses: causes,
          hint:
            "CloudFormation reports a change the templates do not show (a dynamic reference or an asset)",
          impactSource: .changeSet)
        change.danger = change.assessedDanger
        report.resources.append(change)
        report.resources.sort {
          ($0.logicalID, $0.renamedFrom ?? "") < ($1.logicalID, $1.renamedFrom ?? "")
        }
      }
    }
    return report
  }
}
