import CLibYAML

/// Reads YAML text into nodes with libyaml's parser, keeping tags, positions and anchors.
struct YAMLParser {
  /// Deeper documents are refused rather than risking the stack.
  static let maximumDepth = 512

  let file: String

  func parse(_ bytes: [UInt8]) throws -> Node {
    let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    defer { parser.deallocate() }
    guard yaml_parser_initialize(parser) == 1 else {
      throw TemplateError(file: file, mark: nil, message: "cannot initialize the YAML parser")
    }
    defer { yaml_parser_delete(parser) }
    return try bytes.withUnsafeBufferPointer { buffer -> Node in
      // libyaml needs a non-null pointer even for empty input.
      let empty: [UInt8] = [0]
      return try empty.withUnsafeBufferPointer { emptyBuffer -> Node in
        let base = buffer.count > 0 ? buffer.baseAddress : emptyBuffer.baseAddress
        guard let base else { throw TemplateError(file: file, mark: nil, message: "empty input") }
        yaml_parser_set_input_string(parser, base, buffer.count)
        var composer = Composer(parser: parser, file: file)
        return try composer.document()
      }
    }
  }
}

/// Turns libyaml's event stream into one document's node tree.
private struct Composer {
  let parser: UnsafeMutablePointer<yaml_parser_t>
  let file: String
  var anchors: [String: Node] = [:]

  init(parser: UnsafeMutablePointer<yaml_parser_t>, file: String) {
    self.parser = parser
    self.file = file
  }

  /// An owned event; `next()` frees the previous one.
  private mutating func next() throws -> Event {
    var event = yaml_event_t()
    guard yaml_parser_parse(parser, &event) == 1 else {
      let problem = parser.pointee.problem.map { String(cString: $0) } ?? "unknown problem"
      let mark = parser.pointee.problem_mark
      var message = "invalid YAML: \(problem)"
      if let context = parser.pointee.context.map({ String(cString: $0) }) {
        message += " (\(context))"
      }
      throw TemplateError(
        file: file, mark: SourceMark(line: Int(mark.line) + 1, column: Int(mark.column) + 1),
        message: message)
    }
    defer { yaml_event_delete(&event) }
    return Event(event)
  }

  mutating func document() throws -> Node {
    var event = try next()
    guard event.type == YAML_STREAM_START_EVENT else { throw unexpected(event) }
    event = try next()
    if event.type == YAML_STREAM_END_EVENT {
      throw TemplateError(
        file: file, mark: nil, message: "empty template: expected a map of sections")
    }
    guard event.type == YAML_DOCUMENT_START_EVENT else { throw unexpected(event) }
    let root = try node(from: try next(), depth: 0)
    event = try next()
    guard event.type == YAML_DOCUMENT_END_EVENT else { throw unexpected(event) }
    event = try next()
    if event.type == YAML_DOCUMENT_START_EVENT {
      throw TemplateError(
        file: file, mark: event.mark,
        message: "expected a single YAML document, found a second one")
    }
    return root
  }

  private func unexpected(_ event: Event) -> TemplateError {
    TemplateError(file: file, mark: event.mark, message: "unexpected YAML structure")
  }

  private mutating func node(from event: Event, depth: Int) throws -> Node {
    guard depth < YAMLParser.maximumDepth else {
      throw TemplateError(
        file: file, mark: event.mark,
        message: "nesting deeper than \(YAMLParser.maximumDepth) levels")
    }
    var result: Node
    switch event.type {
    case YAML_ALIAS_EVENT:
      guard let anchor = event.anchor, var target = anchors[anchor] else {
        throw TemplateError(
          file: file, mark: event.mark, message: "unknown alias *\(event.anchor ?? "")")
      }
      target.mark = event.mark
      target.isAlias = true
      return target
    case YAML_SCALAR_EVENT:
      result = Node(.scalar(event.value, plain: event.plain), tag: event.tag, mark: event.mark)
    case YAML_SEQUENCE_START_EVENT:
      var items: [Node] = []
      while true {
        let item = try next()
        if item.type == YAML_SEQUENCE_END_EVENT { break }
        items.append(try node(from: item, depth: depth + 1))
      }
      result = Node(.sequence(items), tag: event.tag, mark: event.mark)
    case YAML_MAPPING_START_EVENT:
      var pairs: [(key: Node, value: Node)] = []
      while true {
        let keyEvent = try next()
        if keyEvent.type == YAML_MAPPING_END_EVENT { break }
        let key = try node(from: keyEvent, depth: depth + 1)
        let value = try node(from: try next(), depth: depth + 1)
        pairs.append((key, value))
      }
      result = try MergeKeys(file: file).resolve(pairs, tag: event.tag, mark: event.mark)
    default:
      throw unexpected(event)
    }
    if let anchor = event.anchor { anchors[anchor] = result }
    return result
  }
}

/// The parts of a libyaml event that the composer reads, copied out of C memory.
private struct Event {
  var type: yaml_event_type_t
  var mark: SourceMark
  var anchor: String?
  var tag: String?
  var value: String = ""
  var plain = false

  init(_ event: yaml_event_t) {
    type = event.type
    mark = SourceMark(
      line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
    switch event.type {
    case YAML_SCALAR_EVENT:
      let scalar = event.data.scalar
      anchor = scalar.anchor.map { String(cString: $0) }
      tag = scalar.tag.map { String(cString: $0) }
      if let pointer = scalar.value {
        value = String(
          decoding: UnsafeBufferPointer(start: pointer, count: scalar.length), as: UTF8.self)
      }
      plain = scalar.style == YAML_PLAIN_SCALAR_STYLE
    case YAML_SEQUENCE_START_EVENT:
      anchor = event.data.sequence_start.anchor.map { String(cString: $0) }
      tag = event.data.sequence_start.tag.map { String(cString: $0) }
    case YAML_MAPPING_START_EVENT:
      anchor = event.data.mapping_start.anchor.map { String(cString: $0) }
      tag = event.data.mapping_start.tag.map { String(cString: $0) }
    case YAML_ALIAS_EVENT:
      anchor = event.data.alias.anchor.map { String(cString: $0) }
    default:
      break
    }
  }
}
