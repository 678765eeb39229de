import CloudFormation
import JSONPaths

/// Walks a pattern and an event together.
enum PatternMatcher {
  static func mismatch(of object: PatternObject, against value: JSONDocument?, path: [String])
    -> PatternMismatch?
  {
    if let value, case .array = value {
      let elements = flattened(value)
      if !elements.isEmpty {
        var first: PatternMismatch?
        for element in elements {
          guard let failure = mismatch(of: object, against: element, path: path) else {
            return nil
          }
          first = first ?? failure
        }
        return first.map {
          PatternMismatch(
            field: $0.field, reason: "no element of the array matches; first: \($0.reason)")
        }
      }
      return mismatch(of: object, against: nil, path: path)
    }
    let members = value?.members
    for field in object.fields {
      let fieldValue = members.flatMap { member(named: field.name, in: $0) }
      if let failure = mismatch(of: field, value: fieldValue, path: path + [field.name]) {
        return failure
      }
    }
    guard !object.alternatives.isEmpty else { return nil }
    var failures: [PatternMismatch] = []
    for alternative in object.alternatives {
      guard let failure = mismatch(of: alternative, against: value, path: path) else {
        return nil
      }
      failures.append(failure)
    }
    return PatternMismatch(
      field: path.joined(separator: "."),
      reason: "none of the \(failures.count) $or alternatives matches: "
        + failures.map(\.description).joined(separator: "; "))
  }

  private static func mismatch(of field: PatternField, value: JSONDocument?, path: [String])
    -> PatternMismatch?
  {
    let name = path.joined(separator: ".")
    switch field.rule {
    case .object(let nested):
      return mismatch(of: nested, against: value, path: path)
    case .values(let matchers, let text):
      let leaves = leafValues(value)
      for matcher in matchers {
        if case .exists(let wanted) = matcher {
          if wanted == !leaves.isEmpty { return nil }
        } else if leaves.contains(where: matcher.matches) {
          return nil
        }
      }
      guard let value else {
        return PatternMismatch(field: name, reason: "is missing; the pattern expects \(text)")
      }
      if case .object = value {
        return PatternMismatch(
          field: name, reason: "is an object, not a value; the pattern expects \(text)")
      }
      if leaves.isEmpty {
        return PatternMismatch(field: name, reason: "has no values; the pattern expects \(text)")
      }
      return PatternMismatch(field: name, reason: "\(value.compactText) matches none of \(text)")
    }
  }

  /// The event's member `name`. Like event-ruler, which joins names with dots before it
  /// matches, `{"a.b": ...}` and `{"a": {"b": ...}}` name the same field in patterns and events.
  private static func member(named name: String, in members: [(String, JSONDocument)])
    -> JSONDocument?
  {
    if let exact = members.last(where: { $0.0 == name }) { return exact.1 }
    var dot = name.firstIndex(of: ".")
    while let position = dot {
      if let parent = member(named: String(name[..<position]), in: members)?.members,
        let found = member(named: String(name[name.index(after: position)...]), in: parent)
      {
        return found
      }
      dot = name[name.index(after: position)...].firstIndex(of: ".")
    }
    let prefix = name + "."
    let dotted = members.filter { $0.0.hasPrefix(prefix) }.map {
      (String($0.0.dropFirst(prefix.count)), $0.1)
    }
    return dotted.isEmpty ? nil : .object(dotted)
  }

  /// The scalar values of a field: itself, or the scalars of an array (nested arrays
  /// flattened); objects are not values.
  private static func leafValues(_ value: JSONDocument?) -> [JSONDocument] {
    guard let value else { return [] }
    switch value {
    case .object: return []
    case .array: return flattened(value).filter { $0.members == nil }
    default: return [value]
    }
  }

  private static func flattened(_ value: JSONDocument) -> [JSONDocument] {
    guard let elements = value.elements else { return [value] }
    return elements.flatMap(flattened)
  }
}
