/// A YAML comment as found in the source: its text (from `#` to the end of the line, trailing
/// spaces removed) and where it is.
struct SourceComment: Hashable, Sendable {
  /// The text from `#` on.
  var text: String
  /// Where the `#` is, 1-based, columns counted in characters as libyaml counts them.
  var mark: SourceMark
  /// Whether nothing but spaces precedes it on its line.
  var isFullLine: Bool
  /// Whether the line before it is blank (for a full-line comment).
  var blankLineBefore: Bool
}

/// A comment attached to a node of the document, by key path.
struct AttachedComment: Hashable, Sendable {
  /// Where the comment goes.
  enum Placement: Hashable, Sendable {
    /// At the top of the document, before everything, separated by a blank line.
    case header
    /// On its own line (or lines) just above the node at the path.
    case above(NodePath)
    /// At the end of the line where the node at the path starts.
    case trailing(NodePath)
    /// At the end of the document.
    case footer
  }

  /// The text from `#` on.
  var text: String
  /// Where it goes.
  var placement: Placement
  /// Whether a blank line preceded it in the source.
  var blankLineBefore: Bool
}

/// A path from the document's root to a node: map keys and list indices. A function key
/// (`Fn::Join`, `Ref`) or a short-form tag adds nothing to it, so `!Join [",", [a]]` and
/// `Fn::Join: [",", [a]]` give their items the same paths.
struct NodePath: Hashable, Sendable, CustomStringConvertible {
  /// One step of a path.
  enum Component: Hashable, Sendable {
    case key(String)
    case index(Int)
  }

  var components: [Component] = []

  /// The path one step down.
  func appending(_ component: Component) -> NodePath {
    NodePath(components: components + [component])
  }

  /// The path one step up; `nil` at the root.
  var parent: NodePath? {
    components.isEmpty ? nil : NodePath(components: components.dropLast())
  }

  var description: String {
    components.map {
      switch $0 {
      case .key(let key): return key
      case .index(let index): return "[\(index)]"
      }
    }.joined(separator: ".")
  }

}
