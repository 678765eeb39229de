import CloudFormation

/// Writes policy documents in facestack's canonical, deterministic form.
///
/// Keys in IAM's documented order (`Version`, `Id`, `Statement`; `Sid`, `Effect`, `Principal`,
/// `Action`, `Resource`, `Condition`), actions sorted case-insensitively and de-duplicated,
/// resources, principals and condition values sorted and de-duplicated, statements sorted by
/// their written form. A list of one is written as its single element, as IAM and CDK do.
///
/// ```swift
/// let json = PolicyWriter.json(document)          // pretty JSON, final newline
/// let value = PolicyWriter.value(document)        // for a template's PolicyDocument
/// ```
public enum PolicyWriter {
  /// The document as a template value, intrinsics kept.
  public static func value(_ document: PolicyDocument) -> Value {
    var map = OrderedMap<Value>()
    map["Version"] = document.version.map(Value.string)
    map["Id"] = document.id.map(Value.string)
    let statements = document.statements.map(value)
      .map { ($0, TemplateWriter.compactJSON($0)) }
    var seen = Set<String>()
    map["Statement"] = .list(
      statements.sorted { $0.1 < $1.1 }.filter { seen.insert($0.1).inserted }.map(\.0))
    return .map(map)
  }

  /// One statement as a template value, normalized.
  public static func value(_ statement: Statement) -> Value {
    var map = OrderedMap<Value>(minimumCapacity: 6)
    map["Sid"] = statement.sid.map(Value.string)
    map["Effect"] = .string(statement.effect.rawValue)
    if let principal = statement.principal {
      map[statement.principalIsNegated ? "NotPrincipal" : "Principal"] = value(principal)
    }
    let actions = statement.actions.normalized
    map[actions.key] = collapsed(actions.patterns.map(Value.string))
    if let resources = statement.resources?.normalized {
      map[resources.key] = collapsed(resources.values)
    }
    if !statement.conditions.isEmpty { map["Condition"] = value(statement.conditions) }
    return .map(map)
  }

  /// Pretty-printed JSON with a final newline, as committed under `policies/`.
  public static func json(_ document: PolicyDocument) -> String {
    let text = TemplateWriter.json(value(document))
    return text.hasSuffix("\n") ? text : text + "\n"
  }

  /// JSON without whitespace, as IAM measures policy size.
  public static func compactJSON(_ document: PolicyDocument) -> String {
    TemplateWriter.compactJSON(value(document))
  }

  static func value(_ principal: Principal) -> Value {
    switch principal.normalized {
    case .any: return "*"
    case .entries(let entries):
      var map = OrderedMap<Value>()
      for kind in entries.keys.sorted() {
        map[kind.rawValue] = collapsed(entries[kind] ?? [])
      }
      return .map(map)
    }
  }

  static func value(_ conditions: [Condition]) -> Value {
    // A list searched in order, not a dictionary keyed by `ConditionOperator`: a statement has
    // a few operators, and that dictionary cost a scan of every protocol conformance in the
    // process (its key's `Hashable`) at first use.
    var grouped: [(op: ConditionOperator, keys: [String: (key: String, values: [Value])])] = []
    for condition in conditions {
      if !grouped.contains(where: { $0.op == condition.operator }) {
        grouped.append((condition.operator, [:]))
      }
      guard let index = grouped.firstIndex(where: { $0.op == condition.operator }) else { continue }
      let folded = condition.key.lowercased()
      var entry = grouped[index].keys[folded] ?? (condition.key, [])
      entry.values += condition.values
      grouped[index].keys[folded] = entry
    }
    var map = OrderedMap<Value>()
    for (op, keys) in grouped.sorted(by: { $0.op < $1.op }) {
      var inner = OrderedMap<Value>()
      for folded in keys.keys.sorted() {
        guard let entry = keys[folded] else { continue }
        inner[entry.key] = collapsed(ResourceList.resources(entry.values).normalized.values)
      }
      map[op.description] = .map(inner)
    }
    return .map(map)
  }

  private static func collapsed(_ values: [Value]) -> Value {
    values.count == 1 ? values[0] : .list(values)
  }
}
