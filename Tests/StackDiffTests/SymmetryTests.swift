import CloudFormation
import Testing

@testable import StackDiff

/// Every fixture template, both sides of every pair.
let fixtureTemplates = fixturePairs.flatMap { ["\($0).a.yaml", "\($0).b.yaml"] }

@Test(arguments: fixtureTemplates)
func selfDiffHasNoChanges(_ name: String) throws {
  let template = try template(name)
  let report = TemplateDiffer().diff(from: template, to: template)
  #expect(!report.hasChanges)
  #expect(
    report.resources.isEmpty && report.iamStatements.isEmpty && report.securityGroupRules.isEmpty)
  #expect(report.summary.line == "0 to add, 0 to change, 0 to destroy")
  #expect(TextRenderer().render(report) == "old → new\nno changes\n")
}

@Test(arguments: fixturePairs)
func reverseDiffIsMirrored(_ name: String) throws {
  let a = try template("\(name).a.yaml")
  let b = try template("\(name).b.yaml")
  let forward = TemplateDiffer().diff(from: a, to: b)
  let backward = TemplateDiffer().diff(from: b, to: a)

  #expect(forward.summary.toAdd == backward.summary.toDestroy)
  #expect(forward.summary.toDestroy == backward.summary.toAdd)
  #expect(forward.summary.toChange == backward.summary.toChange)
  #expect(forward.summary.replacements == backward.summary.replacements)
  #expect(forward.summary.possibleReplacements == backward.summary.possibleReplacements)

  #expect(forward.resources.map(mirrorKey).sorted() == backward.resources.map(identityKey).sorted())
  for change in forward.resources where change.status == .modified {
    let counterpart = try #require(backward.resources.first { $0.logicalID == change.logicalID })
    #expect(counterpart.impact == change.impact)
    #expect(counterpart.replacementCauses == change.replacementCauses)
    // Changes at the same path (set members) may come in another order.
    #expect(Set(counterpart.changes) == Set(change.changes.map(\.mirrored)))
    #expect(counterpart.changes.count == change.changes.count)
  }
  for (section, mirrored) in [
    (forward.parameters, backward.parameters), (forward.outputs, backward.outputs),
    (forward.mappings, backward.mappings), (forward.conditions, backward.conditions),
  ] {
    #expect(section.map { $0.name } == mirrored.map { $0.name })
    #expect(section.map { $0.changes.map(\.mirrored) } == mirrored.map(\.changes))
  }
  #expect(
    forward.iamStatements.map { statementKey($0, flip: true) }.sorted()
      == backward.iamStatements.map { statementKey($0, flip: false) }.sorted())
  #expect(forward.securityGroupRules.count == backward.securityGroupRules.count)
}

private func flipped(_ kind: ChangeKind) -> ChangeKind {
  switch kind {
  case .added: return .removed
  case .removed: return .added
  case .changed: return .changed
  }
}

/// A resource change as the reverse diff should report it.
private func mirrorKey(_ change: ResourceChange) -> String {
  switch change.status {
  case .added: return "removed \(change.logicalID) \(change.type)"
  case .removed: return "added \(change.logicalID) \(change.type)"
  case .modified: return "modified \(change.logicalID) \(change.oldType ?? change.type)"
  case .renamed: return "renamed \(change.renamedFrom ?? "") from \(change.logicalID)"
  }
}

private func identityKey(_ change: ResourceChange) -> String {
  switch change.status {
  case .renamed: return "renamed \(change.logicalID) from \(change.renamedFrom ?? "")"
  default: return "\(change.status.rawValue) \(change.logicalID) \(change.type)"
  }
}

private func statementKey(_ change: IAMStatementChange, flip: Bool) -> String {
  let kind = flip ? flipped(change.kind) : change.kind
  return [kind.rawValue, change.resource, change.document, change.effect]
    .joined(separator: " ")
    + (change.actions + change.resources + change.principals + change.conditions).joined(
      separator: ",")
}
