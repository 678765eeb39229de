/// A template of the request map: an ARN (`arn:${Partition}:s3:::{uri:Bucket}/{uri:Key}`) or a
/// single reference (`{body:QueueUrl|sqsQueueUrl}`). `${Partition}`, `${Region}`, `${Account}`
/// come from the request's context; `{location:path|transform}` from the request (`?` first:
/// optional, empty when absent). Format: `Resources/README.md`.
struct ValueTemplate: Hashable, Sendable {
  enum Piece: Hashable, Sendable {
    case literal(String)
    case context(String)
    case reference(Reference)
  }

  /// Where a referenced value is read.
  struct Reference: Hashable, Sendable {
    enum Location: Hashable, Sendable {
      case uri(String)
      case query(String)
      case header(String)
      case body([PathStep])
    }
    var location: Location
    var transform: ValueTransform?
    var optional: Bool
  }

  var pieces: [Piece]

  /// Parses a template; throws on a malformed one (a broken request map).
  init(_ text: String) throws(RequestMapFileError) {
    var pieces: [Piece] = []
    var literal = ""
    var rest = Substring(text)
    while let first = rest.first {
      if rest.hasPrefix("${"), let end = rest.firstIndex(of: "}") {
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        literal = ""
        let name = String(rest[rest.index(rest.startIndex, offsetBy: 2)..<end])
        guard ["Partition", "Region", "Account"].contains(name) else {
          throw RequestMapFileError("unknown placeholder ${\(name)} in '\(text)'")
        }
        pieces.append(.context(name))
        rest = rest[rest.index(after: end)...]
      } else if first == "{", let end = Self.closingBrace(rest) {
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        literal = ""
        let body = rest[rest.index(after: rest.startIndex)..<end]
        pieces.append(.reference(try Self.reference(body, in: text)))
        rest = rest[rest.index(after: end)...]
      } else {
        literal.append(first)
        rest = rest.dropFirst()
      }
    }
    if !literal.isEmpty { pieces.append(.literal(literal)) }
    self.pieces = pieces
  }

  /// The references.
  var references: [Reference] {
    pieces.compactMap {
      if case .reference(let reference) = $0 { return reference } else { return nil }
    }
  }

  /// Whether the template is one reference and nothing else.
  var isBareReference: Bool {
    pieces.count == 1 && references.count == 1
  }

  /// `}` closing a reference, skipping the `{}` of a map step.
  private static func closingBrace(_ text: Substring) -> Substring.Index? {
    var index = text.index(after: text.startIndex)
    while index < text.endIndex {
      if text[index] == "{" {
        let next = text.index(after: index)
        guard next < text.endIndex, text[next] == "}" else { return nil }
        index = text.index(after: next)
        continue
      }
      if text[index] == "}" { return index }
      index = text.index(after: index)
    }
    return nil
  }

  private static func reference(_ body: Substring, in text: String) throws(RequestMapFileError)
    -> Reference
  {
    var body = body
    let optional = body.hasPrefix("?")
    if optional { body = body.dropFirst() }
    let parts = body.split(separator: "|", maxSplits: 1)
    guard let head = parts.first else { throw RequestMapFileError("empty reference in '\(text)'") }
    var transform: ValueTransform?
    if parts.count == 2 {
      guard let known = ValueTransform(rawValue: String(parts[1])) else {
        throw RequestMapFileError("unknown transform '\(parts[1])' in '\(text)'")
      }
      transform = known
    }
    let location = head.split(separator: ":", maxSplits: 1)
    guard location.count == 2 else {
      throw RequestMapFileError(
        "a reference needs a location (uri:, query:, header:, body:) in '\(text)'")
    }
    let name = String(location[1])
    switch location[0] {
    case "uri": return Reference(location: .uri(name), transform: transform, optional: optional)
    case "query": return Reference(location: .query(name), transform: transform, optional: optional)
    case "header":
      return Reference(
        location: .header(name.lowercased()), transform: transform, optional: optional)
    case "body":
      return Reference(
        location: .body(PathStep.parse(name)), transform: transform, optional: optional)
    default:
      throw RequestMapFileError("unknown location '\(location[0])' in '\(text)'")
    }
  }
}

/// A broken request map (a build defect, not a user error).
public struct RequestMapFileError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What is wrong.
  public var message: String
  init(_ message: String) { self.message = message }
  /// The message.
  public var description: String { "request-map.json: \(message)" }
}
