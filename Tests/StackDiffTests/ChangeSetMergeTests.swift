import CloudFormation
import Testing

@testable import StackDiff

@Test func changeSetAnswersReplaceThePrediction() throws {
  // Offline: a KeySchema change replaces the table (the corrected facts), and the custom name
  // blocks the replacement.
  let offline = try pairReport("key-schema")
  #expect(offline.resources.first?.impact == .willReplace)
  #expect(offline.resources.first?.customNameBlock?.certain == true)

  let conditional = offline.merging(changeSet: [
    ChangeSetAnswer(
      logicalID: "Results", resourceType: "AWS::DynamoDB::Table", action: .modify,
      replacement: .conditional, recreatedProperties: ["KeySchema"])
  ])
  #expect(conditional.resources.first?.impact == .mayReplace)
  #expect(conditional.resources.first?.impactSource == .changeSet)
  #expect(conditional.resources.first?.customNameBlock?.certain == false)

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
  #expect(inPlace.resources.first?.customNameBlock == nil)
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
