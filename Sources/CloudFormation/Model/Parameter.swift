/// A template parameter with every constraint CloudFormation supports.
///
/// ```swift
/// let prefix = Parameter(type: .string, description: "name prefix",
///                        allowedPattern: "^[a-z][a-z0-9-]*$", maxLength: 20)
/// ```
public struct Parameter: Hashable, Sendable {
  /// `Type`.
  public var type: ParameterType
  /// `Description`.
  public var description: String?
  /// `Default`.
  public var defaultValue: Value?
  /// `AllowedValues`.
  public var allowedValues: [Value]?
  /// `AllowedPattern`, a Java regular expression.
  public var allowedPattern: String?
  /// `MinLength`, for strings.
  public var minLength: Int?
  /// `MaxLength`, for strings.
  public var maxLength: Int?
  /// `MinValue`, for numbers.
  public var minValue: Number?
  /// `MaxValue`, for numbers.
  public var maxValue: Number?
  /// `NoEcho`: mask the value in the console and API.
  public var noEcho: Bool?
  /// `ConstraintDescription`: the message shown when a constraint fails.
  public var constraintDescription: String?
  /// Attributes kept as data: keys a macro reads, and the spelling of typed values written in
  /// another form (`MinLength: "3"`, `NoEcho: "true"`); see ``Resource/untypedAttributes``.
  public var untypedAttributes: OrderedMap<Value> = [:]

  /// A parameter of `type`.
  public init(
    type: ParameterType, description: String? = nil, defaultValue: Value? = nil,
    allowedValues: [Value]? = nil, allowedPattern: String? = nil, minLength: Int? = nil,
    maxLength: Int? = nil, minValue: Number? = nil, maxValue: Number? = nil, noEcho: Bool? = nil,
    constraintDescription: String? = nil
  ) {
    self.type = type
    self.description = description
    self.defaultValue = defaultValue
    self.allowedValues = allowedValues
    self.allowedPattern = allowedPattern
    self.minLength = minLength
    self.maxLength = maxLength
    self.minValue = minValue
    self.maxValue = maxValue
    self.noEcho = noEcho
    self.constraintDescription = constraintDescription
  }

  /// The keys of a parameter in the order the writers use.
  public static let keyOrder = [
    "Type", "Description", "Default", "AllowedValues", "AllowedPattern", "MinLength", "MaxLength",
    "MinValue", "MaxValue", "NoEcho", "ConstraintDescription",
  ]

  /// The parameter in CloudFormation's form.
  public var document: Value {
    var map = OrderedMap<Value>()
    map["Type"] = .string(type.rawValue)
    map["Description"] = description.map(Value.string)
    map["Default"] = defaultValue
    map["AllowedValues"] = allowedValues.map(Value.list)
    map["AllowedPattern"] = allowedPattern.map(Value.string)
    map["MinLength"] = minLength.map(Value.int)
    map["MaxLength"] = maxLength.map(Value.int)
    map["MinValue"] = minValue.map(Value.number)
    map["MaxValue"] = maxValue.map(Value.number)
    map["NoEcho"] = noEcho.map(Value.bool)
    map["ConstraintDescription"] = constraintDescription.map(Value.string)
    return .map(
      AttributeLayout.merge(typed: map, written: untypedAttributes, order: Parameter.keyOrder))
  }
}

/// A parameter's `Type`: a basic type, an AWS-specific type, or an SSM parameter type.
public struct ParameterType: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
  /// The type as CloudFormation spells it.
  public let rawValue: String

  /// A type from its spelling, or `nil` when CloudFormation does not know it.
  public init?(rawValue: String) {
    guard ParameterType.isKnown(rawValue) else { return nil }
    self.rawValue = rawValue
  }

  private init(unchecked rawValue: String) { self.rawValue = rawValue }

  public var description: String { rawValue }

  /// `String`.
  public static let string = ParameterType(unchecked: "String")
  /// `Number`.
  public static let number = ParameterType(unchecked: "Number")
  /// `List<Number>`.
  public static let numberList = ParameterType(unchecked: "List<Number>")
  /// `CommaDelimitedList`.
  public static let commaDelimitedList = ParameterType(unchecked: "CommaDelimitedList")
  /// `AWS::SSM::Parameter::Name`.
  public static let ssmParameterName = ParameterType(unchecked: "AWS::SSM::Parameter::Name")

  /// An AWS-specific type such as `AWS::EC2::VPC::Id`.
  public static func aws(_ type: AWSSpecificType) -> ParameterType {
    ParameterType(unchecked: type.rawValue)
  }
  /// A list of an AWS-specific type, such as `List<AWS::EC2::Subnet::Id>`.
  public static func awsList(_ type: AWSSpecificType) -> ParameterType {
    ParameterType(unchecked: "List<\(type.rawValue)>")
  }
  /// An SSM parameter type: `AWS::SSM::Parameter::Value<...>` of a basic or AWS-specific type.
  public static func ssmValue(_ type: ParameterType) -> ParameterType {
    ParameterType(unchecked: "AWS::SSM::Parameter::Value<\(type.rawValue)>")
  }

  /// AWS-specific parameter types, which CloudFormation validates against the account.
  public enum AWSSpecificType: String, CaseIterable, Sendable {
    case availabilityZoneName = "AWS::EC2::AvailabilityZone::Name"
    case imageId = "AWS::EC2::Image::Id"
    case instanceId = "AWS::EC2::Instance::Id"
    case keyPairName = "AWS::EC2::KeyPair::KeyName"
    case securityGroupName = "AWS::EC2::SecurityGroup::GroupName"
    case securityGroupId = "AWS::EC2::SecurityGroup::Id"
    case subnetId = "AWS::EC2::Subnet::Id"
    case volumeId = "AWS::EC2::Volume::Id"
    case vpcId = "AWS::EC2::VPC::Id"
    case hostedZoneId = "AWS::Route53::HostedZone::Id"
  }

  static func isKnown(_ raw: String) -> Bool {
    let basic: Set<String> = [
      "String", "Number", "List<Number>", "List<String>", "CommaDelimitedList",
    ]
    if basic.contains(raw) || raw == "AWS::SSM::Parameter::Name" { return true }
    if isAWSSpecific(raw) { return true }
    let ssmPrefix = "AWS::SSM::Parameter::Value<"
    if raw.hasPrefix(ssmPrefix), raw.hasSuffix(">") {
      let inner = String(raw.dropFirst(ssmPrefix.count).dropLast())
      return [
        "String", "Number", "List<String>", "List<Number>", "CommaDelimitedList",
        "AWS::SSM::Parameter::Name",
      ].contains(inner)
        || isAWSSpecific(inner)
    }
    return false
  }

  private static func isAWSSpecific(_ raw: String) -> Bool {
    if AWSSpecificType(rawValue: raw) != nil { return true }
    if raw.hasPrefix("List<"), raw.hasSuffix(">"),
      let inner = AWSSpecificType(rawValue: String(raw.dropFirst(5).dropLast()))
    {
      return inner != .keyPairName
    }
    return false
  }
}
