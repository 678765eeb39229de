/// Why a path could not be read or could not be applied.
///
/// The messages of the `missing` cases are Jayway's (and so AWS's):
/// `No results for path: $['a']['b']` when the last step finds nothing,
/// `Missing property in path $['a']` when an earlier step does.
public enum JSONPathError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The text is not a path; `position` is the offset of the offending character.
  case syntax(path: String, position: Int, reason: String)
  /// The last step of a definite path selected nothing; `normalized` is the full path in
  /// bracket form.
  case noResults(path: String, normalized: String)
  /// An earlier step of a definite path selected nothing; `normalized` is the path up to and
  /// including that step.
  case missingProperty(path: String, normalized: String)

  /// The path as written.
  public var path: String {
    switch self {
    case .syntax(let path, _, _), .noResults(let path, _), .missingProperty(let path, _):
      return path
    }
  }

  /// One line: what was wrong, with the path.
  public var description: String {
    switch self {
    case .syntax(let path, let position, let reason):
      return "invalid JSONPath '\(path)' at offset \(position): \(reason)"
    case .noResults(_, let normalized):
      return "No results for path: \(normalized)"
    case .missingProperty(_, let normalized):
      return "Missing property in path \(normalized)"
    }
  }
}
