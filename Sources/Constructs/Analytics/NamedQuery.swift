import CloudFormation
import ResourceTypes

/// A saved Athena query in a workgroup, run against a Glue database.
///
/// ```swift
/// NamedQuery(stack, "FacesPerDay", name: "faces per day", database: database,
///            workGroup: workGroup, sql: "SELECT ...", description: "faces detected per day")
/// ```
public final class NamedQuery: Construct {
  /// The `AWS::Athena::NamedQuery` resource.
  public let resource: CfnResource
  /// The SQL.
  public let sql: String

  /// A named query.
  public init(
    _ scope: Construct, _ id: String, name: String, database: CatalogDatabase,
    workGroup: WorkGroup, sql: String, description: String, file: String = #fileID,
    line: Int = #line
  ) {
    self.sql = sql
    resource = CfnResource(
      detached: LogicalID.defaultChild,
      AthenaNamedQuery(
        database: .from(database.reference), description: .literal(description),
        name: .literal(name), queryString: .literal(sql), workGroup: .from(workGroup.reference)),
      file: file, line: line)
    super.init(scope, id, file: file, line: line)
    adopt(resource)
  }
}
