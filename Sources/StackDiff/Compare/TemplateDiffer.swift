import CloudFormation

/// Compares two templates and reports what a deployment of the second over the first changes.
///
/// ```swift
/// let differ = TemplateDiffer()   // the generated resource facts, with their corrections
/// let report = differ.diff(from: old, to: new, fromLabel: "dev", toLabel: "prod")
/// report.summary.line   // "0 to add, 4 to change, 0 to destroy"
/// ```
public struct TemplateDiffer: Sendable {
  /// How to compare.
  public struct Options: Sendable {
    /// The resource facts: replacement, unordered lists, stateful types, custom names.
    public var facts: any ResourceFactsProvider
    /// When set, differences that only come from these name prefixes are folded.
    public var normalizedNames: NamePrefixes?

    /// Options; the generated resource facts unless given.
    public init(
      facts: any ResourceFactsProvider = GeneratedResourceFacts(),
      normalizedNames: NamePrefixes? = nil
    ) {
      self.facts = facts
      self.normalizedNames = normalizedNames
    }
  }

  /// The options.
  public var options: Options

  /// A differ with `options`.
  public init(options: Options = Options()) { self.options = options }

  /// The report of `old` → `new`.
  public func diff(
    from old: Template, to new: Template, fromLabel: String = "old", toLabel: String = "new"
  ) -> ChangeReport {
    let resources = ResourceDiffer(facts: options.facts, names: options.normalizedNames)
      .diff(old.resources, new.resources)
    return ChangeReport(
      fromLabel: fromLabel, toLabel: toLabel,
      template: entries(old.topLevelEntries, new.topLevelEntries),
      parameters: entries(
        old.parameters.mapValues(\.document), new.parameters.mapValues(\.document)),
      mappings: entries(old.mappings, new.mappings),
      conditions: entries(old.conditions, new.conditions),
      resources: resources,
      outputs: entries(old.outputs.mapValues(\.document), new.outputs.mapValues(\.document)),
      iamStatements: IAMDiffer(names: options.normalizedNames).diff(old.resources, new.resources),
      securityGroupRules: SecurityGroupDiffer(names: options.normalizedNames).diff(
        old.resources, new.resources),
      normalizedNames: options.normalizedNames)
  }

  private func entries(_ old: OrderedMap<Value>, _ new: OrderedMap<Value>) -> [EntryChange] {
    var names = old.keys
    for name in new.keys where !old.contains(name) { names.append(name) }
    var result: [EntryChange] = []
    for name in names.sorted() {
      var comparer = ValueComparer(
        resourceType: nil, facts: options.facts, names: options.normalizedNames)
      switch (old[name], new[name]) {
      case (let before?, let after?):
        comparer.compare(before, after, at: PropertyPath(), position: .plain)
        if !comparer.changes.isEmpty {
          result.append(
            EntryChange(
              name: name, kind: .changed, changes: comparer.changes.sorted { $0.path < $1.path }))
        }
      case (let before?, nil):
        result.append(
          EntryChange(
            name: name, kind: .removed,
            changes: [PropertyChange(path: PropertyPath(), old: before, new: nil)]))
      case (nil, let after?):
        result.append(
          EntryChange(
            name: name, kind: .added,
            changes: [PropertyChange(path: PropertyPath(), old: nil, new: after)]))
      case (nil, nil): break
      }
    }
    return result
  }
}

extension Template {
  /// The top-level entries other than parameters, mappings, conditions, resources and outputs.
  var topLevelEntries: OrderedMap<Value> {
    var map = OrderedMap<Value>()
    map["AWSTemplateFormatVersion"] = formatVersion.map(Value.string)
    map["Description"] = description.map(Value.string)
    if !metadata.isEmpty { map["Metadata"] = .map(metadata) }
    if !rules.isEmpty { map["Rules"] = .map(rules) }
    map["Transform"] = transform
    // What transforms and macros read (`Globals`, `Fn::ForEach::Name` blocks, keys a macro
    // reads), compared as written: `Resources.Fn::ForEach::Topics`, `Globals`.
    for entry in untypedEntries {
      map[entry.section.map { "\($0).\(entry.key)" } ?? entry.key] = entry.value
    }
    return map
  }
}
