/// Turns parsed nodes into values: resolves plain scalars, short-form tags and long-form
/// intrinsic functions, and reports malformed functions and unknown tags with their position.
struct ValueDecoder {
  let file: String
  /// Whether the `AWS::LanguageExtensions` forms are accepted (`Fn::FindInMap` with a default).
  var languageExtensions = true

  init(file: String, languageExtensions: Bool = true) {
    self.file = file
    self.languageExtensions = languageExtensions
  }

  func error(_ node: Node, _ message: String) -> TemplateError {
    TemplateError(file: file, mark: node.mark, message: message)
  }

  func value(_ node: Node) throws -> Value {
    if let tag = node.tag { return try tagged(node, tag: tag) }
    switch node.kind {
    case .scalar(let text, let plain):
      return plain ? Self.resolvePlain(text, json: node.isJSON) : .string(text)
    case .sequence(let items):
      return .list(try items.map(value))
    case .mapping(let pairs):
      if pairs.count == 1, case .scalar(let key, _) = pairs[0].key.kind,
        Intrinsic.functionNames.contains(key)
      {
        // `{Condition: {...}}` is an ordinary map (an IAM statement's condition block, say);
        // only `{Condition: name}` names a condition.
        if key != "Condition" || isScalar(pairs[0].value) {
          return try intrinsicValue(key, argument: pairs[0].value, at: node)
        }
      }
      return .map(try map(node))
    }
  }

  /// A mapping node as an ordered map; keys must be scalars and unique.
  func map(_ node: Node) throws -> OrderedMap<Value> {
    guard case .mapping(let pairs) = node.kind else {
      throw error(node, "expected a map, got \(node.kindName)")
    }
    var result = OrderedMap<Value>()
    for (keyNode, valueNode) in pairs {
      let key = try scalarKey(keyNode)
      guard !result.contains(key) else { throw error(keyNode, "duplicate key '\(key)'") }
      result[key] = try value(valueNode)
    }
    return result
  }

  func scalarKey(_ node: Node) throws -> String {
    guard case .scalar(let key, _) = node.kind else {
      throw error(node, "expected a string key, got \(node.kindName)")
    }
    return key
  }

  private func isScalar(_ node: Node) -> Bool {
    if case .scalar = node.kind { return node.tag == nil }
    return false
  }

  /// Plain scalars as YAML 1.1 readers (PyYAML, cfn-lint) resolve them. Numbers keep their text:
  /// YAML 1.1 spellings (`0755`, `0x1F`, `1_000`) stay numbers as written, and what YAML 1.1
  /// reads as a string (`1e3`, `08`) stays a string.
  static func resolvePlain(_ text: String, json: Bool = false) -> Value {
    switch text {
    case "", "~", "null", "Null", "NULL": return .null
    case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return .bool(true)
    case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return .bool(false)
    default:
      if json, let number = Number(text: text) { return .number(number) }
      if !json, let number = Number(yaml11Text: text) { return .number(number) }
      return .string(text)
    }
  }

  /// The YAML core tags the reader accepts; `!!binary`, `!!timestamp`, `!!set` and the other
  /// YAML 1.1 types have no CloudFormation meaning.
  private static let coreTags: Set<String> = ["str", "int", "float", "bool", "null", "seq", "map"]

