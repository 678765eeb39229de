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

/// What an `anything-but` excludes. A value of another type than the excluded ones is not
/// excluded (`{"anything-but": {"prefix": "init"}}` matches `12` and `null`), but a missing
/// field never matches.
public enum AnythingBut: Sendable, Equatable {
  /// Strings, or numbers (a list holds one kind).
  case values([JSONDocument])
  /// Strings starting with any of these.
  case prefixes([String])
  /// Strings ending with any of these.
  case suffixes([String])
  /// Strings equal to any of these, ignoring case.
  case ignoringCase([String])
  /// Strings matching any of these wildcard patterns.
  case wildcards([WildcardPattern])

  /// Whether `value` is not excluded.
  func admits(_ value: JSONDocument) -> Bool {
    switch self {
    case .values(let excluded):
      return !excluded.contains { ValueMatcher.exact($0).matches(value) }
    case .prefixes(let prefixes):
      guard let string = value.stringValue else { return true }
      return !prefixes.contains { string.hasPrefix($0) }
    case .suffixes(let suffixes):
      guard let string = value.stringValue else { return true }
      return !suffixes.contains { string.hasSuffix($0) }
    case .ignoringCase(let excluded):
      guard let string = value.stringValue?.lowercased() else { return true }
      return !excluded.contains { $0.lowercased() == string }
    case .wildcards(let patterns):
      guard let string = value.stringValue else { return true }
      return !patterns.contains { $0.matches(string) }
    }
  }
}
