/// An intrinsic function, with its arguments as values.
///
/// Each case mirrors one function of CloudFormation's reference; arguments that the service
/// accepts as either a literal or another function are `Value`s.
public indirect enum Intrinsic: Hashable, Sendable {
  /// `Ref`: a resource, parameter or pseudo parameter by name.
  case ref(String)
  /// `Fn::GetAtt`: a resource's attribute (a string, or a `Ref` in the list form).
  case getAtt(String, Value)
  /// `Fn::Sub`: a template string and its variables (empty for the string form).
  case sub(String, OrderedMap<Value>)
  /// `Fn::Join`: a delimiter and a list (or a function returning one).
  case join(String, Value)
  /// `Fn::Select`: an index and a list.
  case select(Value, Value)
  /// `Fn::Split`: a delimiter and a source string.
  case split(String, Value)
  /// `Fn::If`: a condition name, the value when true, the value when false.
  case ifThen(String, Value, Value)
  /// `Fn::Equals`.
  case equals(Value, Value)
  /// `Fn::And`.
  case and([Value])
  /// `Fn::Or`.
  case or([Value])
  /// `Fn::Not`.
  case not(Value)
  /// `Fn::FindInMap`: map name, top-level key, second-level key.
  case findInMap(Value, Value, Value)
  /// `Fn::ImportValue`.
  case importValue(Value)
  /// `Fn::Base64`.
  case base64(Value)
  /// `Fn::GetAZs`: a region, or the empty string for the stack's region.
  case getAZs(Value)
  /// `Fn::Cidr`: IP block, count, CIDR bits.
  case cidr(Value, Value, Value)
  /// `Fn::Length` (needs the `AWS::LanguageExtensions` transform).
  case length(Value)
  /// `Fn::ToJsonString` (needs the `AWS::LanguageExtensions` transform).
  case toJsonString(Value)
  /// `Condition`: a named condition inside a condition expression.
  case condition(String)

  /// The long-form key: `Ref`, `Fn::GetAtt`, `Condition`, ...
  public var functionName: String {
    switch self {
    case .ref: return "Ref"
    case .getAtt: return "Fn::GetAtt"
    case .sub: return "Fn::Sub"
    case .join: return "Fn::Join"
    case .select: return "Fn::Select"
    case .split: return "Fn::Split"
    case .ifThen: return "Fn::If"
    case .equals: return "Fn::Equals"
    case .and: return "Fn::And"
    case .or: return "Fn::Or"
    case .not: return "Fn::Not"
    case .findInMap: return "Fn::FindInMap"
    case .importValue: return "Fn::ImportValue"
    case .base64: return "Fn::Base64"
    case .getAZs: return "Fn::GetAZs"
    case .cidr: return "Fn::Cidr"
    case .length: return "Fn::Length"
    case .toJsonString: return "Fn::ToJsonString"
    case .condition: return "Condition"
    }
  }

  /// The YAML short-form tag: `!Ref`, `!GetAtt`, `!Condition`, ...
  public var shortTag: String {
    switch self {
    case .ref: return "!Ref"
    case .condition: return "!Condition"
    case .ifThen: return "!If"
    default: return "!" + functionName.dropFirst("Fn::".count)
    }
  }

  /// The short-form tag of a long-form function name: `!Ref`, `!Condition`, `!GetAtt`, ...
  static func shortTag(ofFunction name: String) -> String {
    name.hasPrefix("Fn::") ? "!" + name.dropFirst("Fn::".count) : "!" + name
  }

  /// Every long-form key that the reader turns into an intrinsic.
  public static let functionNames: Set<String> = [
    "Ref", "Fn::GetAtt", "Fn::Sub", "Fn::Join", "Fn::Select", "Fn::Split", "Fn::If", "Fn::Equals",
    "Fn::And", "Fn::Or", "Fn::Not", "Fn::FindInMap", "Fn::ImportValue", "Fn::Base64",
    "Fn::GetAZs", "Fn::Cidr", "Fn::Length", "Fn::ToJsonString", "Condition",
  ]

  /// Functions CloudFormation knows that the model keeps as data in their long form: the
  /// `Fn::Transform` of macros and the functions of the `Rules` section.
  static let untypedFunctionNames: Set<String> = [
    "Fn::Transform", "Fn::Contains", "Fn::EachMemberEquals", "Fn::EachMemberIn", "Fn::RefAll",
    "Fn::ValueOf", "Fn::ValueOfAll",
  ]

  /// The long-form name of a YAML short-form tag (`!GetAtt` is `Fn::GetAtt`), for every function
  /// CloudFormation knows; `nil` for any other tag.
  static func functionName(forTag tag: String) -> String? {
    guard tag.hasPrefix("!"), tag.count > 1 else { return nil }
    let name = String(tag.dropFirst())
    let function = (name == "Ref" || name == "Condition") ? name : "Fn::" + name
    let known = functionNames.contains(function) || untypedFunctionNames.contains(function)
    return known ? function : nil
  }

  /// The arguments in CloudFormation's long form (the value under the function's key).
  public var argument: Value {
    switch self {
    case .ref(let name), .condition(let name): return .string(name)
    case .getAtt(let resource, let attribute): return [.string(resource), attribute]
    case .sub(let template, let variables):
      return variables.isEmpty ? .string(template) : [.string(template), .map(variables)]
    case .join(let delimiter, let values): return [.string(delimiter), values]
    case .select(let index, let list): return [index, list]
    case .split(let delimiter, let source): return [.string(delimiter), source]
    case .ifThen(let condition, let then, let otherwise):
      return [.string(condition), then, otherwise]
    case .equals(let lhs, let rhs): return [lhs, rhs]
    case .and(let conditions), .or(let conditions): return .list(conditions)
    case .not(let condition): return [condition]
    case .findInMap(let map, let top, let second): return [map, top, second]
    case .importValue(let value), .base64(let value), .getAZs(let value), .length(let value),
      .toJsonString(let value):
      return value
    case .cidr(let block, let count, let bits): return [block, count, bits]
    }
  }
}

/// CloudFormation's pseudo parameters, usable with `Ref` and in `Fn::Sub`.
public enum PseudoParameter: String, CaseIterable, Sendable {
  case accountId = "AWS::AccountId"
  case notificationARNs = "AWS::NotificationARNs"
  case noValue = "AWS::NoValue"
  case partition = "AWS::Partition"
  case region = "AWS::Region"
  case stackId = "AWS::StackId"
  case stackName = "AWS::StackName"
  case urlSuffix = "AWS::URLSuffix"
}
