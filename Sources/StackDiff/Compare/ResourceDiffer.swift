import CloudFormation

/// Compares the resources of two templates: impact, replacement causes, renames and dangers.
struct ResourceDiffer {
  var facts: any ResourceFactsProvider
  var names: NamePrefixes?
  let cache = FactCache()

  /// The attributes compared besides `Properties`, in the writers' order.
  static let attributeKeys = [
    "Type", "Condition", "DependsOn", "DeletionPolicy", "UpdateReplacePolicy", "UpdatePolicy",
    "CreationPolicy", "Metadata",
  ]

  func diff(_ old: OrderedMap<Resource>, _ new: OrderedMap<Resource>) -> [ResourceChange] {
    var result: [ResourceChange] = []
    var removed: [String] = []
    var added: [String] = []
    for (id, before) in old {
      if let after = new[id] {
        if let change = modified(id, before, after) { result.append(change) }
      } else {
        removed.append(id)
      }
    }
    for id in new.keys where !old.contains(id) { added.append(id) }

    // A resource that disappears while an identical one appears under another ID is a rename.
    var addedByContent: [String: [String]] = [:]
    for id in added {
      if let resource = new[id] {
        addedByContent[contentKey(resource, side: .new), default: []].append(id)
      }
    }
    var renamedTo: Set<String> = []
    for id in removed {
      guard let before = old[id] else { continue }
      let content = contentKey(before, side: .old)
      if var candidates = addedByContent[content], !candidates.isEmpty {
        let target = candidates.removeFirst()
        addedByContent[content] = candidates
        renamedTo.insert(target)
        result.append(renamed(from: id, to: target, before, new[target] ?? before))
      } else {
        result.append(destroyed(id, before))
      }
    }
    for id in added where !renamedTo.contains(id) {
      if let after = new[id] { result.append(created(id, after)) }
    }
    return result.sorted {
      ($0.logicalID, $0.renamedFrom ?? "") < ($1.logicalID, $1.renamedFrom ?? "")
    }
  }

  private func contentKey(_ resource: Resource, side: Side) -> String {
    let comparer = ValueComparer(
      resourceType: resource.type, facts: facts, names: names, cache: cache)
    return resource.type + "|"
      + comparer.key(.map(resource.properties), at: .properties, side: side)
  }

  private func modified(_ id: String, _ old: Resource, _ new: Resource) -> ResourceChange? {
    // Identical resources (the common case) need no semantic comparison.
    if old == new { return nil }
    var comparer = ValueComparer(resourceType: new.type, facts: facts, names: names, cache: cache)
    let oldDocument = old.document.mapValue ?? [:]
    let newDocument = new.document.mapValue ?? [:]
    var unchanged = 0
    for key in Self.attributeKeys {
      let before = comparer.changes.count
      comparer.compare(
        oldDocument[key], newDocument[key], at: PropertyPath([.key(key)]),
        position: Position(
          pointer: nil, replacementPointer: nil, role: key == "DependsOn" ? .stringSet : .plain))
      if comparer.changes.count == before, oldDocument[key] != nil { unchanged += 1 }
    }
    // Keys only a transform or macro reads (`Version`, a macro's `Count`), compared as written.
    var untypedKeys = old.untypedAttributes.keys
    for key in new.untypedAttributes.keys where !old.untypedAttributes.contains(key) {
      untypedKeys.append(key)
    }
    for key in untypedKeys where !Self.attributeKeys.contains(key) && key != "Properties" {
      let before = comparer.changes.count
      comparer.compare(
        oldDocument[key], newDocument[key], at: PropertyPath([.key(key)]), position: .plain)
      if comparer.changes.count == before { unchanged += 1 }
    }
    var propertyNames = old.properties.keys
    for name in new.properties.keys where !old.properties.contains(name) {
      propertyNames.append(name)
    }
    for name in propertyNames {
      let before = comparer.changes.count
      comparer.compare(
        old.properties[name], new.properties[name],
        at: PropertyPath([.key("Properties"), .key(name)]),
        position: Position.properties.child(name))
      if comparer.changes.count == before { unchanged += 1 }
    }
    guard !comparer.changes.isEmpty else { return nil }
    let changes = comparer.changes.sorted { $0.path < $1.path }

    var impact = ResourceImpact.update
    var causes: [PropertyPath] = []
    if old.type != new.type {
      impact = .willReplace
      causes = [PropertyPath([.key("Type")])]
    } else {
      let propertyChanges = changes.filter { $0.path.components.first == .key("Properties") }
      let worst = propertyChanges.map(\.replacement).max() ?? .never
      impact = Self.impact(for: worst)
      if worst != .never {
        causes = uniqueTopLevel(propertyChanges.filter { $0.replacement == worst }.map(\.path))
      }
    }
    var change = ResourceChange(
      logicalID: id, type: new.type, oldType: old.type == new.type ? nil : old.type,
      status: .modified, impact: impact, replacementCauses: causes, changes: changes,
      unchangedCount: unchanged, isStateful: facts.isStateful(type: new.type))
    if impact == .unknown {
      change.hint =
        "\(new.type) is not in the resource facts; check its schema for create-only properties"
    } else if changes.contains(where: { $0.path.components.first == .key("Condition") }) {
      change.hint =
        "the resource's Condition changed: depending on the parameters it may be created or deleted"
    }
    change.deletionPolicy = old.deletionPolicy?.rawValue
    change.updateReplacePolicy = new.updateReplacePolicy?.rawValue
    change.danger = danger(for: change, old: old, new: new)
    if old.type == new.type {
      change.customNameProperties = keptCustomName(old, new, changes: changes)
    }
    return change
  }

