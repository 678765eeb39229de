import CloudFormation
import ResourceTypes

/// A Glue Data Catalog database in this account, holding the tables Athena queries.
///
/// ```swift
/// let database = CatalogDatabase(stack, "Database", name: "facestack_dev")
/// ```
///
/// Glue and Athena fold names to lowercase and Athena dislikes dashes, so the name must be
/// lowercase letters, digits and underscores.
public final class CatalogDatabase: Construct {
  /// The `AWS::Glue::Database` resource.
  public let resource: CfnResource
  /// The database's name.
  public let name: String

  /// A database named `name`.
  public init(
    _ scope: Construct, _ id: String, name: String, description: String? = nil,
    file: String = #fileID, line: Int = #line
  ) {
    self.name = name
    resource = CfnResource(
      detached: LogicalID.defaultChild,
      GlueDatabase(
        catalogId: .ref(.accountId),
        databaseInput: .literal(
          GlueDatabase.DatabaseInput(
            description: description.map { .literal($0) }, name: .literal(name)))),
      file: file, line: line)
    super.init(scope, id, file: file, line: line)
    adopt(resource)
    if name.contains(where: { !($0.isLowercase || $0.isNumber || $0 == "_") || !$0.isASCII }) {
      stack.report(
        .error,
        "glue database name must be lowercase letters, digits and underscores, got '\(name)'",
        at: location)
    }
  }

  /// The database's name as a reference (`Ref`), which orders dependants after it.
  public var reference: Value { resource.ref }
}
