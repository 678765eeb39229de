import Foundation

/// The DynamoDB calls facestack makes to read what the pipeline stored (`local results`, the
/// live view's first page): `Scan` and `Query`, one page at a time, as a struct of closures
/// (see ``CloudFormationClient`` for the pattern).
///
/// ```swift
/// let rows = try await aws.dynamoDB.allItems(table: "facestack-dev-results")
/// let person = rows.first?["matchedPerson"]?.string
/// ```
public struct DynamoDBClient: Sendable {
  /// One page of `Scan`.
  public var scan: @Sendable (ScanInput) async throws -> DynamoDBPage
  /// One page of `Query`.
  public var query: @Sendable (QueryInput) async throws -> DynamoDBPage

  /// Creates a client from closures.
  public init(
    scan: @escaping @Sendable (ScanInput) async throws -> DynamoDBPage,
    query: @escaping @Sendable (QueryInput) async throws -> DynamoDBPage
  ) {
    self.scan = scan
    self.query = query
  }

  /// Every item of `table` (all pages of `Scan`).
  public func allItems(table: String) async throws -> [DynamoDBItem] {
    var items: [DynamoDBItem] = []
    var input = ScanInput(table: table)
    repeat {
      let page = try await scan(input)
      items += page.items
      input.exclusiveStartKey = page.lastEvaluatedKey
    } while input.exclusiveStartKey != nil
    return items
  }

  /// The client that calls DynamoDB's JSON API through `sender`.
  public static func live(_ sender: SignedRequestSender) -> DynamoDBClient {
    DynamoDBClient(
      scan: { input in
        var body: [String: any Sendable] = ["TableName": input.table]
        if let limit = input.limit { body["Limit"] = limit }
        if let key = input.exclusiveStartKey { body["ExclusiveStartKey"] = DynamoDBValue.wire(key) }
        return try DynamoDBPage(
          try await sender.json(.dynamoDB, operation: "Scan", body: body), operation: "Scan")
      },
      query: { input in
        var body: [String: any Sendable] = [
          "TableName": input.table, "KeyConditionExpression": input.keyCondition,
          "ExpressionAttributeValues": DynamoDBValue.wire(input.values),
          "ScanIndexForward": input.ascending,
        ]
        if let index = input.index { body["IndexName"] = index }
        if !input.names.isEmpty { body["ExpressionAttributeNames"] = input.names }
        if let limit = input.limit { body["Limit"] = limit }
        if let key = input.exclusiveStartKey { body["ExclusiveStartKey"] = DynamoDBValue.wire(key) }
        return try DynamoDBPage(
          try await sender.json(.dynamoDB, operation: "Query", body: body), operation: "Query")
      })
  }

  /// Every call throws ``AWSClientError/unimplemented(_:)``.
  public static var unimplemented: DynamoDBClient {
    DynamoDBClient(
      scan: { _ in throw AWSClientError.unimplemented("dynamodb Scan") },
      query: { _ in throw AWSClientError.unimplemented("dynamodb Query") })
  }
}

/// One item: attribute names to values.
public typealias DynamoDBItem = [String: DynamoDBValue]

/// `Scan`'s parameters.
public struct ScanInput: Sendable, Equatable {
  public var table: String
  public var limit: Int?
  public var exclusiveStartKey: DynamoDBItem?

  public init(table: String, limit: Int? = nil, exclusiveStartKey: DynamoDBItem? = nil) {
    self.table = table
    self.limit = limit
    self.exclusiveStartKey = exclusiveStartKey
  }
}

/// `Query`'s parameters: a key condition with its `:value` placeholders (and `#name` ones).
public struct QueryInput: Sendable, Equatable {
  public var table: String
  public var index: String?
  public var keyCondition: String
  public var values: DynamoDBItem
  public var names: [String: String]
  public var ascending: Bool
  public var limit: Int?
  public var exclusiveStartKey: DynamoDBItem?

  public init(
    table: String, index: String? = nil, keyCondition: String, values: DynamoDBItem,
    names: [String: String] = [:], ascending: Bool = true, limit: Int? = nil,
    exclusiveStartKey: DynamoDBItem? = nil
  ) {
    self.table = table
    self.index = index
    self.keyCondition = keyCondition
    self.values = values
    self.names = names
    self.ascending = ascending
    self.limit = limit
    self.exclusiveStartKey = exclusiveStartKey
  }
}

/// One page of `Scan` or `Query`.
public struct DynamoDBPage: Sendable, Equatable {
  public var items: [DynamoDBItem]
  /// Where the next page starts; nil on the last.
  public var lastEvaluatedKey: DynamoDBItem?

  public init(items: [DynamoDBItem], lastEvaluatedKey: DynamoDBItem? = nil) {
    self.items = items
    self.lastEvaluatedKey = lastEvaluatedKey
  }

