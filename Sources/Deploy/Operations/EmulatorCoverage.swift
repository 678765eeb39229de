import AWSClient
import CloudFormation
import Foundation

/// The template's resources that a deployed stack does not hold: the local emulator silently
/// skips types it does not implement, and a deploy must say so rather than hide it.
public enum EmulatorCoverage {
  /// Resources of `template` missing from `deployed`, as (logical id, type), in template order.
  public static func missing(template: Template, deployed: [StackResourceSummary])
    -> [(logicalID: String, type: String)]
  {
    let present = Set(deployed.map(\.logicalResourceID))
    return template.resources.compactMap { entry in
      present.contains(entry.key) ? nil : (entry.key, entry.value.type)
    }
  }

  /// One line per missing type: `AWS::CloudWatch::Alarm ×11: DetectErrorsAlarm, ...`.
  public static func summary(_ missing: [(logicalID: String, type: String)]) -> [String] {
    var order: [String] = []
    var byType: [String: [String]] = [:]
    for item in missing {
      if byType[item.type] == nil { order.append(item.type) }
      byType[item.type, default: []].append(item.logicalID)
    }
    return order.sorted().map { type in
      let ids = byType[type] ?? []
      return "\(type) ×\(ids.count): \(ids.joined(separator: ", "))"
    }
  }

  /// Types whose updates moto 5.2 accepts but does not apply.
  public static let updatesIgnored: Set<String> = ["AWS::DynamoDB::Table", "AWS::Logs::LogGroup"]

  /// The modified resources of `report` whose update the emulator ignores, by logical id.
  public static func ignoredUpdates(_ report: ChangeSetReport) -> [String] {
    report.rows.filter { $0.action == "Modify" && updatesIgnored.contains($0.type) }.map(
      \.logicalID)
  }
}
