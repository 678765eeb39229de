/// A condition operator: a base comparison, optionally with a set qualifier and `IfExists`.
///
/// ```swift
/// let op = try ConditionOperator(parsing: "ForAnyValue:StringLikeIfExists")
/// op.base == .stringLike; op.qualifier == .forAnyValue; op.ifExists == true
/// ```
public struct ConditionOperator: Hashable, Sendable, CustomStringConvertible, Comparable {
  /// The comparisons IAM defines.
  public enum Base: String, Hashable, Sendable, CaseIterable {
    case stringEquals = "StringEquals"
    case stringNotEquals = "StringNotEquals"
    case stringEqualsIgnoreCase = "StringEqualsIgnoreCase"
    case stringNotEqualsIgnoreCase = "StringNotEqualsIgnoreCase"
    case stringLike = "StringLike"
    case stringNotLike = "StringNotLike"
    case numericEquals = "NumericEquals"
    case numericNotEquals = "NumericNotEquals"
    case numericLessThan = "NumericLessThan"
    case numericLessThanEquals = "NumericLessThanEquals"
    case numericGreaterThan = "NumericGreaterThan"
    case numericGreaterThanEquals = "NumericGreaterThanEquals"
    case dateEquals = "DateEquals"
    case dateNotEquals = "DateNotEquals"
    case dateLessThan = "DateLessThan"
    case dateLessThanEquals = "DateLessThanEquals"
    case dateGreaterThan = "DateGreaterThan"
    case dateGreaterThanEquals = "DateGreaterThanEquals"
    case bool = "Bool"
    case binaryEquals = "BinaryEquals"
    case ipAddress = "IpAddress"
    case notIpAddress = "NotIpAddress"
    case arnEquals = "ArnEquals"
    case arnLike = "ArnLike"
    case arnNotEquals = "ArnNotEquals"
    case arnNotLike = "ArnNotLike"
    case null = "Null"

    /// Whether the operator is a negation (`StringNotEquals`, `NotIpAddress`, ...), which
    /// matches when the key is absent.
    public var isNegated: Bool { rawValue.contains("Not") }
  }

  /// `ForAllValues` / `ForAnyValue`, for multivalued keys.
  public enum Qualifier: String, Hashable, Sendable, CaseIterable {
    case forAllValues = "ForAllValues"
    case forAnyValue = "ForAnyValue"
  }

  /// The comparison.
  public var base: Base
  /// The set qualifier, if any.
  public var qualifier: Qualifier?
  /// `...IfExists`: true when the key is absent.
  public var ifExists: Bool

  /// An operator. `Null` takes no `IfExists`.
  public init(_ base: Base, qualifier: Qualifier? = nil, ifExists: Bool = false) {
    self.base = base
    self.qualifier = qualifier
    self.ifExists = ifExists && base != .null
  }

  /// Parses `[ForAllValues:|ForAnyValue:]Base[IfExists]`, case-sensitively as IAM does.
  public init(parsing text: String) throws {
    var rest = Substring(text)
    var qualifier: Qualifier?
    for candidate in Qualifier.allCases where rest.hasPrefix(candidate.rawValue + ":") {
      qualifier = candidate
      rest = rest.dropFirst(candidate.rawValue.count + 1)
    }
    var ifExists = false
    if rest.hasSuffix("IfExists"), rest != "IfExists" {
      ifExists = true
      rest = rest.dropLast("IfExists".count)
    }
    guard let base = Base(rawValue: String(rest)), !(ifExists && base == .null) else {
      throw PolicyReadError(path: "Condition", message: "unknown condition operator '\(text)'")
    }
    self.init(base, qualifier: qualifier, ifExists: ifExists)
  }

  /// The operator as written in a policy.
  public var description: String {
    (qualifier.map { $0.rawValue + ":" } ?? "") + base.rawValue + (ifExists ? "IfExists" : "")
  }

  /// Orders values for sorted, deterministic output.
  public static func < (lhs: ConditionOperator, rhs: ConditionOperator) -> Bool {
    lhs.description < rhs.description
  }
}
