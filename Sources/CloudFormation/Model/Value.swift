/// Any value in a CloudFormation template: a scalar, a list, a map or an intrinsic function.
///
/// ```swift
/// let name: Value = .sub("${AWS::StackName}-images")
/// let arn: Value = .getAtt("ImagesBucket", "Arn")
/// let tags: Value = [["Key": "Project", "Value": "facestack"]]
/// ```
public indirect enum Value: Hashable, Sendable {
  /// A string.
  case string(String)
  /// A number, kept as written.
  case number(Number)
  /// `true` or `false`.
  case bool(Bool)
  /// `null`.
  case null
  /// A list.
  case list([Value])
  /// A map with ordered keys.
  case map(OrderedMap<Value>)
  /// An intrinsic function such as `Ref` or `Fn::GetAtt`.
  case intrinsic(Intrinsic)
}

extension Value {
  /// `Ref` to a resource, parameter or pseudo parameter.
  public static func ref(_ name: String) -> Value { .intrinsic(.ref(name)) }
  /// `Ref` to a pseudo parameter.
  public static func ref(_ pseudo: PseudoParameter) -> Value { .intrinsic(.ref(pseudo.rawValue)) }
  /// `Fn::GetAtt` of a resource attribute.
  public static func getAtt(_ resource: String, _ attribute: String) -> Value {
    .intrinsic(.getAtt(resource, .string(attribute)))
  }
  /// `Fn::Sub` in its string form, or with variables.
  public static func sub(_ template: String, _ variables: OrderedMap<Value> = [:]) -> Value {
    .intrinsic(.sub(template, variables))
  }
  /// `Fn::Join`.
  public static func join(_ delimiter: String, _ values: [Value]) -> Value {
    .intrinsic(.join(delimiter, .list(values)))
  }
  /// `Fn::If`.
  public static func ifThen(_ condition: String, _ then: Value, _ otherwise: Value) -> Value {
    .intrinsic(.ifThen(condition, then, otherwise))
  }
  /// An integer.
  public static func int(_ value: Int) -> Value { .number(Number(value)) }

  /// The string, when this is a string.
  public var stringValue: String? {
    if case .string(let string) = self { return string }
    return nil
  }
  /// The list, when this is a list.
  public var listValue: [Value]? {
    if case .list(let list) = self { return list }
    return nil
  }
  /// The map, when this is a map.
  public var mapValue: OrderedMap<Value>? {
    if case .map(let map) = self { return map }
    return nil
  }
  /// The intrinsic function, when this is one.
  public var intrinsicValue: Intrinsic? {
    if case .intrinsic(let intrinsic) = self { return intrinsic }
    return nil
  }
  /// The number, when this is a number.
  public var numberValue: Number? {
    if case .number(let number) = self { return number }
    return nil
  }
  /// The Boolean, when this is one.
  public var boolValue: Bool? {
    if case .bool(let bool) = self { return bool }
    return nil
  }
  /// A short name of this value's kind for messages: `a string`, `a list`, `Fn::Sub`, ...
  public var kindDescription: String {
    switch self {
    case .string: return "a string"
    case .number: return "a number"
    case .bool: return "a boolean"
    case .null: return "null"
    case .list: return "a list"
    case .map: return "a map"
    case .intrinsic(let intrinsic): return intrinsic.functionName
    }
  }

  /// The value at `key` when this is a map.
  public subscript(key: String) -> Value? {
    mapValue?[key]
  }
}

extension Value: ExpressibleByStringLiteral {
  public init(stringLiteral value: String) { self = .string(value) }
}

extension Value: ExpressibleByIntegerLiteral {
  public init(integerLiteral value: Int) { self = .number(Number(value)) }
}

extension Value: ExpressibleByFloatLiteral {
  public init(floatLiteral value: Double) { self = .number(Number(value)) }
}

extension Value: ExpressibleByBooleanLiteral {
  public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension Value: ExpressibleByArrayLiteral {
  public init(arrayLiteral elements: Value...) { self = .list(elements) }
}

extension Value: ExpressibleByDictionaryLiteral {
  public init(dictionaryLiteral elements: (String, Value)...) { self = .map(OrderedMap(elements)) }
}

extension Value: ExpressibleByNilLiteral {
  public init(nilLiteral: ()) { self = .null }
}
