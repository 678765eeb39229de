import CloudFormation
import ResourceTypes
import Testing

@testable import Constructs

@Suite struct AnalyticsConstructTests {
  func database(_ stack: Stack) -> CatalogDatabase {
    CatalogDatabase(stack, "Database", name: "facestack_test", description: "results")
  }

  @Test func databaseInThisAccount() {
    let stack = testStack()
    let database = database(stack)
    #expect(
      properties(database.resource)
        == [
          "CatalogId": .ref(.accountId),
          "DatabaseInput": ["Description": "results", "Name": "facestack_test"],
        ])
    #expect(stack.diagnostics.isEmpty)
  }

  @Test func databaseNamesAreLowercaseWithUnderscores() {
    let stack = testStack()
    _ = CatalogDatabase(stack, "Database", name: "Facestack-test")
    #expect(
      stack.diagnostics.map(\.message) == [
        "glue database name must be lowercase letters, digits and underscores, got 'Facestack-test'"
      ])
  }

  @Test func externalJSONTableWithOpenXSerDe() {
    let stack = testStack()
    let database = database(stack)
    let table = CatalogTable(
      stack, "Processed",
      options: .init(
        database: database, name: "processed", location: .sub("s3://${Images}/processed/"),
        columns: [.init("image_id", "string"), .init("confidence", "double")]))
    #expect(
      properties(table.resource)
        == [
          "CatalogId": .ref(.accountId), "DatabaseName": .ref("Database"),
          "TableInput": [
            "Name": "processed",
            "Parameters": ["classification": "json", "EXTERNAL": "TRUE"],
            "StorageDescriptor": [
              "Columns": [
                ["Name": "image_id", "Type": "string"], ["Name": "confidence", "Type": "double"],
              ],
              "Compressed": false,
              "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
              "Location": .sub("s3://${Images}/processed/"),
              "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
              "SerdeInfo": [
                "Parameters": ["ignore.malformed.json": "true"],
                "SerializationLibrary": "org.openx.data.jsonserde.JsonSerDe",
              ],
            ],
            "TableType": "EXTERNAL_TABLE",
          ],
        ])
    #expect(table.qualifiedName == #""facestack_test"."processed""#)
  }

  @Test func workGroupEnforcesEncryptedResultsAndAScanLimit() {
    let stack = testStack()
    let workGroup = WorkGroup(
      stack, "WorkGroup",
      options: .init(name: "analytics", resultsLocation: .sub("s3://${Images}/athena-results/")))
    #expect(
      properties(workGroup.resource)
        == [
          "Name": "analytics", "RecursiveDeleteOption": true, "State": "ENABLED",
          "WorkGroupConfiguration": [
            "BytesScannedCutoffPerQuery": 10_000_000_000,
            "EnforceWorkGroupConfiguration": true,
            "EngineVersion": ["SelectedEngineVersion": "AUTO"],
            "PublishCloudWatchMetricsEnabled": true,
            "ResultConfiguration": [
              "EncryptionConfiguration": ["EncryptionOption": "SSE_S3"],
              "OutputLocation": .sub("s3://${Images}/athena-results/"),
            ],
          ],
        ])
  }

  @Test func workGroupOverrides() {
    let stack = testStack()
    var options = WorkGroup.Options(
      name: "analytics", resultsLocation: "s3://results/", description: "ad hoc")
    options.bytesScannedCutoffPerQuery = 1_000_000_000
    options.enforceConfiguration = false
    let workGroup = WorkGroup(stack, "WorkGroup", options: options)
    let lowered = properties(workGroup.resource)
    #expect(lowered["Description"] == "ad hoc")
    #expect(lowered["WorkGroupConfiguration"]?["BytesScannedCutoffPerQuery"] == 1_000_000_000)
    #expect(lowered["WorkGroupConfiguration"]?["EnforceWorkGroupConfiguration"] == false)
  }

  @Test func namedQueryRunsInItsWorkGroupAndDatabase() {
    let stack = testStack()
    let database = database(stack)
    let workGroup = WorkGroup(
      stack, "WorkGroup", options: .init(name: "analytics", resultsLocation: "s3://results/"))
    let query = NamedQuery(
      stack, "Count", name: "count", database: database, workGroup: workGroup,
      sql: "SELECT count(*) FROM processed", description: "rows")
    #expect(
      properties(query.resource)
        == [
          "Database": .ref("Database"), "Description": "rows", "Name": "count",
          "QueryString": "SELECT count(*) FROM processed", "WorkGroup": .ref("WorkGroup"),
        ])
  }
}
