import CloudFormation
import JSONPaths

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
