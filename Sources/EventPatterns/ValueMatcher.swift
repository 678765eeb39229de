import CloudFormation
import JSONPaths

/// One entry of a field's array in a pattern: `"aws.s3"`, `{"prefix": "input/"}`,
/// `{"numeric": [">", 0]}`, ... The field matches when any entry matches one of its values.
public enum ValueMatcher: Sendable, Equatable {
  /// A literal string, number, boolean or `null`.
  case exact(JSONDocument)
  /// `{"prefix": "..."}`, or `{"prefix": {"equals-ignore-case": "..."}}`.
  case prefix(String, ignoringCase: Bool)
  /// `{"suffix": "..."}`, or `{"suffix": {"equals-ignore-case": "..."}}`.
  case suffix(String, ignoringCase: Bool)
  /// `{"equals-ignore-case": "..."}`.
  case equalsIgnoreCase(String)
  /// `{"wildcard": "..."}`.
  case wildcard(WildcardPattern)
  /// `{"anything-but": ...}`.
  case anythingBut(AnythingBut)
  /// `{"numeric": [...]}`.
  case numeric(NumericCondition)
  /// `{"exists": true}` or `{"exists": false}`: about the field, not a value.
  case exists(Bool)
  /// `{"cidr": "..."}`.
  case cidr(CIDRBlock)

  /// Whether the entry matches one value of the event's field.
  func matches(_ value: JSONDocument) -> Bool {
    switch self {
    case .exact(let expected):
      switch (expected, value) {
      case (.string(let lhs), .string(let rhs)):
        if lhs == rhs { return true }
        // A literal IP address matches the same address however it is written.
        guard let left = IPAddress.bytes(lhs), let right = IPAddress.bytes(rhs) else {
          return false
        }
        return left == right
      case (.number(let lhs), .number(let rhs)):
        // event-ruler matches both the literal text and the number's value.
        return lhs == rhs || expected.isEquivalent(to: value)
      default:
        return expected == value
      }
    case .prefix(let prefix, let ignoringCase):
      guard let string = value.stringValue else { return false }
      return ignoringCase
        ? string.lowercased().hasPrefix(prefix.lowercased()) : string.hasPrefix(prefix)
    case .suffix(let suffix, let ignoringCase):
      guard let string = value.stringValue else { return false }
      return ignoringCase
        ? string.lowercased().hasSuffix(suffix.lowercased()) : string.hasSuffix(suffix)
    case .equalsIgnoreCase(let expected):
      guard let string = value.stringValue else { return false }
      return string.lowercased() == expected.lowercased()
    case .wildcard(let pattern):
      guard let string = value.stringValue else { return false }
      return pattern.matches(string)
    case .anythingBut(let excluded):
      return excluded.admits(value)
    case .numeric(let condition):
      return condition.matches(value)
    case .exists:
      return false
    case .cidr(let block):
      guard let string = value.stringValue else { return false }
      return block.contains(string)
    }
  }
}
