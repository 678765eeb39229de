/// The generator's intermediate form: Swift declarations to render, decided from the schema.
indirect enum SwiftType: Equatable {
  case string
  case integer
  case number
  case boolean
  /// Free-form JSON (policy documents, `["object", "string"]` and other unions of JSON types).
  case json
  case list(SwiftType)
  case map(SwiftType)
  /// A generated struct or enum, by qualified Swift name (`S3Bucket.Rule`).
  case named(String)

  /// The type a `Field` holds.
  var literalType: String {
    switch self {
    case .string: return "String"
    case .integer: return "Int"
    case .number: return "Double"
    case .boolean: return "Bool"
    case .json: return "Value"
    case .list(let element): return "[\(element.fieldType)]"
    case .map(let element): return "[String: \(element.fieldType)]"
    case .named(let name): return name
    }
  }

  var fieldType: String { "Field<\(literalType)>" }
}

/// One stored property of a generated struct.
struct PropertyDecl {
  var schemaName: String
  var swiftName: String
  var type: SwiftType
  var isRequired: Bool
  var isDeprecated = false
  var documentation: String?
}

/// A name `Fn::GetAtt` reads, from a read-only property.
struct GeneratedAttribute {
  var swiftName: String
  /// CloudFormation's spelling: `Arn`, `MetadataConfiguration.Destination`.
  var name: String
  var documentation: String?
}

/// A generated enum of the string values a schema lists, with an `other(String)` escape.
struct EnumDecl {
  var name: String
  var documentation: String?
  var cases: [(swiftName: String, rawValue: String)]
}

/// A generated struct for an object schema; its nested declarations render inside it.
final class StructDecl {
  let name: String
  let qualifiedName: String
  var documentation: String?
  var properties: [PropertyDecl] = []
  var nested: [NestedDecl] = []
  /// Type names taken inside this struct, so nested names stay unique.
  var usedTypeNames: Set<String>

  init(name: String, qualifiedName: String, documentation: String?, reserved: Set<String>) {
    self.name = name
    self.qualifiedName = qualifiedName
    self.documentation = documentation
    self.usedTypeNames = reserved
  }
}

enum NestedDecl {
  case structure(StructDecl)
  case enumeration(EnumDecl)

  var name: String {
    switch self {
    case .structure(let decl): return decl.name
    case .enumeration(let decl): return decl.name
    }
  }
}
