/// Lookups of the generated types by CloudFormation type name.
enum ResourceTypeRegistry {
  /// Facts (corrected) and checks per type name.
  static let types: [String: Entry] = Dictionary(
    uniqueKeysWithValues: GeneratedResourceTypes.all.map { type in
      (type.typeName, Entry(facts: type.facts, checks: type.checks))
    })

  struct Entry: Sendable {
    var facts: ResourceFacts
    var checks: SchemaChecks
  }
}
