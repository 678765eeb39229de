/// The actions of a statement: `Action` (what it names) or `NotAction` (everything else).
///
/// ```swift
/// let read = ActionList.actions(["s3:GetObject", "s3:ListBucket"])
/// ```
public enum ActionList: Hashable, Sendable {
  /// `Action`: these actions or wildcard patterns (`s3:Get*`, `*`).
  case actions([String])
  /// `NotAction`: every action except these.
  case notActions([String])

  /// The action strings, whichever key holds them.
  public var patterns: [String] {
    switch self {
    case .actions(let list), .notActions(let list): return list
    }
  }

  /// Whether this is `NotAction`.
  public var isNegated: Bool {
    if case .notActions = self { return true }
    return false
  }

  /// The policy key: `Action` or `NotAction`.
  public var key: String { isNegated ? "NotAction" : "Action" }

  /// Sorted case-insensitively and de-duplicated (IAM action names ignore case).
  public var normalized: ActionList {
    var seen = Set<String>()
    let sorted = patterns.sorted { lhs, rhs in
      let (l, r) = (lhs.lowercased(), rhs.lowercased())
      return l == r ? lhs < rhs : l < r
    }.filter { seen.insert($0.lowercased()).inserted }
    return isNegated ? .notActions(sorted) : .actions(sorted)
  }
}
