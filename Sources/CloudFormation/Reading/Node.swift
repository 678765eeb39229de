/// A position in a source file, 1-based.
public struct SourceMark: Hashable, Sendable, Codable {
  /// The line, from 1.
  public var line: Int
  /// The column, from 1.
  public var column: Int

  /// A mark at `line`:`column`.
  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }
}

/// A parsed YAML or JSON node with its tag and position, before it becomes a ``Value``.
struct Node: Sendable {
  enum Kind: Sendable {
    /// A scalar's text; `plain` is false for quoted and block scalars, which are always strings.
    case scalar(String, plain: Bool)
    case sequence([Node])
    case mapping([(key: Node, value: Node)])
  }

  var kind: Kind
  /// The tag as written (`!Ref`, `!!str`, `tag:yaml.org,2002:str`), if any.
  var tag: String?
  var mark: SourceMark?
  /// Whether the node came from JSON, whose numbers follow JSON's grammar, not YAML 1.1's.
  var isJSON = false
  /// Whether the node was reached through an alias (`*name`); `mark` is then the alias's.
  var isAlias = false
  /// The positions of a mapping's YAML merge keys (`<<: *base`), which the parser resolved.
  var mergeKeyMarks: [SourceMark] = []
  /// The indices of a mapping's pairs that came from merge keys rather than from its own text.
  var mergedPairs: Set<Int> = []

  init(_ kind: Kind, tag: String? = nil, mark: SourceMark? = nil, isJSON: Bool = false) {
    self.kind = kind
    self.tag = tag
    self.mark = mark
    self.isJSON = isJSON
  }

  /// A node for a model value, in long form, for decoding values that did not come from a file.
  init(_ value: Value) {
    switch value {
    case .string(let string): self.init(.scalar(string, plain: false))
    case .number(let number):
      self.init(.scalar(number.text, plain: true), isJSON: Number.isJSONNumber(number.text))
    case .bool(let bool): self.init(.scalar(bool ? "true" : "false", plain: true))
    case .null: self.init(.scalar("null", plain: true))
    case .list(let list): self.init(.sequence(list.map(Node.init)))
    case .map(let map):
      self.init(.mapping(map.map { (Node(.scalar($0.key, plain: false)), Node($0.value)) }))
    case .intrinsic(let intrinsic):
      self.init(
        .mapping([(Node(.scalar(intrinsic.functionName, plain: false)), Node(intrinsic.argument))])
      )
    }
  }

  var kindName: String {
    switch kind {
    case .scalar: return "a scalar"
    case .sequence: return "a list"
    case .mapping: return "a map"
    }
  }
}

/// A template that could not be read: one line with the file, position and what was expected.
public struct TemplateError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The file, as the caller named it.
  public var file: String
  /// Where the problem is, when known.
  public var mark: SourceMark?
  /// What was wrong, lowercase, without a final period.
  public var message: String

  /// An error in `file` at `mark`.
  public init(file: String, mark: SourceMark?, message: String) {
    self.file = file
    self.mark = mark
    self.message = message
  }

  /// `file:line:column: message`.
  public var description: String {
    if let mark { return "\(file):\(mark.line):\(mark.column): \(message)" }
    return "\(file): \(message)"
  }
}
