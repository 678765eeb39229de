import CloudFormation
import IAM
import ResourceTypes

/// A DynamoDB table with secure defaults: on-demand billing, point-in-time recovery, encryption
/// with an AWS managed key (or a customer-managed key, whose use through DynamoDB each grant
/// adds to the role), deletion protection where the environment asks, retained.
///
/// ```swift
/// let results = Table(stack, "Results", options: .init(
///   name: "FaceRecognitionResults", partitionKey: .init("image_id", .string), sortKey: .init("face_key", .string)))
/// results.addIndex("by-person", partitionKey: .init("person_id", .string), sortKey: .init("timestamp", .string))
/// results.grant([.batchWriteItem], to: store.role)
/// ```
public final class Table: Construct {
  /// A key attribute: a name and a scalar type.
  public struct Key: Hashable, Sendable {
    /// The attribute's name.
    public var name: String
    /// The attribute's type.
    public var type: AttributeType
    /// A key.
    public init(_ name: String, _ type: AttributeType) {
      self.name = name
      self.type = type
    }
  }

  /// DynamoDB's key attribute types.
  public enum AttributeType: String, Sendable {
    case string = "S"
    case number = "N"
    case binary = "B"
  }

  /// What can be changed; the defaults are the secure choice.
  public struct Options: Sendable {
    /// The table's name; `nil` lets CloudFormation choose one.
    public var name: Value?
    /// The partition key.
    public var partitionKey: Key
    /// The sort key.
    public var sortKey: Key?
    /// Point-in-time recovery (35 days of continuous backups).
    public var pointInTimeRecovery = true
    /// Refuse `DeleteTable` until turned off.
    public var deletionProtection = false
    /// The attribute holding an expiry time in epoch seconds.
    public var timeToLiveAttribute: String?
    /// Keep the table when the stack deletes or replaces it.
    public var retain = true

    /// Options for a table with these keys.
    public init(name: Value? = nil, partitionKey: Key, sortKey: Key? = nil) {
      self.name = name
      self.partitionKey = partitionKey
      self.sortKey = sortKey
    }
  }

  /// Item and query actions a grant can give.
  public enum Action: String, Sendable, CaseIterable {
    case getItem = "dynamodb:GetItem"
    case batchGetItem = "dynamodb:BatchGetItem"
    case query = "dynamodb:Query"
    case scan = "dynamodb:Scan"
    case putItem = "dynamodb:PutItem"
    case updateItem = "dynamodb:UpdateItem"
    case deleteItem = "dynamodb:DeleteItem"
    case batchWriteItem = "dynamodb:BatchWriteItem"
    case conditionCheckItem = "dynamodb:ConditionCheckItem"
  }

  /// The `AWS::DynamoDB::Table` resource.
  public let resource: CfnResource
  /// The options it was built with.
  public let options: Options
  /// The customer-managed key encrypting the table, when set (instead of an AWS owned key).
  public let key: EncryptionKey?
  /// The global secondary indexes' names.
  public var indexNames: [String] { indexes.map(\.name) }

  /// A table, encrypted with `key` when given.
  public init(
    _ scope: Construct, _ id: String, options: Options, key: EncryptionKey? = nil,
    file: String = #fileID, line: Int = #line
  ) {
    self.options = options
    self.key = key
    var table = DynamoDBTable(
      billingMode: "PAY_PER_REQUEST",
      deletionProtectionEnabled: .literal(options.deletionProtection),
      keySchema: .literal(Table.keySchema(options.partitionKey, options.sortKey)),
      sseSpecification: .literal(
        DynamoDBTable.SSESpecification(
          kmsMasterKeyId: key.map { .from($0.arn.value) }, sseEnabled: true,
          sseType: key == nil ? nil : "KMS")))
    table.tableName = options.name.map { Field<String>.from($0) }
    if options.pointInTimeRecovery {
      table.pointInTimeRecoverySpecification = .literal(
        DynamoDBTable.PointInTimeRecoverySpecification(pointInTimeRecoveryEnabled: true))
    }
    if let ttl = options.timeToLiveAttribute {
      table.timeToLiveSpecification = .literal(
        DynamoDBTable.TimeToLiveSpecification(attributeName: .literal(ttl), enabled: true))
    }
    resource = CfnResource(detached: LogicalID.defaultChild, table, file: file, line: line)
    if options.retain { resource.retain() }
    super.init(scope, id, file: file, line: line)
    adopt(resource)
    resource.finisher = self
  }

