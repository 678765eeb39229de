/// A request's input as a tree, whatever its wire form (JSON, a query form, XML, CBOR): what
/// the request map's member paths (`Image.S3Object.Bucket`, `RequestItems{}`,
/// `TransactItems[].Put.TableName`) are read from.
public indirect enum InputNode: Hashable, Sendable {
  /// A string, number or boolean, as text.
  case scalar(String)
  /// A list.
  case list([InputNode])
  /// A structure or map, members in order.
  case map([Member])

  /// One member of a map.
  public struct Member: Hashable, Sendable {
    /// The name.
    public var name: String
    /// The value.
    public var value: InputNode
  }

  /// The scalar's text.
  public var text: String? {
    if case .scalar(let text) = self { return text }
    return nil
  }

  /// The member named `name`.
  public subscript(name: String) -> InputNode? {
    if case .map(let members) = self { return members.first { $0.name == name }?.value }
    return nil
  }

  /// The nodes a path reaches: steps separated by `.`, `name[]` each element of a list,
  /// `name{}` each key of a map. A step on a list applies to each element.
  public func resolve(_ path: [PathStep]) -> [InputNode] {
    var current: [InputNode] = [self]
    for step in path {
      var next: [InputNode] = []
      for node in current {
        for child in node.children(named: step.name) {
          switch step.kind {
          case .member: next.append(child)
          case .each:
            if case .list(let items) = child { next += items } else { next.append(child) }
          case .keys:
            if case .map(let members) = child { next += members.map { .scalar($0.name) } }
          }
        }
      }
      current = next
      if current.isEmpty { break }
    }
    return current
  }

  private func children(named name: String) -> [InputNode] {
    switch self {
    case .map(let members): return members.filter { $0.name == name }.map(\.value)
    case .list(let items): return items.flatMap { $0.children(named: name) }
    case .scalar: return []
    }
  }
}

/// One step of a member path.
public struct PathStep: Hashable, Sendable {
  /// How the step reads its member.
  public enum Kind: Hashable, Sendable {
    /// The member itself.
    case member
    /// `[]`: each element of the list.
    case each
    /// `{}`: each key of the map.
    case keys
  }

  /// The member's name on the wire.
  public var name: String
  /// How it is read.
  public var kind: Kind

  /// Steps of `a.b[].c{}`.
  public static func parse(_ path: String) -> [PathStep] {
    path.split(separator: ".").map { part in
      if part.hasSuffix("[]") { return PathStep(name: String(part.dropLast(2)), kind: .each) }
      if part.hasSuffix("{}") { return PathStep(name: String(part.dropLast(2)), kind: .keys) }
      return PathStep(name: String(part), kind: .member)
    }
  }
}
