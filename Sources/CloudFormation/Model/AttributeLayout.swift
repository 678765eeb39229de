/// Puts the entries that the model keeps as data back among the typed ones when a template,
/// resource, parameter or output is written.
enum AttributeLayout {
  /// `typed` in its canonical order, with the `written` values of the same keys where they still
  /// say what the typed value says (`MinLength: "3"` stays a string, `DependsOn: Queue` stays
  /// one name), and the keys only `written` has: those of `order` at their place, others last.
  static func merge(
    typed: OrderedMap<Value>, written: OrderedMap<Value>, order: [String]
  ) -> OrderedMap<Value> {
    guard !written.isEmpty else { return typed }
    var result = OrderedMap<Value>()
    for key in order {
      switch (typed[key], written[key]) {
      case (let value?, let spelling?): result[key] = agrees(spelling, value) ? spelling : value
      case (let value?, nil): result[key] = value
      case (nil, let spelling?): result[key] = spelling
      case (nil, nil): break
      }
    }
    for (key, value) in typed where result[key] == nil { result[key] = value }
    for (key, value) in written where result[key] == nil { result[key] = value }
    return result
  }

  /// Attributes kept as data in one order whatever the file's: those of `order` first, in that
  /// order, then the others as written. Reading a template back after writing it gives equal
  /// values.
  static func canonical(_ attributes: OrderedMap<Value>, order: [String]) -> OrderedMap<Value> {
    guard attributes.count > 1 else { return attributes }
    let known = order.filter { attributes.contains($0) }
    let others = attributes.keys.filter { !order.contains($0) }
    return OrderedMap((known + others).compactMap { key in attributes[key].map { (key, $0) } })
  }

  /// Untyped entries in one order whatever the file's: the top level first (the sections a
  /// typed field could not hold in CloudFormation's order, then the others as written), then
  /// each section's in the order of the sections. Within a section the file's order stays.
  static func canonical(_ entries: [UntypedEntry]) -> [UntypedEntry] {
    guard entries.count > 1 || entries.contains(where: { $0.section == nil }) else {
      return entries
    }
    let sections = Template.sectionOrder
    func rank(_ entry: UntypedEntry) -> (Int, Int) {
      guard let section = entry.section else {
        return (0, sections.firstIndex(of: entry.key) ?? sections.count)
      }
      return (1, sections.firstIndex(of: section) ?? sections.count)
    }
    return entries.enumerated().map { offset, entry in
      var entry = entry
      if entry.section == nil, sections.contains(entry.key) { entry.after = nil }
      return (offset, entry)
    }.sorted { lhs, rhs in
      let (left, right) = (rank(lhs.1), rank(rhs.1))
      return left != right ? left < right : lhs.0 < rhs.0
    }.map(\.1)
  }

  /// `entries` with each untyped entry inserted after the key it followed in the file.
  static func place(_ untyped: [UntypedEntry], in entries: OrderedMap<Value>) -> OrderedMap<Value> {
    guard !untyped.isEmpty else { return entries }
    var keys = entries.keys
    var values: [String: Value] = [:]
    for (key, value) in entries { values[key] = value }
    var leading = 0
    for entry in untyped where values[entry.key] == nil {
      values[entry.key] = entry.value
      if let after = entry.after, let index = keys.firstIndex(of: after) {
        keys.insert(entry.key, at: index + 1)
      } else if entry.after == nil {
        keys.insert(entry.key, at: leading)
        leading += 1
      } else {
        keys.append(entry.key)
      }
    }
    return OrderedMap(keys.compactMap { key in values[key].map { (key, $0) } })
  }

  /// Whether a value as written says what the typed value says: `"3"` and `3`, `"true"` and
  /// `true`, `Queue` and `[Queue]`, `0x10` and `16`.
  static func agrees(_ written: Value, _ typed: Value) -> Bool {
    if written == typed { return true }
    switch (written, typed) {
    case (.string(let text), .number(let number)): return text == number.text
    case (.number(let a), .number(let b)): return a.jsonText != nil && a.jsonText == b.jsonText
    case (.string(let text), .bool(let bool)):
      return ValueDecoder.resolvePlain(text) == .bool(bool)
    case (.string, .list(let list)), (.intrinsic, .list(let list)):
      return list == [written]
    default: return false
    }
  }
}
