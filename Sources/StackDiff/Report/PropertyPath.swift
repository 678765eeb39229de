/// Where a change is inside a resource, parameter or output: `Properties.KeySchema[0]`,
/// `Properties.Tags[Key=Stage].Value`, `Properties.DefinitionString(json).States.Detect`.
public struct PropertyPath: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// One step of a path.
  public enum Component: Hashable, Sendable {
    /// A map key.
    case key(String)
    /// A list index (in the old list for removals, in the new list otherwise).
    case index(Int)
    /// A member of a list that compares as a set, matched by an identifying field
    /// (`Key=Stage` in a tag list).
    case member(field: String, value: String)
    /// A member of a list that compares as a set, with nothing to match it by.
    case anyMember
    /// The parsed content of a JSON string.
    case json
  }

  /// The steps from the root.
  public var components: [Component]

  /// A path of `components`.
  public init(_ components: [Component] = []) { self.components = components }

  /// This path followed by `component`.
  public func appending(_ component: Component) -> PropertyPath {
    PropertyPath(components + [component])
  }

  /// The path in its readable form.
  public var description: String {
    var text = ""
    for component in components {
      switch component {
      case .key(let key):
        if Self.isPlainKey(key) {
          if !text.isEmpty { text += "." }
          text += key
        } else {
          text += "[\"\(key)\"]"
        }
      case .index(let index): text += "[\(index)]"
      case .member(let field, let value): text += "[\(field)=\(value)]"
      case .anyMember: text += "[*]"
      case .json: text += "(json)"
      }
    }
    return text
  }

  private static func isPlainKey(_ key: String) -> Bool {
    !key.isEmpty
      && key.unicodeScalars.allSatisfy {
        ($0.properties.isAlphabetic && $0.isASCII) || ("0"..."9").contains($0) || $0 == "_"
          || $0 == "-" || $0 == ":" || $0 == "@" || $0 == "$"
      }
  }

  /// Paths sort component by component, list indexes numerically.
  public static func < (lhs: PropertyPath, rhs: PropertyPath) -> Bool {
    for (left, right) in zip(lhs.components, rhs.components) where left != right {
      return left.sortKey < right.sortKey
    }
    return lhs.components.count < rhs.components.count
  }
}

extension PropertyPath.Component {
  fileprivate var sortKey: SortKey {
    switch self {
    case .key(let key): return SortKey(rank: 0, number: 0, text: key)
    case .index(let index): return SortKey(rank: 1, number: index, text: "")
    case .member(let field, let value):
      return SortKey(rank: 2, number: 0, text: field + "=" + value)
    case .anyMember: return SortKey(rank: 3, number: 0, text: "")
    case .json: return SortKey(rank: 4, number: 0, text: "")
    }
  }
}

private struct SortKey: Comparable {
  var rank: Int
  var number: Int
  var text: String

  static func < (lhs: SortKey, rhs: SortKey) -> Bool {
    (lhs.rank, lhs.number, lhs.text) < (rhs.rank, rhs.number, rhs.text)
  }
}
