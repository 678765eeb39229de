import CloudFormation
import ResourceTypes

/// An external Glue table over JSON Lines objects under an S3 prefix, read with the OpenX JSON
/// SerDe (malformed lines are skipped, not fatal).
///
/// ```swift
/// let processed = CatalogTable(stack, "Processed", options: .init(
///   database: database, name: "processed", location: images.uri(prefix: "processed/"),
///   columns: [.init("image_id", "string"), .init("confidence", "double")]))
/// ```
public final class CatalogTable: Construct {
  /// A column: a name and a Hive type (`string`, `struct<left:double,top:double>`).
  public struct Column: Hashable, Sendable {
    /// The column's name.
    public var name: String
    /// The Hive type.
    public var type: String

    /// A column.
    public init(_ name: String, _ type: String) {
      self.name = name
      self.type = type
    }
  }

  /// What can be changed.
  public struct Options {
    /// The database.
    public var database: CatalogDatabase
    /// The table's name.
    public var name: String
    /// `s3://bucket/prefix/`, usually an `Fn::Sub`.
    public var location: Value
    /// The columns, in the order of the objects.
    public var columns: [Column]
    /// A description.
    public var description: String?
    /// SerDe parameters.
    public var serdeParameters: OrderedMap<Value> = ["ignore.malformed.json": "true"]

    /// Options for a table.
    public init(
      database: CatalogDatabase, name: String, location: Value, columns: [Column],
      description: String? = nil
    ) {
      self.database = database
      self.name = name
      self.location = location
      self.columns = columns
      self.description = description
    }
  }

  /// The OpenX JSON SerDe.
  public static let jsonSerDe = "org.openx.data.jsonserde.JsonSerDe"
  /// Hadoop's text input format.
  public static let textInputFormat = "org.apache.hadoop.mapred.TextInputFormat"
  /// Hive's text output format.
  public static let textOutputFormat = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"

  /// The `AWS::Glue::Table` resource.
  public let resource: CfnResource
  /// The options it was built with.
  public let options: Options

  /// A table.
  public init(
    _ scope: Construct, _ id: String, options: Options, file: String = #fileID, line: Int = #line
  ) {
    self.options = options
    let storage = GlueTable.StorageDescriptor(
      columns: .literal(
        options.columns.map {
          .literal(GlueTable.Column(name: .literal($0.name), type: .literal($0.type)))
        }),
      compressed: false, inputFormat: .literal(Self.textInputFormat),
      location: .from(options.location), outputFormat: .literal(Self.textOutputFormat),
      serdeInfo: .literal(
        GlueTable.SerdeInfo(
          parameters: .literal(.map(options.serdeParameters)),
          serializationLibrary: .literal(Self.jsonSerDe))))
    resource = CfnResource(
      detached: LogicalID.defaultChild,
      GlueTable(
        catalogId: .ref(.accountId), databaseName: .from(options.database.reference),
        tableInput: .literal(
          GlueTable.TableInput(
            description: options.description.map { .literal($0) }, name: .literal(options.name),
            parameters: ["classification": "json", "EXTERNAL": "TRUE"],
            storageDescriptor: .literal(storage), tableType: .literal(.externalTABLE)))),
      file: file, line: line)
    super.init(scope, id, file: file, line: line)
    adopt(resource)
  }

  /// The table's name.
  public var name: String { options.name }
  /// `"database"."table"`, for SQL.
  public var qualifiedName: String { "\"\(options.database.name)\".\"\(options.name)\"" }
}
