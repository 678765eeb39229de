import ResourceTypes

/// The facts of the generated `ResourceTypes` registry: the provider schemas of the types in
/// `Schemas/types.txt` with the corrections in `ResourceFacts.corrections` and the stateful types
/// of `StatefulTypes`. It is the diff's default and only built-in source.
///
/// The corrections fix what the schemas get wrong; for example `AWS::DynamoDB::Table`'s
/// `KeySchema` is create-only, where the schema says conditionally create-only. A change that
/// makes the update fail (`failsUpdate`, such as a KMS key's `KeySpec`) is reported as a
/// replacement: the resource cannot keep its identity through it.
///
/// ```swift
/// let facts = GeneratedResourceFacts()
/// facts.replacement(forType: "AWS::DynamoDB::Table", path: "/properties/KeySchema")  // .always
/// facts.customNamePaths(type: "AWS::S3::Bucket")   // ["/properties/BucketName"]
/// ```
public struct GeneratedResourceFacts: ResourceFactsProvider {
  /// The registry's facts.
  public init() {}

  public func knows(type: String) -> Bool { ResourceFacts.for(type: type) != nil }

  public func replacement(forType type: String, path: String) -> StackDiff.ReplacementRule {
    guard let facts = ResourceFacts.for(type: type) else { return .unknown }
    switch facts.replacement(forChangeAt: path) {
    case .updatesInPlace: return .never
    case .mayReplace: return .conditional
    case .replaces, .failsUpdate: return .always
    }
  }

  public func isUnorderedList(type: String, path: String) -> Bool {
    ResourceFacts.for(type: type)?.isUnorderedList(at: path) ?? false
  }

  public func isStateful(type: String) -> Bool { StatefulTypes.contains(type) }

  public func customNamePaths(type: String) -> [String] {
    ResourceFacts.for(type: type)?.customNamePaths ?? []
  }
}

/// Several providers in order. Replacement and custom names come from the first provider that
/// knows the type; unordered lists and statefulness from any provider that knows it, so facts of
/// your own add to the generated ones.
///
/// ```swift
/// let facts = LayeredResourceFacts([MyCompanyFacts(), GeneratedResourceFacts()])
/// let report = TemplateDiffer(options: .init(facts: facts)).diff(from: old, to: new)
/// ```
public struct LayeredResourceFacts: ResourceFactsProvider {
  /// The providers, most trusted first.
  public var providers: [any ResourceFactsProvider]

  /// A provider that asks `providers` in order.
  public init(_ providers: [any ResourceFactsProvider]) { self.providers = providers }

  private func knowing(_ type: String) -> [any ResourceFactsProvider] {
    providers.filter { $0.knows(type: type) }
  }

  public func knows(type: String) -> Bool { providers.contains { $0.knows(type: type) } }

  public func replacement(forType type: String, path: String) -> StackDiff.ReplacementRule {
    knowing(type).first?.replacement(forType: type, path: path) ?? .unknown
  }

  public func isUnorderedList(type: String, path: String) -> Bool {
    knowing(type).contains { $0.isUnorderedList(type: type, path: path) }
  }

  public func isStateful(type: String) -> Bool {
    providers.contains { $0.isStateful(type: type) }
  }

  public func customNamePaths(type: String) -> [String] {
    knowing(type).first?.customNamePaths(type: type) ?? []
  }
}
