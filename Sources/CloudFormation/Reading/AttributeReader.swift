/// Reads the typed attributes of a template's entries (parameters, resources, outputs): each
/// value typed when the model can hold it, its written form kept when it differs.
struct AttributeReader {
  let file: String
  let values: ValueDecoder
  let support: TransformSupport

  /// A typed value and, when the file spelt it another way, the value as written.
  struct Read<T> {
    var typed: T?
    var written: Value?
  }

  func error(_ node: Node, _ message: String) -> TemplateError {
    TemplateError(file: file, mark: node.mark, message: message)
  }

  /// The entries of a mapping node, keys checked for type and uniqueness.
  func entries(_ node: Node, of what: String) throws -> [(key: String, keyNode: Node, value: Node)]
  {
    guard node.tag == nil, case .mapping(let pairs) = node.kind else {
      throw error(node, "expected a map for \(what), got \(node.tag ?? node.kindName)")
    }
    var seen = Set<String>()
    return try pairs.map { pair in
      let key = try values.scalarKey(pair.key)
      guard seen.insert(key).inserted else {
        throw error(pair.key, "duplicate key '\(key)' in \(what)")
      }
      return (key, pair.key, pair.value)
    }
  }

  /// A string; a number, boolean or null where a string belongs is kept as written.
  func string(_ node: Node, _ what: String) throws -> Read<String> {
    let value = try values.value(node)
    switch value {
    case .string(let text): return Read(typed: text, written: nil)
    case .number, .bool, .null: return Read(typed: nil, written: value)
    default: throw error(node, "expected a string for \(what), got \(node.tag ?? node.kindName)")
    }
  }

  /// A string that must be one: a `Type`, a condition name.
  func requiredString(_ node: Node, _ what: String) throws -> String {
    guard case .string(let text) = try values.value(node) else {
      throw error(node, "expected a string for \(what), got \(describe(node))")
    }
    return text
  }

  func integer(_ node: Node, _ what: String) throws -> Read<Int> {
    let value = try values.value(node)
    switch value {
    case .number(let number):
      if let int = number.intValue {
        return Read(typed: int, written: number.text == String(int) ? Value?.none : value)
      }
    case .string(let text):
      if let int = Int(text) { return Read(typed: int, written: value) }
    default: break
    }
    throw error(node, "expected an integer for \(what), got \(describe(node))")
  }

  func number(_ node: Node, _ what: String) throws -> Read<Number> {
    let value = try values.value(node)
    switch value {
    case .number(let number):
      if let json = number.jsonText, let typed = Number(text: json) {
        return Read(typed: typed, written: typed == number ? Value?.none : value)
      }
    case .string(let text):
      if let typed = Number(text: text) { return Read(typed: typed, written: value) }
    default: break
    }
    throw error(node, "expected a number for \(what), got \(describe(node))")
  }

  func bool(_ node: Node, _ what: String) throws -> Read<Bool> {
    let value = try values.value(node)
    switch value {
    case .bool(let bool): return Read(typed: bool, written: nil)
    case .string(let text):
      if case .bool(let bool) = ValueDecoder.resolvePlain(text) {
        return Read(typed: bool, written: value)
      }
    default: break
    }
    throw error(node, "expected true or false for \(what), got \(describe(node))")
  }

  func unknownKey(_ node: Node, _ key: String, in what: String, expected: [String])
    -> TemplateError
  {
    error(
      node, "unknown key '\(key)' in \(what); expected one of \(expected.joined(separator: ", "))")
  }

  /// `'text'` for a scalar, the tag or kind otherwise.
  func describe(_ node: Node) -> String {
    if node.tag == nil, case .scalar(let text, _) = node.kind { return "'\(text)'" }
    return node.tag ?? node.kindName
  }
}
