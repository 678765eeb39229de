/// What a diff needs to know about one resource type, from its provider schema plus the
/// corrections in `ResourceFacts.corrections`.
///
/// Paths are the schema's JSON pointers into the resource: `/properties/BucketName`,
/// `/properties/Tags/*/Key` (`*` is any list element or map value).
///
/// ```swift
/// let facts = ResourceFacts.for(type: "AWS::S3::Bucket")
/// facts?.replacement(forChangeAt: "/properties/BucketName")   // .replaces
/// facts?.isUnorderedList(at: "/properties/Tags")              // false: S3 tags keep order
/// ```
public struct ResourceFacts: Hashable, Sendable {
  /// The CloudFormation type name (`AWS::S3::Bucket`).
  public var typeName: String
  /// The properties that identify a resource (`/properties/BucketName`).
  public var primaryIdentifier: [String]
  /// Top-level properties a template must set.
  public var requiredProperties: [String]
  /// A change replaces the resource.
  public var createOnlyPaths: [String]
  /// A change may replace the resource, depending on the change.
  public var conditionalCreateOnlyPaths: [String]
  /// Accepted on create and update but never returned, so a drift check cannot compare them.
  public var writeOnlyPaths: [String]
  /// Set by AWS, readable through `Fn::GetAtt`; never in a template.
  public var readOnlyPaths: [String]
  /// Still accepted but deprecated.
  public var deprecatedPaths: [String]
  /// Whether the type takes tags.
  public var isTaggable: Bool
  /// Where the tags go (`/properties/Tags`), when taggable.
  public var tagsPath: String?
  /// How the tags are written, when taggable.
  public var tagsFormat: TagsFormat?
  /// Lists whose order does not matter (`insertionOrder: false`): compare them as sets.
  public var unorderedListPaths: [String]
  /// Free-form JSON values (policy documents, JSON strings): compare them as parsed JSON.
  public var jsonDocumentPaths: [String]
  /// A change makes the update fail: CloudFormation neither updates nor replaces (corrections
  /// only; the schemas cannot say this).
  public var immutablePaths: [String]
  /// Whether the resource holds data that a replacement or deletion loses (`StatefulTypes`,
  /// applied with the corrections).
  public var isStateful: Bool
  /// The properties that name the resource's physical identity when set (`/properties/TableName`):
  /// CloudFormation cannot replace the resource while they keep their value, because it creates
  /// the replacement before it deletes the old one. Derived from the schema (a primary
  /// identifier whose every property is writable and create-only), or set by a correction.
  public var customNamePaths: [String]
  /// Why these facts differ from the schema, one line per correction applied.
  public var corrections: [String]

  /// How a type's tags are written.
  public enum TagsFormat: String, Hashable, Sendable {
    /// `[{Key: k, Value: v}, ...]`
    case keyValueList
    /// `{k: v, ...}`
    case map
  }

  /// Facts as the schema states them.
  public init(
    typeName: String, primaryIdentifier: [String], requiredProperties: [String],
    createOnlyPaths: [String], conditionalCreateOnlyPaths: [String], writeOnlyPaths: [String],
    readOnlyPaths: [String], deprecatedPaths: [String], isTaggable: Bool, tagsPath: String?,
    tagsFormat: TagsFormat?, unorderedListPaths: [String], jsonDocumentPaths: [String],
    immutablePaths: [String] = [], isStateful: Bool = false, corrections: [String] = []
  ) {
    self.typeName = typeName
    self.primaryIdentifier = primaryIdentifier
    self.requiredProperties = requiredProperties
    self.createOnlyPaths = createOnlyPaths
    self.conditionalCreateOnlyPaths = conditionalCreateOnlyPaths
    self.writeOnlyPaths = writeOnlyPaths
    self.readOnlyPaths = readOnlyPaths
    self.deprecatedPaths = deprecatedPaths
    self.isTaggable = isTaggable
    self.tagsPath = tagsPath
    self.tagsFormat = tagsFormat
    self.unorderedListPaths = unorderedListPaths
    self.jsonDocumentPaths = jsonDocumentPaths
    self.immutablePaths = immutablePaths
    self.isStateful = isStateful
    self.corrections = corrections
    customNamePaths = Self.customNames(
      primaryIdentifier: primaryIdentifier, createOnlyPaths: createOnlyPaths,
      readOnlyPaths: readOnlyPaths)
  }

  /// The primary identifier, when the template writes all of it and none of it can change in
  /// place: then the resource's physical identity is the name the template gives it.
  static func customNames(
    primaryIdentifier: [String], createOnlyPaths: [String], readOnlyPaths: [String]
  ) -> [String] {
    let named =
      !primaryIdentifier.isEmpty
      && primaryIdentifier.allSatisfy { path in
        !readOnlyPaths.contains(path) && createOnlyPaths.contains(path)
          && path.split(separator: "/").count == 2
      }
    return named ? primaryIdentifier : []
  }

  /// The facts of a generated type, corrections applied; nil for a type not in
  /// `Schemas/types.txt`.
  public static func `for`(type typeName: String) -> ResourceFacts? {
    ResourceTypeRegistry.types[typeName]?.facts
  }

  /// Every generated type name, sorted.
  public static var typeNames: [String] { ResourceTypeRegistry.types.keys.sorted() }

  /// The schema path of a property path in a template: `["Tags", "0", "Key"]` →
  /// `/properties/Tags/0/Key` (list indexes match the schemas' `*`).
  public static func schemaPath(_ components: [String]) -> String {
    "/properties" + components.map { "/" + $0 }.joined()
  }

  /// What changing the value at `path` does: a change at or under a create-only path replaces
  /// the resource. Give the deepest changed path (the leaf): a change reported on a parent
  /// object cannot say whether a create-only child changed.
  public func replacement(forChangeAt path: String) -> ReplacementRule {
    if immutablePaths.contains(where: { covers($0, path) }) { return .failsUpdate }
    if createOnlyPaths.contains(where: { covers($0, path) }) { return .replaces }
    if conditionalCreateOnlyPaths.contains(where: { covers($0, path) }) { return .mayReplace }
    return .updatesInPlace
  }

  /// Whether the list at `path` compares as a set.
  public func isUnorderedList(at path: String) -> Bool {
    unorderedListPaths.contains { Self.matches($0, path) }
  }

  /// Whether the value at `path` is a free-form JSON document.
  public func isJSONDocument(at path: String) -> Bool {
    jsonDocumentPaths.contains { Self.matches($0, path) }
  }

  /// Whether a rule at `rulePath` covers `path` (the path itself or anything under it).
  private func covers(_ rulePath: String, _ path: String) -> Bool {
    let rule = rulePath.split(separator: "/")
    let target = path.split(separator: "/")
    guard target.count >= rule.count else { return false }
    return zip(rule, target).allSatisfy { $0 == "*" || $0 == $1 }
  }

  /// Whether a pattern path (with `*`) names `path` exactly; list indexes match `*`.
  static func matches(_ pattern: String, _ path: String) -> Bool {
    let rule = pattern.split(separator: "/")
    let target = path.split(separator: "/")
    return rule.count == target.count && zip(rule, target).allSatisfy { $0 == "*" || $0 == $1 }
  }
}

/// What a property change does to the resource.
public enum ReplacementRule: String, Hashable, Sendable {
  /// Updated without replacement.
  case updatesInPlace
  /// May be replaced, depending on the change (conditionally create-only).
  case mayReplace
  /// Replaced: a new physical resource is created and the old one deleted.
  case replaces
  /// The update fails; the resource must be replaced by hand (a new logical ID).
  case failsUpdate
}
