import CloudFormation

/// Applies segments to documents.
enum JSONPathEvaluator {
  static func select(segments: [JSONPathSegment], from start: JSONDocument, root: JSONDocument)
    -> [JSONPathMatch]
  {
    var matches = [JSONPathMatch(value: start, location: [])]
    for segment in segments {
      var next: [JSONPathMatch] = []
      for match in matches {
        switch segment {
        case .child(let selector):
          next += apply(selector, to: match, root: root)
        case .descendant(let selector):
          for node in selfAndDescendants(match) {
            next += apply(selector, to: node, root: root)
          }
        }
      }
      matches = next
    }
    return matches
  }

  /// The single value a relative path names inside a filter, or `nil`.
  static func single(segments: [JSONPathSegment], from start: JSONDocument, root: JSONDocument)
    -> JSONDocument?
  {
    let matches = select(segments: segments, from: start, root: root)
    guard let first = matches.first else { return nil }
    let definite = segments.allSatisfy {
      if case .child(let selector) = $0 { return selector.isSingle }
      return false
    }
    return definite ? first.value : .array(matches.map(\.value))
  }

  static func element(of node: JSONDocument, at index: Int) -> JSONDocument? {
    guard let elements = node.elements else { return nil }
    let position = index < 0 ? elements.count + index : index
    return elements.indices.contains(position) ? elements[position] : nil
  }

  private static func apply(
    _ selector: JSONPathSelector, to match: JSONPathMatch, root: JSONDocument
  ) -> [JSONPathMatch] {
    let node = match.value
    switch selector {
    case .name(let name):
      guard let value = node[name] else { return [] }
      return [JSONPathMatch(value: value, location: match.location + [.member(name)])]
    case .index(let index):
      guard let elements = node.elements else { return [] }
      let position = index < 0 ? elements.count + index : index
      guard elements.indices.contains(position) else { return [] }
      return [
        JSONPathMatch(value: elements[position], location: match.location + [.index(position)])
      ]
    case .wildcard:
      return children(of: match)
    case .slice(let start, let end, let step):
      guard let elements = node.elements else { return [] }
      return slice(elements.count, start: start, end: end, step: step ?? 1).map {
        JSONPathMatch(value: elements[$0], location: match.location + [.index($0)])
      }
    case .union(let selectors):
      return selectors.flatMap { apply($0, to: match, root: root) }
    case .filter(let filter):
      // In Step Functions' paths `@` matches objects only, never scalar values.
      if node.elements != nil {
        return children(of: match).filter {
          $0.value.members != nil && filter.holds(for: $0.value, root: root)
        }
      }
      return node.members != nil && filter.holds(for: node, root: root) ? [match] : []
    }
  }

  private static func children(of match: JSONPathMatch) -> [JSONPathMatch] {
    switch match.value {
    case .array(let elements):
      return elements.enumerated().map {
        JSONPathMatch(value: $0.element, location: match.location + [.index($0.offset)])
      }
    case .object(let members):
      return members.map {
        JSONPathMatch(value: $0.1, location: match.location + [.member($0.0)])
      }
    default:
      return []
    }
  }

  private static func selfAndDescendants(_ match: JSONPathMatch) -> [JSONPathMatch] {
    var result = [match]
    for child in children(of: match) {
      result += selfAndDescendants(child)
    }
    return result
  }

  /// Python's slice bounds.
  private static func slice(_ count: Int, start: Int?, end: Int?, step: Int) -> [Int] {
    func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int {
      Swift.max(low, Swift.min(high, value))
    }
    var indexes: [Int] = []
    if step > 0 {
      var from = start.map { $0 < 0 ? $0 + count : $0 } ?? 0
      var to = end.map { $0 < 0 ? $0 + count : $0 } ?? count
      from = clamp(from, 0, count)
      to = clamp(to, 0, count)
      var position = from
      while position < to {
        indexes.append(position)
        position += step
      }
    } else {
      var from = start.map { $0 < 0 ? $0 + count : $0 } ?? count - 1
      var to = end.map { $0 < 0 ? $0 + count : $0 } ?? -1
      from = clamp(from, -1, count - 1)
      to = clamp(to, -1, count - 1)
      var position = from
      while position > to {
        indexes.append(position)
        position += step
      }
    }
    return indexes
  }
}
