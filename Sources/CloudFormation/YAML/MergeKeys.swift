/// Resolves YAML 1.1 merge keys: `<<: *base` (or `<<: [*first, *second]`) copies the entries of
/// the merged maps that the mapping does not set itself.
///
/// ```yaml
/// Defaults: &defaults {Runtime: python3.12, Timeout: 30}
/// Function:
///   <<: *defaults     # Runtime: python3.12
///   Timeout: 60       # the mapping's own key wins
/// ```
///
/// As YAML 1.1 defines it, a key of the mapping itself wins over a merged one, and among merged
/// maps the first that has a key wins. Merged entries take the place of the merge key.
struct MergeKeys {
  let file: String

  /// A mapping node from its pairs as written, merge keys resolved.
  func resolve(_ pairs: [(key: Node, value: Node)], tag: String?, mark: SourceMark) throws -> Node {
    guard pairs.contains(where: { isMergeKey($0.key) }) else {
      return Node(.mapping(pairs), tag: tag, mark: mark)
    }
    var own = Set<String>()
    for pair in pairs where !isMergeKey(pair.key) {
      if case .scalar(let text, _) = pair.key.kind { own.insert(text) }
    }
    var result: [(key: Node, value: Node)] = []
    var merged = Set<Int>()
    var mergeKeyMarks: [SourceMark] = []
    var taken = Set<String>()
    for pair in pairs {
      guard isMergeKey(pair.key) else {
        result.append(pair)
        continue
      }
      if let keyMark = pair.key.mark { mergeKeyMarks.append(keyMark) }
      for source in try sources(of: pair.value) {
        guard case .mapping(let entries) = source.kind else { continue }
        for entry in entries {
          guard case .scalar(let key, _) = entry.key.kind else { continue }
          guard !own.contains(key), taken.insert(key).inserted else { continue }
          merged.insert(result.count)
          result.append(entry)
        }
      }
    }
    var node = Node(.mapping(result), tag: tag, mark: mark)
    node.mergedPairs = merged
    node.mergeKeyMarks = mergeKeyMarks
    return node
  }

  /// A plain `<<` or one tagged `!!merge`; a quoted `"<<"` is an ordinary key.
  private func isMergeKey(_ node: Node) -> Bool {
    guard case .scalar(let text, let plain) = node.kind, text == "<<" else { return false }
    return node.tag == "tag:yaml.org,2002:merge" || (node.tag == nil && plain)
  }

  private func sources(of value: Node) throws -> [Node] {
    switch value.kind {
    case .mapping where value.tag == nil: return [value]
    case .sequence(let items) where value.tag == nil:
      for item in items {
        guard item.tag == nil, case .mapping = item.kind else {
          throw TemplateError(
            file: file, mark: item.mark,
            message:
              "merge key '<<' expects a map or a list of maps, got \(item.kindName) in the list")
        }
      }
      return items
    default:
      throw TemplateError(
        file: file, mark: value.mark,
        message:
          "merge key '<<' expects a map or a list of maps, got \(value.tag ?? value.kindName)")
    }
  }
}
