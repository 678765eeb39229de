/// A YAML or JSON document with the position of every node, for configuration files whose
/// errors must name a line (`stacks/environments/prod.yaml:12: ...`).
///
/// ```swift
/// let root = try DocumentNode.read(bytes, file: "dev.yaml")
/// for entry in root.entries ?? [] { print(entry.key, entry.node.mark?.line ?? 0) }
/// ```
public struct DocumentNode: Sendable {
  /// Where the node starts.
  public var mark: SourceMark?
  /// The node's value, with plain scalars resolved as YAML 1.1 reads them.
  public var value: Value
  /// The scalar's text, when the node is a scalar.
  public var scalarText: String?
  /// The entries of a map, in order, with the key's position.
  public var entries: [Entry]?
  /// The items of a list.
  public var items: [DocumentNode]?

  /// One key of a map.
  public struct Entry: Sendable {
    /// The key.
    public var key: String
    /// Where the key is.
    public var keyMark: SourceMark?
    /// The value.
    public var node: DocumentNode
  }

  /// Reads a YAML or JSON document; errors are ``TemplateError``s with a position.
  public static func read(_ bytes: [UInt8], file: String) throws -> DocumentNode {
    let node = try TemplateReader.parse(bytes, file: file)
    return try DocumentNode(node, decoder: ValueDecoder(file: file))
  }

  init(_ node: Node, decoder: ValueDecoder) throws {
    mark = node.mark
    value = try decoder.value(node)
    switch node.kind {
    case .scalar(let text, _):
      scalarText = text
    case .sequence(let list):
      items = try list.map { try DocumentNode($0, decoder: decoder) }
    case .mapping(let pairs):
      var seen = Set<String>()
      entries = try pairs.map { pair in
        let key = try decoder.scalarKey(pair.key)
        guard seen.insert(key).inserted else {
          throw decoder.error(pair.key, "duplicate key '\(key)'")
        }
        return Entry(
          key: key, keyMark: pair.key.mark, node: try DocumentNode(pair.value, decoder: decoder))
      }
    }
  }
}
