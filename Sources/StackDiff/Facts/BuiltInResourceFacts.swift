/// The resource facts of the types facestack's pipeline uses, built into StackDiff so the diff
/// works before (and without) the generated `ResourceTypes` registry.
///
/// Extracted from the CloudFormation provider schemas that cfn-lint 1.58.0 bundles for
/// us-east-1 (the same files as `Schemas/us-east-1/`): `createOnlyProperties`,
/// `conditionalCreateOnlyProperties`, `primaryIdentifier`, list properties with
/// `insertionOrder: false` (after resolving `$ref`s), and free-form `object` properties (the
/// vendored `Schemas/all-us-east-1.jsonl` for the security-group rule, topic policy and Lambda
/// version and alias types). Two facts are not in the schemas and are added by hand:
/// JSON-string properties (a state machine's `DefinitionString`, a dashboard's `DashboardBody`,
/// a rule target's `Input`), and which types are stateful (their data is lost when they are
/// replaced or deleted).
///
/// ```swift
/// let facts = BuiltInResourceFacts()
/// facts.replacement(forType: "AWS::DynamoDB::Table", path: "/properties/KeySchema")  // .conditional
/// ```
public struct BuiltInResourceFacts: ResourceFactsProvider {
  /// The facts of one type.
  public struct TypeFacts: Hashable, Sendable {
    /// A change at or under these paths replaces the resource.
    public var createOnly: [String]
    /// A change at or under these paths may replace the resource.
    public var conditionallyCreateOnly: [String]
    /// Lists that compare as sets.
    public var unorderedLists: [String]
    /// JSON documents, which may be written as JSON strings.
    public var jsonDocuments: [String]
    /// The properties that identify the resource.
    public var primaryIdentifier: [String]
    /// Whether a replacement or deletion loses data.
    public var isStateful: Bool
  }

  /// The facts by type name.
  public let types: [String: TypeFacts]

  /// The built-in table.
  public init() { types = Self.table }

  /// A table of your own (tests, or types the built-in table lacks).
  public init(types: [String: TypeFacts]) { self.types = types }

  public func knows(type: String) -> Bool { types[type] != nil }

  public func replacement(forType type: String, path: String) -> ReplacementRule {
    guard let facts = types[type] else { return .unknown }
    if facts.createOnly.contains(where: { SchemaPath.covers($0, path) }) { return .always }
    if facts.conditionallyCreateOnly.contains(where: { SchemaPath.covers($0, path) }) {
      return .conditional
    }
    return .never
  }

  public func isUnorderedList(type: String, path: String) -> Bool {
    types[type]?.unorderedLists.contains { SchemaPath.matches($0, path) } ?? false
  }

  public func isJSONString(type: String, path: String) -> Bool {
    types[type]?.jsonDocuments.contains { SchemaPath.matches($0, path) } ?? false
  }

  public func isStateful(type: String) -> Bool { types[type]?.isStateful ?? false }
}
