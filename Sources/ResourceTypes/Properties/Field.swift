import CloudFormation

/// A property: either a literal of its schema type or a CloudFormation expression.
///
/// Literals convert implicitly, so both of these compile and keep `bucketName` a string:
/// ```swift
/// var bucket = S3Bucket(bucketName: "face-images")
/// bucket.bucketName = .ref("BucketNameParameter")
/// bucket.bucketName = .sub("${AWS::StackName}-images")
/// ```
///
/// `T` is only `Sendable` (a marker, never checked at run time) on the type itself, and `Field` is a ``PropertyValue`` when `T` is one:
/// a constraint on the type makes the runtime check it each time it builds the metadata of a
/// `Field<X>` (one scan of every conformance record in the process per type, a measurable part
/// of synth's start, issue 20); every `Field` the resource types use has a `PropertyValue` `T`.
public enum Field<T: Sendable>: Sendable {
  /// A value of the property's type.
  indirect case literal(T)
  /// An intrinsic function (`Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::If`, ...) that CloudFormation
  /// resolves at deploy time.
  case expression(Intrinsic)

  /// The literal, when this is one.
  public var literal: T? {
    if case .literal(let value) = self { return value }
    return nil
  }

  /// `Ref` to a parameter, a resource or a pseudo parameter (`AWS::Region`).
  public static func ref(_ logicalID: String) -> Field { .expression(.ref(logicalID)) }

  /// `Ref` to a pseudo parameter.
  public static func ref(_ pseudo: PseudoParameter) -> Field { .expression(.ref(pseudo.rawValue)) }

  /// `Fn::GetAtt` of a typed attribute (`S3Bucket.Attribute.arn`).
  public static func getAtt(_ logicalID: String, _ attribute: some ResourceAttribute) -> Field {
    .expression(.getAtt(logicalID, .string(attribute.name)))
  }

  /// `Fn::GetAtt` by attribute name.
  public static func getAtt(_ logicalID: String, _ attribute: String) -> Field {
    .expression(.getAtt(logicalID, .string(attribute)))
  }

  /// `Fn::Sub`, string form when `variables` is empty.
  public static func sub(_ template: String, _ variables: OrderedMap<Value> = [:]) -> Field {
    .expression(.sub(template, variables))
  }

  /// `Fn::ImportValue`.
  public static func importValue(_ exportName: Value) -> Field {
    .expression(.importValue(exportName))
  }

  /// `Fn::Join`.
  public static func join(_ delimiter: String, _ values: [Value]) -> Field {
    .expression(.join(delimiter, .list(values)))
  }

  /// `Fn::Select`.
  public static func select(_ index: Int, _ list: Value) -> Field {
    .expression(.select(.number(Number(index)), list))
  }

  /// `Fn::FindInMap`.
  public static func findInMap(_ map: String, _ topKey: Value, _ secondKey: Value) -> Field {
    .expression(.findInMap(.string(map), topKey, secondKey))
  }
}

extension Field: PropertyValue where T: PropertyValue {
  public func lowered() -> Value {
    switch self {
    case .literal(let value): return value.lowered()
    case .expression(let intrinsic): return .intrinsic(intrinsic)
    }
  }

  /// `Fn::If`: one field when the condition holds, the other when not.
  public static func ifThen(_ condition: String, _ then: Field, _ otherwise: Field) -> Field {
    .expression(.ifThen(condition, then.lowered(), otherwise.lowered()))
  }
}

extension Field: Equatable where T: Equatable {}
extension Field: Hashable where T: Hashable {}

extension Field: ExpressibleByUnicodeScalarLiteral where T: ExpressibleByStringLiteral {
  public init(unicodeScalarLiteral value: T.StringLiteralType) {
    self = .literal(T(stringLiteral: value))
  }
}

extension Field: ExpressibleByExtendedGraphemeClusterLiteral where T: ExpressibleByStringLiteral {
  public init(extendedGraphemeClusterLiteral value: T.StringLiteralType) {
    self = .literal(T(stringLiteral: value))
  }
}

extension Field: ExpressibleByStringLiteral where T: ExpressibleByStringLiteral {
  public init(stringLiteral value: T.StringLiteralType) { self = .literal(T(stringLiteral: value)) }
}

extension Field: ExpressibleByStringInterpolation where T == String {}

extension Field: ExpressibleByIntegerLiteral where T: ExpressibleByIntegerLiteral {
  public init(integerLiteral value: T.IntegerLiteralType) {
    self = .literal(T(integerLiteral: value))
  }
}

extension Field: ExpressibleByFloatLiteral where T: ExpressibleByFloatLiteral {
  public init(floatLiteral value: T.FloatLiteralType) { self = .literal(T(floatLiteral: value)) }
}

extension Field: ExpressibleByBooleanLiteral where T: ExpressibleByBooleanLiteral {
  public init(booleanLiteral value: T.BooleanLiteralType) {
    self = .literal(T(booleanLiteral: value))
  }
}

/// A list type a `Field` can be written as with an array literal.
public protocol ListLiteral {
  associatedtype ListElement
  init(listElements: [ListElement])
}

/// A map type a `Field` can be written as with a dictionary literal.
public protocol MapLiteral {
  associatedtype MapElement
  init(mapElements: [(String, MapElement)])
}

extension Array: ListLiteral {
  public init(listElements: [Element]) { self = listElements }
}

extension Dictionary: MapLiteral where Key == String {
  /// Later duplicates win, as in YAML.
  public init(mapElements: [(String, Value)]) {
    self = Dictionary(mapElements, uniquingKeysWith: { _, last in last })
  }
}

extension Value: ListLiteral {
  public init(listElements: [Value]) { self = .list(listElements) }
}

extension Value: MapLiteral {
  public init(mapElements: [(String, Value)]) { self = .map(OrderedMap(mapElements)) }
}

extension Field: ExpressibleByArrayLiteral where T: ListLiteral {
  public init(arrayLiteral elements: T.ListElement...) {
    self = .literal(T(listElements: elements))
  }
}

extension Field: ExpressibleByDictionaryLiteral where T: MapLiteral {
  public init(dictionaryLiteral elements: (String, T.MapElement)...) {
    self = .literal(T(mapElements: elements))
  }
}
