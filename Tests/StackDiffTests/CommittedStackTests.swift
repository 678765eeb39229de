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

/// What a function may differ in between environments: sizes, concurrency, thresholds passed
/// as environment variables, tags, and prod's customer-managed key (with the checkov checks dev
/// acknowledges instead, in `Metadata`).
private let functionSizing: Set<String> = [
  "Environment", "KmsKeyArn", "MemorySize", "ReservedConcurrentExecutions", "Tags", "Timeout",
  "checkov",
]

@Test func devAndProdDifferOnlyInSizingAndNaming() throws {
  let names = NamePrefixes(from: "facestack-dev", to: "facestack-prod")
  let report = TemplateDiffer(options: .init(normalizedNames: names))
    .diff(from: try committed("dev"), to: try committed("prod"), fromLabel: "dev", toLabel: "prod")
  #expect(report.hasChanges)
  // Once names are folded, the environments grant the same access and open the same ports, but
  // for prod's customer-managed key: its policy, and each role's use of it.
  #expect(!report.iamStatements.isEmpty)
  #expect(
    report.iamStatements.allSatisfy { statement in
      statement.kind == .added && statement.actions.allSatisfy { $0.hasPrefix("kms:") }
    }, "\(report.iamStatements)")
  #expect(report.securityGroupRules.isEmpty)
  #expect(report.parameters.isEmpty && report.outputs.isEmpty && report.conditions.isEmpty)
  // The pipeline's functions differ only in sizing.
  for change in report.resources where change.type == "AWS::Lambda::Function" {
    #expect(change.impact == .update, "\(change.logicalID)")
    for property in change.changes {
      guard case .key(let name)? = property.path.components.dropFirst().first else { continue }
      #expect(functionSizing.contains(name), "\(change.logicalID) \(property.path) differs")
    }
  }
  // Without folding, every resource named after the environment differs.
  let raw = TemplateDiffer().diff(from: try committed("dev"), to: try committed("prod"))
  #expect(raw.summary.replacements > report.summary.replacements)
}
