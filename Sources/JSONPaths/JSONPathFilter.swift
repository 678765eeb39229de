import CloudFormation

/// A filter expression, `[?(@.price < 10 && @.tag)]`: comparisons of the current element's
/// values (`@...`), the document's values (`$...`) and literals, combined with `&&`, `||`, `!`.
public indirect enum JSONPathFilter: Sendable, Equatable {
  /// `@.tag`: the operand selects a value.
  case exists(JSONPathFilterOperand)
  /// `@.price < 10`.
  case compare(JSONPathFilterOperand, JSONPathComparison, JSONPathFilterOperand)
  /// `a && b`.
  case and(JSONPathFilter, JSONPathFilter)
  /// `a || b`.
  case or(JSONPathFilter, JSONPathFilter)
  /// `!a`.
  case not(JSONPathFilter)

  /// Whether the filter holds for `element`, within `root`.
  func holds(for element: JSONDocument, root: JSONDocument) -> Bool {
    switch self {
    case .exists(let operand): return operand.value(element: element, root: root) != nil
    case .compare(let left, let comparison, let right):
      guard let lhs = left.value(element: element, root: root),
        let rhs = right.value(element: element, root: root)
      else { return comparison == .notEqual }
      return comparison.holds(lhs, rhs)
    case .and(let left, let right):
      return left.holds(for: element, root: root) && right.holds(for: element, root: root)
    case .or(let left, let right):
      return left.holds(for: element, root: root) || right.holds(for: element, root: root)
    case .not(let inner): return !inner.holds(for: element, root: root)
    }
  }
}

/// One side of a filter comparison.
public enum JSONPathFilterOperand: Sendable, Equatable {
  /// `@`, `@.a.b`: relative to the element being filtered.
  case current([JSONPathSegment])
  /// `$.a.b`: relative to the document.
  case root([JSONPathSegment])
  /// `10`, `'text'`, `true`, `null`.
  case literal(JSONDocument)

  func value(element: JSONDocument, root: JSONDocument) -> JSONDocument? {
    switch self {
    case .literal(let value): return value
    case .current(let segments):
      return JSONPathEvaluator.single(segments: segments, from: element, root: root)
    case .root(let segments):
      return JSONPathEvaluator.single(segments: segments, from: root, root: root)
    }
  }
}

/// A comparison operator of a filter.
public enum JSONPathComparison: String, Sendable, Equatable {
  /// `==`.
  case equal = "=="
  /// `!=`.
  case notEqual = "!="
  /// `<`.
  case less = "<"
  /// `<=`.
  case lessOrEqual = "<="
  /// `>`.
  case greater = ">"
  /// `>=`.
  case greaterOrEqual = ">="

  /// Numbers compare by value, strings by UTF-16 code units (Java's `compareTo`), other
  /// values only for (in)equality; values of different kinds are unequal and unordered.
  func holds(_ lhs: JSONDocument, _ rhs: JSONDocument) -> Bool {
    switch self {
    case .equal: return lhs.isEquivalent(to: rhs)
    case .notEqual: return !lhs.isEquivalent(to: rhs)
    default: break
    }
    let order: Int
    if let left = lhs.doubleValue, let right = rhs.doubleValue {
      order = left < right ? -1 : (left > right ? 1 : 0)
    } else if let left = lhs.stringValue, let right = rhs.stringValue {
      order = JSONDocument.compareUTF16(left, right)
    } else {
      return false
    }
    switch self {
    case .less: return order < 0
    case .lessOrEqual: return order <= 0
    case .greater: return order > 0
    case .greaterOrEqual: return order >= 0
    case .equal, .notEqual: return false
    }
  }
}
