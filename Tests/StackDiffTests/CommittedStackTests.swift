import CloudFormation
import Foundation
import Testing

@testable import StackDiff

/// The repository's committed `templates/<env>/FaceRecognition.yaml`.
private func committed(_ environment: String) throws -> Template {
  let root = fixturesFolder.deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  let path = "templates/\(environment)/FaceRecognition.yaml"
  return try TemplateReader.read(
    Array(try Data(contentsOf: root.appendingPathComponent(path))), file: path)
}

/// The properties in which environments may differ: sizes, thresholds, retention, protection,
/// names and tags. Anything else differing between dev and prod is a finding.
private let sizingAndNaming: Set<String> = [
  "BucketName", "DeletionProtectionEnabled", "Environment", "LifecycleConfiguration", "MemorySize",
  "ReservedConcurrentExecutions", "RetentionInDays", "Tags", "Timeout", "MaxSize", "MinSize",
  "DesiredCapacity", "Threshold", "TargetValue", "InstanceType", "LaunchTemplateData",
]

@Test func devAndProdDifferOnlyInSizingAndNaming() throws {
  let report = TemplateDiffer(
    options: .init(normalizedNames: NamePrefixes(from: "facestack-dev", to: "facestack-prod"))
  )
  .diff(from: try committed("dev"), to: try committed("prod"), fromLabel: "dev", toLabel: "prod")
  #expect(
    report.resources.allSatisfy { $0.status == .modified }, "environments have the same resources")
  #expect(report.iamStatements.isEmpty, "environments grant the same access")
  #expect(report.parameters.isEmpty && report.outputs.isEmpty && report.conditions.isEmpty)
  for change in report.resources {
    for property in change.changes {
      guard case .key(let name)? = property.path.components.dropFirst().first else { continue }
      #expect(
        sizingAndNaming.contains(name),
        "\(change.logicalID) \(property.path) differs between dev and prod")
    }
    // Only a name that embeds the account (the bucket) may force a replacement.
    if change.impact == .willReplace {
      #expect(
        change.replacementCauses.map(\.description) == ["Properties.BucketName"],
        "\(change.logicalID)")
    }
  }
  #expect(report.hasChanges)
}
