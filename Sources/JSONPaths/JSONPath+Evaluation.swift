import CloudFormation

extension JSONPath {
  /// Every value the path selects in `document`, in document order. A `$$` path is read
  /// against whatever document is passed; see ``value(input:context:)`` to pick one by root.
  public func select(in document: JSONDocument) -> [JSONPathMatch] {
    JSONPathEvaluator.select(segments: segments, from: document, root: document)
  }

  /// The value the path names: for a definite path the single value (or an error naming the
  /// first step that found nothing), for an indefinite path an array of every selected value.
  public func value(in document: JSONDocument) throws(JSONPathError) -> JSONDocument {
    guard isDefinite else { return .array(select(in: document).map(\.value)) }
    var node = document
    var location: [JSONPathLocation] = []
    for (position, segment) in segments.enumerated() {
      guard case .child(let selector) = segment else { break }
      let next: JSONDocument?
      switch selector {
      case .name(let name):
        location.append(.member(name))
        next = node[name]
      case .index(let index):
        location.append(.index(index))
        next = JSONPathEvaluator.element(of: node, at: index)
      default:
        next = nil
      }
      guard let found = next else {
        let normalized = JSONPathLocation.normalized(location)
        if position == segments.count - 1 {
          throw .noResults(path: text, normalized: normalized)
        }
        throw .missingProperty(path: text, normalized: normalized)
      }
      node = found
    }
    return node
  }

  /// ``value(in:)`` against `input` for a `$` path and `context` for a `$$` path.
  public func value(input: JSONDocument, context: JSONDocument) throws(JSONPathError)
    -> JSONDocument
  {
    try value(in: root == .context ? context : input)
  }

  /// Whether the path selects anything in `document` (a definite path: whether the value exists).
  public func exists(in document: JSONDocument) -> Bool {
    isDefinite ? (try? value(in: document)) != nil : !select(in: document).isEmpty
  }
}