  /// The properties that name the resource (`Properties.TableName`), when all are set on both
  /// sides and none changed; empty otherwise.
  private func keptCustomName(_ old: Resource, _ new: Resource, changes: [PropertyChange])
    -> [PropertyPath]
  {
    let names = facts.customNamePaths(type: new.type).compactMap { path -> String? in
      let parts = path.split(separator: "/")
      return parts.count == 2 && parts[0] == "properties" ? String(parts[1]) : nil
    }
    // With names normalized, two names that only differ by the prefix compare equal, yet they
    // are different names: only a name written the same way is kept.
    guard !names.isEmpty,
      names.allSatisfy({ name in
        old.properties[name] != nil && new.properties[name] != nil
          && (self.names == nil || old.properties[name] == new.properties[name])
      })
    else { return [] }
    let paths = names.map { PropertyPath([.key("Properties"), .key($0)]) }
    let renamed = changes.contains { change in
      paths.contains { Array(change.path.components.prefix(2)) == $0.components }
    }
    return renamed ? [] : paths
  }

  private func created(_ id: String, _ resource: Resource) -> ResourceChange {
    ResourceChange(
      logicalID: id, type: resource.type, status: .added, impact: .create,
      isStateful: facts.isStateful(type: resource.type))
  }

  private func destroyed(_ id: String, _ resource: Resource) -> ResourceChange {
    var change = ResourceChange(
      logicalID: id, type: resource.type, status: .removed, impact: .destroy,
      isStateful: facts.isStateful(type: resource.type))
    change.deletionPolicy = resource.deletionPolicy?.rawValue
    change.danger = danger(for: change, old: resource, new: nil)
    return change
  }

  private func renamed(from oldID: String, to newID: String, _ old: Resource, _ new: Resource)
    -> ResourceChange
  {
    var change = ResourceChange(
      logicalID: newID, renamedFrom: oldID, type: new.type, status: .renamed, impact: .willReplace,
      replacementCauses: [PropertyPath([.key("LogicalId")])],
      isStateful: facts.isStateful(type: new.type),
      hint:
        "the logical ID changed from \(oldID) to \(newID), so CloudFormation creates a new resource and deletes the old one; keep the old logical ID to update it in place"
    )
    change.deletionPolicy = old.deletionPolicy?.rawValue
    change.updateReplacePolicy = new.updateReplacePolicy?.rawValue
    change.danger = danger(for: change, old: old, new: new)
    change.customNameProperties = keptCustomName(old, new, changes: [])
    return change
  }

  /// The change with the policies that decide a replacement's or deletion's outcome, and its
  /// danger.
  private func danger(for change: ResourceChange, old: Resource, new: Resource?) -> Danger? {
    var change = change
    change.isStateful = change.isStateful || facts.isStateful(type: old.type)
    change.deletionPolicy = old.deletionPolicy?.rawValue
    change.updateReplacePolicy = (new ?? old).updateReplacePolicy?.rawValue
    return change.assessedDanger
  }

  static func impact(for rule: ReplacementRule) -> ResourceImpact {
    switch rule {
    case .never: return .update
    case .conditional: return .mayReplace
    case .unknown: return .unknown
    case .always: return .willReplace
    }
  }

  /// The properties (`Properties.KeySchema`) that the changed paths are under, once each.
  private func uniqueTopLevel(_ paths: [PropertyPath]) -> [PropertyPath] {
    var seen: Set<PropertyPath> = []
    var result: [PropertyPath] = []
    for path in paths {
      let top = PropertyPath(Array(path.components.prefix(2)))
      if seen.insert(top).inserted { result.append(top) }
    }
    return result
  }
}