  init(_ answer: [String: Any], operation: String) throws {
    func item(_ value: Any) throws -> DynamoDBItem {
      guard let map = value as? [String: Any] else {
        throw AWSClientError.malformedResponse(operation: operation, reason: "an item is not a map")
      }
      return try map.mapValues { try DynamoDBValue(wire: $0, operation: operation) }
    }
    items = try ((answer["Items"] as? [Any]) ?? []).map(item)
    lastEvaluatedKey = try answer["LastEvaluatedKey"].map(item)
  }
}

/// A DynamoDB attribute value, as the wire's typed form (`{"S": "..."}`, `{"N": "1.5"}`, ...).
public indirect enum DynamoDBValue: Sendable, Equatable {
  case string(String)
  /// A number, as its decimal text (DynamoDB's numbers are exact decimals).
  case number(String)
  case binary(Data)
  case bool(Bool)
  case null
  case list([DynamoDBValue])
  case map([String: DynamoDBValue])
  case stringSet([String])
  case numberSet([String])
  case binarySet([Data])

  /// The value read from its wire form.
  public init(wire: Any, operation: String = "DynamoDB") throws {
    guard let object = wire as? [String: Any], object.count == 1, let (type, value) = object.first
    else {
      throw AWSClientError.malformedResponse(
        operation: operation, reason: "an attribute value is not a one-key map")
    }
    func fail() -> Error {
      AWSClientError.malformedResponse(
        operation: operation, reason: "attribute value of type \(type) is malformed")
    }
    func data(_ text: Any) throws -> Data {
      guard let text = text as? String, let data = Data(base64Encoded: text) else { throw fail() }
      return data
    }
    switch type {
    case "S": guard let text = value as? String else { throw fail() }; self = .string(text)
    case "N": guard let text = value as? String else { throw fail() }; self = .number(text)
    case "B": self = .binary(try data(value))
    case "BOOL": guard let flag = value as? Bool else { throw fail() }; self = .bool(flag)
    case "NULL": self = .null
    case "L":
      guard let items = value as? [Any] else { throw fail() }
      self = .list(try items.map { try DynamoDBValue(wire: $0, operation: operation) })
    case "M":
      guard let map = value as? [String: Any] else { throw fail() }
      self = .map(try map.mapValues { try DynamoDBValue(wire: $0, operation: operation) })
    case "SS": guard let texts = value as? [String] else { throw fail() }; self = .stringSet(texts)
    case "NS": guard let texts = value as? [String] else { throw fail() }; self = .numberSet(texts)
    case "BS":
      guard let texts = value as? [Any] else { throw fail() }
      self = .binarySet(try texts.map(data))
    default: throw fail()
    }
  }

  /// The wire form.
  public var wire: [String: any Sendable] {
    switch self {
    case .string(let text): return ["S": text]
    case .number(let text): return ["N": text]
    case .binary(let data): return ["B": data.base64EncodedString()]
    case .bool(let flag): return ["BOOL": flag]
    case .null: return ["NULL": true]
    case .list(let items): return ["L": items.map(\.wire)]
    case .map(let map): return ["M": Self.wire(map)]
    case .stringSet(let texts): return ["SS": texts]
    case .numberSet(let texts): return ["NS": texts]
    case .binarySet(let items): return ["BS": items.map { $0.base64EncodedString() }]
    }
  }

  /// An item's wire form.
  public static func wire(_ item: DynamoDBItem) -> [String: any Sendable] {
    item.mapValues { $0.wire }
  }

  /// The value as plain JSON (what boto3's `TypeDeserializer` gives, numbers as numbers,
  /// binary as base64, sets as sorted arrays), for printing.
  public var plain: Any {
    switch self {
    case .string(let text): return text
    case .number(let text): return Decimal(string: text).map { NSDecimalNumber(decimal: $0) } ?? text
    case .binary(let data): return data.base64EncodedString()
    case .bool(let flag): return flag
    case .null: return NSNull()
    case .list(let items): return items.map(\.plain)
    case .map(let map): return map.mapValues(\.plain)
    case .stringSet(let texts): return texts.sorted()
    case .numberSet(let texts): return texts.sorted().map { Decimal(string: $0).map { NSDecimalNumber(decimal: $0) } ?? $0 as Any }
    case .binarySet(let items): return items.map { $0.base64EncodedString() }.sorted()
    }
  }

  /// The text of a string, or of a number.
  public var string: String? {
    switch self {
    case .string(let text), .number(let text): return text
    default: return nil
    }
  }

  /// A number's value.
  public var double: Double? {
    if case .number(let text) = self { return Double(text) }
    return nil
  }
}
