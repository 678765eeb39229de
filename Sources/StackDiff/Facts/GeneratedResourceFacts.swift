import ResourceTypes

/// The facts of the generated `ResourceTypes` registry (the provider schemas with the
/// corrections in `ResourceFacts.corrections`), as a ``ResourceFactsProvider``.
///
/// The registry corrects the schemas where AWS's documentation disagrees with them; for example
/// it makes `AWS::DynamoDB::Table`'s `KeySchema` create-only, where the schema (and
/// ``BuiltInResourceFacts``) says conditionally create-only. A change that makes the update fail
/// (`failsUpdate`, such as a KMS key's `KeySpec`) is reported as a replacement: the resource
/// cannot keep its identity through it.
///
/// ```swift
/// let facts = LayeredResourceFacts([GeneratedResourceFacts(), BuiltInResourceFacts()])
/// let report = TemplateDiffer(options: .init(facts: facts)).diff(from: old, to: new)
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

  public func isJSONString(type: String, path: String) -> Bool {
    ResourceFacts.for(type: type)?.isJSONDocument(at: path) ?? false
  }

  public func isStateful(type: String) -> Bool {
    ResourceFacts.for(type: type)?.isStateful ?? false
  }
}

/// Several providers in order. Replacement comes from the first provider that knows the type;
/// the other facts (unordered lists, JSON strings, statefulness) from any provider that knows it,
/// so hand-written facts (a state machine's `DefinitionString` is JSON) add to generated ones.
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

  public func isJSONString(type: String, path: String) -> Bool {
    knowing(type).contains { $0.isJSONString(type: type, path: path) }
  }

  public func isStateful(type: String) -> Bool {
    knowing(type).contains { $0.isStateful(type: type) }
  }
}
