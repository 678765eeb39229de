import CloudFormation

/// The resources of a statement: `Resource` (what it names) or `NotResource` (everything else).
///
/// Entries are template values, since ARNs in a template are often intrinsics:
/// ```swift
/// let objects = ResourceList.resources([.sub("arn:${AWS::Partition}:s3:::${Bucket}/input/*")])
/// ```
public enum ResourceList: Hashable, Sendable {
  /// `Resource`.
  case resources([Value])
  /// `NotResource`.
  case notResources([Value])

  /// `Resource: "*"`.
  public static let any = ResourceList.resources(["*"])

  /// The entries, whichever key holds them.
  public var values: [Value] {
    switch self {
    case .resources(let list), .notResources(let list): return list
    }
  }

  /// Whether this is `NotResource`.
  public var isNegated: Bool {
    if case .notResources = self { return true }
    return false
  }

  /// The policy key: `Resource` or `NotResource`.
  public var key: String { isNegated ? "NotResource" : "Resource" }

  /// Whether the list is exactly `"*"` (after normalizing).
  public var isWildcard: Bool { !isNegated && normalized.values == ["*"] }

  /// Sorted by their compact JSON form and de-duplicated.
  public var normalized: ResourceList {
    var seen = Set<String>()
    let sorted = values.map { ($0, TemplateWriter.compactJSON($0)) }
      .sorted { $0.1 < $1.1 }
      .filter { seen.insert($0.1).inserted }
      .map(\.0)
    return isNegated ? .notResources(sorted) : .resources(sorted)
  }
}