  static func keySchema(_ partition: Key, _ sort: Key?) -> [Field<DynamoDBTable.KeySchema>] {
    [.literal(DynamoDBTable.KeySchema(attributeName: .literal(partition.name), keyType: "HASH"))]
      + (sort.map {
        [.literal(DynamoDBTable.KeySchema(attributeName: .literal($0.name), keyType: "RANGE"))]
      } ?? [])
  }

  static func definitions(_ keys: [Key]) -> [Field<DynamoDBTable.AttributeDefinition>] {
    var seen = Set<String>()
    return keys.filter { seen.insert($0.name).inserted }.sorted { $0.name < $1.name }.map {
      .literal(
        DynamoDBTable.AttributeDefinition(
          attributeName: .literal($0.name),
          attributeType: .literal(.init(rawValue: $0.type.rawValue))))
    }
  }

  /// A global secondary index.
  struct Index {
    var name: String
    var partitionKey: Key
    var sortKey: Key?
  }
  private var indexes: [Index] = []

  /// Adds a global secondary index projecting every attribute.
  public func addIndex(_ name: String, partitionKey: Key, sortKey: Key? = nil) {
    indexes.append(Index(name: name, partitionKey: partitionKey, sortKey: sortKey))
  }

  /// The table's name (`Ref`).
  public var name: Value { resource.ref }
  /// The table's ARN.
  public var arn: ARN { ARN(resource.getAtt("Arn"), resourceType: DynamoDBTable.typeName) }
  /// The ARN of the table's indexes.
  public var indexesARN: ARN {
    ARN(
      .sub("${\(resource.logicalID).Arn}/index/*"), resourceType: DynamoDBTable.typeName,
      subresource: "index")
  }

  /// Grants item actions on the table, and on its indexes when `indexes` is set (for `Query`).
  public func grant(
    _ actions: [Action], indexes: Bool = false, to role: Role, file: String = #fileID,
    line: Int = #line
  ) {
    var resources = [arn]
    if indexes { resources.append(indexesARN) }
    role.allow(actions.map(\.rawValue), on: resources, file: file, line: line)
    key?.grant(.dynamoDB, to: role, file: file, line: line)
  }

  /// The ARN of the global secondary index `name`.
  public func indexARN(_ name: String) -> ARN {
    ARN(
      .sub("${\(resource.logicalID).Arn}/index/\(name)"), resourceType: DynamoDBTable.typeName,
      subresource: "index")
  }

  /// Grants actions (a `Query`) on one global secondary index only, not on the table's items:
  /// a reader of an index gets exactly that index.
  ///
  /// ```swift
  /// results.grant([.query], index: "processed-time-index", to: service.role)
  /// ```
  public func grant(
    _ actions: [Action], index: String, to role: Role, file: String = #fileID, line: Int = #line
  ) {
    precondition(
      indexNames.contains(index),
      "the table \(id) has no index \(index) (addIndex it before granting on it)")
    role.allow(actions.map(\.rawValue), on: [indexARN(index)], file: file, line: line)
  }

  /// Grants writing items (`PutItem`, `BatchWriteItem`).
  public func grantWriteData(to role: Role, file: String = #fileID, line: Int = #line) {
    grant([.putItem, .batchWriteItem], to: role, file: file, line: line)
  }
}

extension Table: ResourceFinishing {
  func finish(_ properties: any ResourceProperties, context: LoweringContext)
    -> any ResourceProperties
  {
    let keys =
      [options.partitionKey, options.sortKey].compactMap { $0 }
      + indexes.flatMap { [$0.partitionKey, $0.sortKey].compactMap { $0 } }
    let indexes = self.indexes
    return amend(properties, as: DynamoDBTable.self) { table in
      table.attributeDefinitions = .literal(Table.definitions(keys))
      guard !indexes.isEmpty else { return }
      table.globalSecondaryIndexes = .literal(
        indexes.map { index in
          let schema =
            [
              DynamoDBTable.GlobalSecondaryIndex.KeySchema(
                attributeName: .literal(index.partitionKey.name), keyType: "HASH")
            ]
            + (index.sortKey.map {
              [
                DynamoDBTable.GlobalSecondaryIndex.KeySchema(
                  attributeName: .literal($0.name), keyType: "RANGE")
              ]
            } ?? [])
          return .literal(
            DynamoDBTable.GlobalSecondaryIndex(
              indexName: .literal(index.name), keySchema: .literal(schema.map { .literal($0) }),
              projection: .literal(DynamoDBTable.Projection(projectionType: "ALL"))))
        })
    }
  }
}
