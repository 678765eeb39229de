import CloudFormation
import Testing

@testable import StackDiff

/// Every fixture pair `Fixtures/NAME.a.yaml` → `NAME.b.yaml`, with its exact report in
/// `NAME.report.txt` (the terminal renderer without colour).
let fixturePairs = [
  "table-name", "key-schema", "bucket-name", "lambda-memory", "tags-reordered", "iam-reordered",
  "iam-s3-star", "state-machine", "rename", "mixed", "environments",
]

@Test(arguments: fixturePairs)
func fixturePairReport(_ name: String) throws {
  let report = try pairReport(name)
  try expectMatchesReference(TextRenderer().render(report), "\(name).report.txt")
}

@Test func tableNameChangeWillReplaceARetainedTable() throws {
  let report = try pairReport("table-name")
  let table = try #require(report.resources.first)
  #expect(report.resources.count == 1)
  #expect(table.impact == .willReplace)
  #expect(table.replacementCauses.map(\.description) == ["Properties.TableName"])
  #expect(table.danger?.retained == true)
  #expect(table.danger?.policyName == "UpdateReplacePolicy")
  #expect(report.summary.line == "0 to add, 1 to change (1 replacement), 0 to destroy")
}

@Test func keySchemaChangeReplacesAsTheCorrectedFactsSay() throws {
  // The schema says conditionally; ResourceTypes' correction (the AWS::DynamoDB::Table
  // reference) says a KeySchema change replaces the table: one truth for diff and deploy.
  let report = try pairReport("key-schema")
  let table = try #require(report.resources.first)
  #expect(table.impact == .willReplace)
  #expect(table.replacementCauses.map(\.description) == ["Properties.KeySchema"])
  #expect(table.danger != nil)
  #expect(table.customNameBlock?.properties.map(\.description) == ["Properties.TableName"])
  #expect(report.summary.line == "0 to add, 1 to change (1 replacement), 0 to destroy")
}

@Test func bucketNameChangeIsDangerousButRetained() throws {
  let report = try pairReport("bucket-name")
  let bucket = try #require(report.resources.first)
  #expect(bucket.impact == .willReplace)
  #expect(bucket.isStateful)
  #expect(bucket.danger?.retained == true)
  #expect(bucket.changes.map(\.path.description) == ["Properties.BucketName"])
}

@Test func lambdaMemoryChangeUpdatesInPlace() throws {
  let report = try pairReport("lambda-memory")
  let function = try #require(report.resources.first)
  #expect(function.impact == .update)
  #expect(function.danger == nil)
  #expect(
    function.changes == [
      PropertyChange(
        path: PropertyPath([.key("Properties"), .key("MemorySize")]), old: 512, new: 1024,
        replacement: .never)
    ])
  #expect(function.unchangedCount == 8)
}

@Test func reorderedTagsAreNoChange() throws {
  let report = try pairReport("tags-reordered")
  #expect(!report.hasChanges)
}

@Test func reorderedIAMStatementsAreNoChange() throws {
  let report = try pairReport("iam-reordered")
  #expect(!report.hasChanges)
  #expect(report.iamStatements.isEmpty)
}

@Test func newS3WildcardStatementBroadensAccess() throws {
  let report = try pairReport("iam-s3-star")
  #expect(report.broadensAccess)
  let statement = try #require(report.iamStatements.first)
  #expect(report.iamStatements.count == 1)
  #expect(statement.kind == .added)
  #expect(statement.actions == ["s3:*"])
  #expect(statement.resources == ["*"])
  #expect(statement.document == "Policies[PolicyName=detect]")
  #expect(statement.broadens)
  #expect(report.resources.first?.impact == .update)
}

@Test func stateMachineDefinitionIsComparedAsJSON() throws {
  let report = try pairReport("state-machine")
  let machine = try #require(report.resources.first)
  #expect(machine.impact == .update)
  #expect(
    machine.changes.map(\.path.description) == [
      "Properties.DefinitionString(json).States.Detect.Catch",
      "Properties.DefinitionString(json).States.Detect.Retry[0].MaxAttempts",
      "Properties.DefinitionString(json).States.Failed",
    ])
}

@Test func renamedLogicalIDIsAReplacingRename() throws {
  let report = try pairReport("rename")
  let rename = try #require(report.resources.first)
  #expect(report.resources.count == 1)
  #expect(rename.status == .renamed)
  #expect(rename.renamedFrom == "ResultsLogGroup")
  #expect(rename.logicalID == "DetectLogGroup")
  #expect(rename.impact == .willReplace)
  #expect(rename.danger?.retained == false)
  #expect(rename.hint?.contains("keep the old logical ID") == true)
}

@Test func mixedChangesCoverEverySection() throws {
  let report = try pairReport("mixed")
  #expect(report.parameters.map(\.name) == ["AlarmEmail", "DetectMemory"])
  #expect(report.outputs.map(\.name) == ["ImagesBucket"])
  let impacts = Dictionary(uniqueKeysWithValues: report.resources.map { ($0.logicalID, $0.impact) })
  #expect(
    impacts == [
      "Archive": .destroy, "Dashboard": .create, "EnrollPermission": .willReplace,
      "Enrichment": .unknown, "WorkerSecurityGroup": .update,
    ])
  #expect(report.resources.first { $0.logicalID == "Archive" }?.danger?.retained == false)
  let rule = try #require(report.securityGroupRules.first)
  #expect(report.securityGroupRules.count == 1)
  #expect(rule.opensToWorld && rule.ports == "22" && rule.peer == "0.0.0.0/0")
  // Dropping a permission's SourceArn lets any rule invoke the function.
  #expect(report.iamStatements.map(\.kind) == [.removed, .added])
  #expect(report.iamStatements.last?.broadens == true)
}
