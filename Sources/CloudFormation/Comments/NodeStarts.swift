/// Where each node of a YAML document starts, by path: the key of each map entry and each list
/// item, in document order. Comments attach to these.
///
/// Nodes reached through an alias are not entered (their text is the anchor's, which has its own
/// path); a merge key (`<<`) and a function key (`Fn::Join:` in long form) start their parent's
/// path, since the written document has no node of their own.
struct NodeStarts {
  /// One start: the position and the path of the node that starts there.
  struct Start: Hashable {
    var mark: SourceMark
    var path: NodePath
  }

  /// The starts in document order; at one position the outer node comes first.
  let starts: [Start]

  init(_ root: Node) {
    var found: [Start] = []
    NodeStarts.walk(root, path: NodePath(), into: &found)
    starts = found.enumerated().sorted {
      ($0.element.mark.line, $0.element.mark.column, $0.offset)
        < ($1.element.mark.line, $1.element.mark.column, $1.offset)
    }.map(\.element)
  }

  /// The first position of each path.
  var firstMarks: [NodePath: SourceMark] {
    var result: [NodePath: SourceMark] = [:]
    for start in starts where result[start.path] == nil { result[start.path] = start.mark }
    return result
  }

  private static func walk(_ node: Node, path: NodePath, into found: inout [Start]) {
    guard !node.isAlias else { return }
    func record(_ mark: SourceMark?, _ path: NodePath) {
      if let mark { found.append(Start(mark: mark, path: path)) }
    }
    switch node.kind {
    case .scalar: return
    case .sequence(let items):
      for (index, item) in items.enumerated() {
        let itemPath = path.appending(.index(index))
        record(item.mark, itemPath)
        walk(item, path: itemPath, into: &found)
      }
    case .mapping(let pairs):
      for mark in node.mergeKeyMarks { record(mark, path) }
      if pairs.count == 1, node.tag == nil, isFunctionKey(pairs[0].key, pairs[0].value) {
        record(pairs[0].key.mark, path)
        walk(pairs[0].value, path: path, into: &found)
        return
      }
      for (index, pair) in pairs.enumerated() where !node.mergedPairs.contains(index) {
        guard case .scalar(let key, _) = pair.key.kind else { continue }
        let entryPath = path.appending(.key(key))
        record(pair.key.mark, entryPath)
        walk(pair.value, path: entryPath, into: &found)
      }
    }
  }

  /// The key of a single-key map that is a function in long form: `Ref`, `Fn::Join`, ... and
  /// `Condition` when it names a condition (`{Condition: IsProd}`).
  static func isFunctionKey(_ key: Node, _ value: Node) -> Bool {
    guard key.tag == nil, case .scalar(let name, _) = key.kind else { return false }
    if name == "Condition" {
      if case .scalar = value.kind { return value.tag == nil }
      return false
    }
    return Intrinsic.functionNames.contains(name) || Intrinsic.untypedFunctionNames.contains(name)
  }
}