  private func tagged(_ node: Node, tag: String) throws -> Value {
    var untagged = node
    untagged.tag = nil
    let yamlPrefix = "tag:yaml.org,2002:"
    if tag == "!" { return try nonSpecific(node, untagged) }
    if tag.hasPrefix(yamlPrefix) {
      let type = String(tag.dropFirst(yamlPrefix.count))
      guard Self.coreTags.contains(type) else {
        throw error(
          node,
          "unsupported tag !!\(type); CloudFormation reads only strings, numbers, booleans, null, lists and maps"
        )
      }
      return try core(type, node, untagged)
    }
    guard let function = Intrinsic.functionName(forTag: tag) else {
      throw error(
        node,
        "unknown tag \(tag); CloudFormation's short forms are \(Self.knownTags.joined(separator: ", "))"
      )
    }
    // A tagged scalar is a string: `!GetAZs` alone is `Fn::GetAZs: ""`, `!Base64 123` is "123".
    var argument = untagged
    if case .scalar(let text, _) = node.kind { argument.kind = .scalar(text, plain: false) }
    if Intrinsic.functionNames.contains(function) {
      return try intrinsicValue(function, argument: argument, at: node)
    }
    // Functions this model does not type (Fn::Transform, rule functions such as Fn::Contains)
    // are kept in long form, so they write back unchanged.
    return .map([function: try value(argument)])
  }

  /// `! text`: the non-specific tag, a string for a scalar and the node itself otherwise.
  private func nonSpecific(_ node: Node, _ untagged: Node) throws -> Value {
    if case .scalar(let text, _) = node.kind { return .string(text) }
    return try value(untagged)
  }

  private func core(_ type: String, _ node: Node, _ untagged: Node) throws -> Value {
    guard case .scalar(let text, _) = node.kind else {
      switch (type, node.kind) {
      case ("seq", .sequence), ("map", .mapping): return try value(untagged)
      default: throw error(node, "!!\(type) cannot tag \(node.kindName)")
      }
    }
    switch type {
    case "str": return .string(text)
    case "int", "float":
      if let number = Number(text: text) ?? Number(yaml11Text: text) { return .number(number) }
      throw error(node, "expected a number for !!\(type), got '\(text)'")
    case "bool":
      guard case .bool(let bool) = Self.resolvePlain(text) else {
        throw error(node, "expected true or false for !!bool, got '\(text)'")
      }
      return .bool(bool)
    case "null":
      guard case .null = Self.resolvePlain(text) else {
        throw error(node, "expected null for !!null, got '\(text)'")
      }
      return .null
    default:
      throw error(node, "!!\(type) cannot tag a scalar")
    }
  }

  /// Every short-form tag, for the message on an unknown one.
  static let knownTags: [String] = {
    let typed = Intrinsic.functionNames.map { Intrinsic.shortTag(ofFunction: $0) }
    let untyped = Intrinsic.untypedFunctionNames.map { "!" + $0.dropFirst("Fn::".count) }
    return (typed + untyped).sorted()
  }()

  /// An intrinsic, or the long form kept as data when the model has no case for this shape
  /// (`Fn::FindInMap` with a default value, from `AWS::LanguageExtensions`).
  private func intrinsicValue(_ function: String, argument: Node, at node: Node) throws -> Value {
    if function == "Fn::FindInMap", languageExtensions, case .sequence(let items) = argument.kind,
      items.count == 4
    {
      return .map([function: .list(try items.map(value))])
    }
    do {
      return .intrinsic(try intrinsic(function, argument: argument, at: node))
    } catch is UntypedShape {
      return .map([function: try value(argument)])
    }
  }

  /// Thrown where an argument has a shape the model cannot type but CloudFormation accepts: an
  /// `Fn::Transform` include anywhere, a function where a name belongs under
  /// `AWS::LanguageExtensions` (`!GetAtt [!Sub "Bucket${Name}", Arn]`). The function is then kept
  /// in long form, as data.
  private struct UntypedShape: Error {}

  private func checkTypable(_ node: Node) throws {
    if case .mapping(let pairs) = node.kind, pairs.count == 1, node.tag == nil,
      case .scalar(let key, _) = pairs[0].key.kind
    {
      if key == "Fn::Transform" { throw UntypedShape() }
      if languageExtensions, Intrinsic.functionNames.contains(key) { throw UntypedShape() }
    }
    if let tag = node.tag,
      tag == "!Transform" || (languageExtensions && Intrinsic.functionName(forTag: tag) != nil)
    {
      throw UntypedShape()
    }
  }

