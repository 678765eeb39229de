import CloudFormation
import Testing

@testable import StackDiff

@Test func changeSetAnswersReplaceThePrediction() throws {
  // Offline: KeySchema is conditionally create-only, so the table may be replaced.
  let offline = try pairReport("key-schema")
  #expect(offline.resources.first?.impact == .mayReplace)

  let replaced = offline.merging(changeSet: [
    ChangeSetAnswer(
      logicalID: "Results", resourceType: "AWS::DynamoDB::Table", action: .modify,
      replacement: .true, recreatedProperties: ["KeySchema"])
  ])
  let table = try #require(replaced.resources.first)
  #expect(table.impact == .willReplace)
  #expect(table.impactSource == .changeSet)
  #expect(table.danger?.retained == true)
  #expect(table.changes == offline.resources.first?.changes)
  #expect(replaced.summary.line == "0 to add, 1 to change (1 replacement), 0 to destroy")

  let inPlace = offline.merging(changeSet: [
    ChangeSetAnswer(logicalID: "Results", action: .modify, replacement: .false)
  ])
  #expect(inPlace.resources.first?.impact == .update)
  #expect(inPlace.resources.first?.danger == nil)
  #expect(inPlace.resources.first?.replacementCauses == [])
}

@Test func changeSetOnlyChangesAreAdded() throws {
  let offline = try pairReport("lambda-memory")
  let merged = offline.merging(changeSet: [
    ChangeSetAnswer(logicalID: "DetectFunction", action: .modify, replacement: .false),
    ChangeSetAnswer(
      logicalID: "Secret", resourceType: "AWS::SecretsManager::Secret", action: .dynamic,
      replacement: .conditional),
  ])
  #expect(merged.resources.map(\.logicalID) == ["DetectFunction", "Secret"])
  #expect(merged.resources[1].impact == .mayReplace)
  #expect(merged.resources[1].impactSource == .changeSet)
  #expect(merged.resources[1].hint != nil)
}
