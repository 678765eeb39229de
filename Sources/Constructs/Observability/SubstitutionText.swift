import CloudFormation

/// The template string and variables of an `Fn::Sub`, built from literal text and template
/// values, so that a user-data script or a dashboard body can embed references.
///
/// ```swift
/// var text = SubstitutionText()
/// text.append(literal: "TABLE_NAME=")
/// text.append(table.name)          // ${Results}
/// let userData: Value = text.value // !Sub "TABLE_NAME=${Results}"
/// ```
public struct SubstitutionText: Hashable, Sendable {
  /// The `Fn::Sub` template string.
  public private(set) var text = ""
  /// Variables for values that have no `${...}` form of their own.
  public private(set) var variables = OrderedMap<Value>()

  /// Empty text.
  public init() {}

  /// Appends text that may contain `${...}` substitutions (`${AWS::Region}`, `${Bucket.Arn}`).
  public mutating func append(substitution: String) { text += substitution }

  /// Appends text taken literally: `${` is escaped as `${!`.
  public mutating func append(literal: String) { text += Self.escaped(literal) }

  /// Appends a template value: literal strings as text, `Ref` and `Fn::GetAtt` as `${...}`, and
  /// anything else through a variable.
  public mutating func append(_ value: Value) {
    text += placeholder(for: value)
  }

  /// The text that stands for `value` in the template string, adding a variable when needed.
  public mutating func placeholder(for value: Value) -> String {
    switch value {
    case .string(let string): return Self.escaped(string)
    case .intrinsic(.ref(let name)): return "${\(name)}"
    case .intrinsic(.getAtt(let resource, .string(let attribute))):
      return "${\(resource).\(attribute)}"
    default:
      if let name = variables.first(where: { $0.value == value })?.key { return "${\(name)}" }
      let name = "Value\(variables.count + 1)"
      variables[name] = value
      return "${\(name)}"
    }
  }

  /// Sets a variable.
  public mutating func set(_ name: String, _ value: Value) { variables[name] = value }

  /// `Fn::Sub` of the text.
  public var value: Value { .sub(text, variables) }

  /// `text` with `${` escaped, so `Fn::Sub` leaves it as written.
  public static func escaped(_ text: String) -> String {
    // Byte by byte, not Foundation's `replacingOccurrences`: its generic casts cost a scan of
    // every protocol conformance in the process at first use.
    var escaped: [UInt8] = []
    escaped.reserveCapacity(text.utf8.count)
    var previous: UInt8 = 0
    for byte in text.utf8 {
      escaped.append(byte)
      if previous == UInt8(ascii: "$"), byte == UInt8(ascii: "{") {
        escaped.append(UInt8(ascii: "!"))
      }
      previous = byte
    }
    return String(decoding: escaped, as: UTF8.self)
  }
}
