import CloudFormation

/// Renders a report as JSON for tools and CI, following `docs/diff-report.schema.json`
/// (`schemaVersion` 1). Keys are written in a fixed order; values keep CloudFormation's JSON
/// form (intrinsics in long form), so the output is byte-for-byte deterministic. Values are
/// whole; a changed text also gets `textDiff` (its changed line ranges), and a replacement that a
/// custom name blocks gets `customName`: optional keys, written only when they apply.
///
/// ```swift
/// let json = JSONRenderer().render(report)
/// ```
public struct JSONRenderer: Sendable {
  /// The version of the schema the output follows; bumped on any incompatible change.
  public static let schemaVersion = 1

  /// A renderer.
  public init() {}

  /// The report as pretty-printed JSON, ending with a newline.
  public func render(_ report: ChangeReport) -> String {
    // The JSON writer never throws; only the YAML writer can.
    let text = TemplateWriter.json(document(report))
    return text.hasSuffix("\n") ? text : text + "\n"
  }

  /// The report as one JSON value.
  public func document(_ report: ChangeReport) -> Value {
    var renderer = self
    renderer.names = report.normalizedNames
    return renderer.body(report)
  }

  /// One property change as the report writes it (`path`, `kind`, `old`, `new`, `replacement`,
  /// `textDiff`), for other reports of property differences (drift).
  public func document(property change: PropertyChange) -> Value { property(change) }

  /// The report's name prefixes, when it normalizes names (for line diffs).
  private var names: NamePrefixes?

  private func body(_ report: ChangeReport) -> Value {
    let summary = report.summary
    var root = OrderedMap<Value>()
    root["schemaVersion"] = .int(Self.schemaVersion)
    root["from"] = .string(report.fromLabel)
    root["to"] = .string(report.toLabel)
    root["normalizedNames"] =
      report.normalizedNames.map { ["from": .string($0.from), "to": .string($0.to)] } ?? .null
    root["summary"] = [
      "hasChanges": .bool(report.hasChanges),
      "toAdd": .int(summary.toAdd),
      "toChange": .int(summary.toChange),
      "replacements": .int(summary.replacements),
      "possibleReplacements": .int(summary.possibleReplacements),
      "toDestroy": .int(summary.toDestroy),
      "dangerous": .int(summary.dangerous),
      "broadensAccess": .bool(report.broadensAccess),
      "line": .string(summary.line),
    ]
    root["template"] = .list(report.template.map(entry))
    root["parameters"] = .list(report.parameters.map(entry))
    root["mappings"] = .list(report.mappings.map(entry))
    root["conditions"] = .list(report.conditions.map(entry))
    root["resources"] = .list(report.resources.map(resource))
    root["outputs"] = .list(report.outputs.map(entry))
    root["iamStatements"] = .list(report.iamStatements.map(iam))
    root["securityGroupRules"] = .list(report.securityGroupRules.map(securityGroup))
    return .map(root)
  }

  private func entry(_ change: EntryChange) -> Value {
    [
      "name": .string(change.name), "kind": .string(change.kind.rawValue),
      "changes": .list(change.changes.map(property)),
    ]
  }

  private func resource(_ change: ResourceChange) -> Value {
    var map = OrderedMap<Value>()
    map["logicalId"] = .string(change.logicalID)
    map["renamedFrom"] = change.renamedFrom.map(Value.string) ?? .null
    map["type"] = .string(change.type)
    map["oldType"] = change.oldType.map(Value.string) ?? .null
    map["status"] = .string(change.status.rawValue)
    map["impact"] = .string(change.impact.rawValue)
    map["impactSource"] = .string(change.impactSource.rawValue)
    map["replacementCauses"] = .list(change.replacementCauses.map { .string($0.description) })
    map["stateful"] = .bool(change.isStateful)
    map["danger"] =
      change.danger.map { danger in
        [
          "policyName": .string(danger.policyName),
          "policy": danger.policy.map(Value.string) ?? .null,
          "retained": .bool(danger.retained), "message": .string(danger.message),
        ]
      } ?? .null
    map["hint"] = change.hint.map(Value.string) ?? .null
    map["unchangedCount"] = .int(change.unchangedCount)
    map["changes"] = .list(change.changes.map(property))
    if let block = change.customNameBlock {
      map["customName"] = [
        "properties": .list(block.properties.map { .string($0.description) }),
        "certain": .bool(block.certain), "message": .string(block.message),
      ]
    }
    return .map(map)
  }

  private func property(_ change: PropertyChange) -> Value {
    var map = OrderedMap<Value>()
    map["path"] = .string(change.path.description)
    map["kind"] = .string(change.kind.rawValue)
    map["old"] = change.old
    map["new"] = change.new
    map["replacement"] = .string(change.replacement.rawValue)
    if let lines = TextDiff.of(change, names: names) {
      map["textDiff"] = [
        "oldLineCount": .int(lines.oldLineCount), "newLineCount": .int(lines.newLineCount),
        "changedLines": .list(
          lines.changes.map { change in
            [
              "old": ["start": .int(change.old.start), "count": .int(change.old.count)],
              "new": ["start": .int(change.new.start), "count": .int(change.new.count)],
            ]
          }),
      ]
    }
    return .map(map)
  }

  private func iam(_ change: IAMStatementChange) -> Value {
    [
      "resource": .string(change.resource), "resourceType": .string(change.resourceType),
      "document": .string(change.document), "policyKind": .string(change.policyKind.rawValue),
      "kind": .string(change.kind.rawValue), "effect": .string(change.effect),
      "actions": .list(change.actions.map(Value.string)),
      "resources": .list(change.resources.map(Value.string)),
      "principals": .list(change.principals.map(Value.string)),
      "conditions": .list(change.conditions.map(Value.string)),
      "broadens": .bool(change.broadens),
    ]
  }

  private func securityGroup(_ change: SecurityGroupRuleChange) -> Value {
    [
      "resource": .string(change.resource), "group": .string(change.group),
      "direction": .string(change.direction.rawValue), "kind": .string(change.kind.rawValue),
      "ipProtocol": .string(change.ipProtocol), "ports": .string(change.ports),
      "peer": .string(change.peer), "description": change.description.map(Value.string) ?? .null,
      "opensToWorld": .bool(change.opensToWorld), "broadens": .bool(change.broadens),
    ]
  }
}
