import Foundation

/// A parsed XML element: name, attributes, child elements and text. AWS's XML responses are
/// small, so a tree is simpler to read from than streaming callbacks.
public struct XMLTree: Sendable, Equatable {
  /// The element's local name (namespace prefixes dropped).
  public var name: String
  /// Attributes.
  public var attributes: [String: String]
  /// Child elements in document order.
  public var children: [XMLTree]
  /// The element's own text, entities decoded.
  public var text: String

  /// Creates an element.
  public init(
    name: String, attributes: [String: String] = [:], children: [XMLTree] = [], text: String = ""
  ) {
    self.name = name
    self.attributes = attributes
    self.children = children
    self.text = text
  }

  /// Parses a document and returns its root element.
  public static func parse(_ data: Data) throws(XMLTreeError) -> XMLTree {
    var reader = XMLReader(Array(data))
    return try reader.document()
  }

  /// The first child named `name`.
  public func child(_ name: String) -> XMLTree? {
    children.first(where: { $0.name == name })
  }

  /// All children named `name`.
  public func children(_ name: String) -> [XMLTree] {
    children.filter { $0.name == name }
  }

  /// The element at a path of child names.
  public func path(_ names: String...) -> XMLTree? {
    var node: XMLTree? = self
    for name in names { node = node?.child(name) }
    return node
  }

  /// The text of child `name`, nil when absent.
  public func string(_ name: String) -> String? { child(name)?.text }

  /// The `<member>` children of child `name` (the Query protocol's lists).
  public func members(_ name: String) -> [XMLTree] {
    child(name)?.children("member") ?? []
  }

  /// The first element named `name` anywhere below (depth first), self included.
  public func first(named name: String) -> XMLTree? {
    if self.name == name { return self }
    for child in children {
      if let found = child.first(named: name) { return found }
    }
    return nil
  }
}

/// The XML could not be parsed.
public struct XMLTreeError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The parser's reason.
  public var reason: String
  public var description: String { "malformed xml: \(reason)" }
}