  private func string(_ node: Node, _ function: String, _ what: String) throws -> String {
    try checkTypable(node)
    guard node.tag == nil, case .scalar(let text, _) = node.kind else {
      throw error(node, "\(function) expects \(what) as a string, got \(describe(node))")
    }
    return text
  }

  private func list(_ node: Node, _ function: String, _ shape: String, count: Int? = nil) throws
    -> [Node]
  {
    try checkTypable(node)
    guard case .sequence(let items) = node.kind, count.map({ $0 == items.count }) ?? true else {
      throw error(node, "\(function) expects \(shape), got \(describe(node))")
    }
    return items
  }

  private func describe(_ node: Node) -> String {
    if let tag = node.tag { return tag }
    if case .sequence(let items) = node.kind { return "a list of \(items.count)" }
    return node.kindName
  }

  func intrinsic(_ function: String, argument: Node, at node: Node) throws -> Intrinsic {
    switch function {
    case "Ref":
      return .ref(try string(argument, function, "a logical name"))
    case "Condition":
      return .condition(try string(argument, function, "a condition name"))
    case "Fn::GetAtt":
      if argument.tag == nil, case .scalar(let text, _) = argument.kind {
        guard let dot = text.firstIndex(of: "."), dot != text.startIndex,
          text.index(after: dot) != text.endIndex
        else {
          throw error(argument, "Fn::GetAtt expects 'Resource.Attribute', got '\(text)'")
        }
        return .getAtt(String(text[..<dot]), .string(String(text[text.index(after: dot)...])))
      }
      let items = try list(argument, function, "[resource, attribute]", count: 2)
      return .getAtt(try string(items[0], function, "the resource"), try value(items[1]))
    case "Fn::Sub":
      if argument.tag == nil, case .scalar(let text, _) = argument.kind { return .sub(text, [:]) }
      let items = try list(argument, function, "a string or [string, variables]", count: 2)
      return .sub(try string(items[0], function, "the template"), try map(items[1]))
    case "Fn::Join":
      let items = try list(argument, function, "[delimiter, list of values]", count: 2)
      return .join(try string(items[0], function, "the delimiter"), try value(items[1]))
    case "Fn::Select":
      let items = try list(argument, function, "[index, list]", count: 2)
      return .select(try value(items[0]), try value(items[1]))
    case "Fn::Split":
      let items = try list(argument, function, "[delimiter, source]", count: 2)
      return .split(try string(items[0], function, "the delimiter"), try value(items[1]))
    case "Fn::If":
      let items = try list(
        argument, function, "[condition, value if true, value if false]", count: 3)
      return .ifThen(
        try string(items[0], function, "the condition name"), try value(items[1]),
        try value(items[2]))
    case "Fn::Equals":
      let items = try list(argument, function, "[value, value]", count: 2)
      return .equals(try value(items[0]), try value(items[1]))
    case "Fn::And":
      return .and(try list(argument, function, "a list of conditions").map(value))
    case "Fn::Or":
      return .or(try list(argument, function, "a list of conditions").map(value))
    case "Fn::Not":
      let items = try list(argument, function, "[condition]", count: 1)
      return .not(try value(items[0]))
    case "Fn::FindInMap":
      let items = try list(argument, function, "[map, top-level key, second-level key]", count: 3)
      return .findInMap(try value(items[0]), try value(items[1]), try value(items[2]))
    case "Fn::ImportValue": return .importValue(try value(argument))
    case "Fn::Base64": return .base64(try value(argument))
    case "Fn::GetAZs": return .getAZs(try value(argument))
    case "Fn::Length": return .length(try value(argument))
    case "Fn::ToJsonString": return .toJsonString(try value(argument))
    case "Fn::Cidr":
      let items = try list(argument, function, "[ip block, count, cidr bits]", count: 3)
      return .cidr(try value(items[0]), try value(items[1]), try value(items[2]))
    default:
      throw error(node, "unknown intrinsic function \(function)")
    }
  }
}
