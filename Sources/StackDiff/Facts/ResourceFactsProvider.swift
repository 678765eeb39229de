/// The facts about resource types that a diff needs, looked up by CloudFormation type name and
/// a property path in the provider schemas' JSON-pointer form: `/properties/BucketName`,
/// `/properties/Tags/*/Key` (`*` stands for any list element).
///
/// ```swift
/// let facts: any ResourceFactsProvider = GeneratedResourceFacts()
/// facts.replacement(forType: "AWS::DynamoDB::Table", path: "/properties/TableName")  // .always
/// facts.isUnorderedList(type: "AWS::IAM::Role", path: "/properties/ManagedPolicyArns")  // true
/// ```
///
/// ``GeneratedResourceFacts`` (the provider schemas of `Schemas/types.txt` with
/// `ResourceTypes`' corrections) is the one source the diff and deploy use; conform to this
/// protocol, and layer with ``LayeredResourceFacts``, to add facts of your own types. JSON held
/// in strings needs no fact: any string that parses as a JSON object or array compares as JSON.
public protocol ResourceFactsProvider: Sendable {
  /// Whether the provider knows `type` at all; for an unknown type the diff reports the impact
  /// of a property change as unknown instead of guessing.
  func knows(type: String) -> Bool
  /// What a change at `path` does to a resource of `type`.
  func replacement(forType type: String, path: String) -> ReplacementRule
  /// Whether the list at `path` compares as a set (the schema's `insertionOrder: false`).
  func isUnorderedList(type: String, path: String) -> Bool
  /// Whether the type holds data that a replacement or deletion loses.
  func isStateful(type: String) -> Bool
  /// The properties that give a resource of `type` its custom physical name
  /// (`/properties/TableName`); while they keep their value, the resource cannot be replaced.
  func customNamePaths(type: String) -> [String]
}

extension ResourceFactsProvider {
  /// No custom names, unless the provider says otherwise.
  public func customNamePaths(type: String) -> [String] { [] }
}

/// What changing a property does to the resource, as the resource facts say.
public enum ReplacementRule: String, Codable, Hashable, Sendable, Comparable {
  /// Updated in place.
  case never
  /// Replaced for some changes only (conditionally create-only).
  case conditional
  /// The resource type is unknown: the change may replace the resource.
  case unknown
  /// Replaced (create-only property, or the resource type changed).
  case always

  private var rank: Int {
    switch self {
    case .never: return 0
    case .conditional: return 1
    case .unknown: return 2
    case .always: return 3
    }
  }

  public static func < (lhs: ReplacementRule, rhs: ReplacementRule) -> Bool {
    lhs.rank < rhs.rank
  }
}

/// Matching of schema paths, where `*` in a pattern stands for any one segment.
enum SchemaPath {
  /// Whether `pattern` names `path` exactly.
  static func matches(_ pattern: String, _ path: String) -> Bool {
    let rule = pattern.split(separator: "/")
    let target = path.split(separator: "/")
    return rule.count == target.count && zip(rule, target).allSatisfy { $0 == "*" || $0 == $1 }
  }

  /// Whether `pattern` names `path` or one of its ancestors (a change under a create-only
  /// property changes that property).
  static func covers(_ pattern: String, _ path: String) -> Bool {
    let rule = pattern.split(separator: "/")
    let target = path.split(separator: "/")
    guard target.count >= rule.count else { return false }
    return zip(rule, target).allSatisfy { $0 == "*" || $0 == $1 }
  }
}
