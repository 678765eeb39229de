import CLibYAML

/// Writes values as block-style YAML through libyaml's emitter, with CloudFormation's short-form
/// tags (`!Ref X`, `!GetAtt T.Arn`, `!Sub ...`).
///
/// A function whose single argument is itself a function is written in long form
/// (`Fn::Base64: !Sub ...`), because a YAML node carries only one tag.
struct YAMLWriter {
  struct EmitterError: Error, CustomStringConvertible {
    let message: String
    var description: String { "cannot write YAML: \(message)" }
  }

  static func write(_ value: Value) throws -> String {
    let emitter = UnsafeMutablePointer<yaml_emitter_t>.allocate(capacity: 1)
    defer { emitter.deallocate() }
    guard yaml_emitter_initialize(emitter) == 1 else {
      throw EmitterError(message: "cannot initialize the emitter")
    }
    defer { yaml_emitter_delete(emitter) }
    let output = OutputBuffer()
    let context = Unmanaged.passUnretained(output).toOpaque()
    yaml_emitter_set_output(
      emitter,
      { data, buffer, size in
        guard let data, let buffer else { return 0 }
        let output = Unmanaged<OutputBuffer>.fromOpaque(data).takeUnretainedValue()
        output.bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
        return 1
      }, context)
    yaml_emitter_set_indent(emitter, 2)
    yaml_emitter_set_width(emitter, -1)
    yaml_emitter_set_unicode(emitter, 1)
    yaml_emitter_set_encoding(emitter, YAML_UTF8_ENCODING)
    yaml_emitter_set_break(emitter, YAML_LN_BREAK)

    let writer = EventWriter(emitter: emitter)
    var event = yaml_event_t()
    yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING)
    try writer.emit(&event)
    yaml_document_start_event_initialize(&event, nil, nil, nil, 1)
    try writer.emit(&event)
    try writer.value(value)
    yaml_document_end_event_initialize(&event, 1)
    try writer.emit(&event)
    yaml_stream_end_event_initialize(&event)
    try writer.emit(&event)
    yaml_emitter_flush(emitter)
    return String(decoding: output.bytes, as: UTF8.self)
  }
}

private final class OutputBuffer {
  var bytes: [UInt8] = []
}

private struct EventWriter {
  let emitter: UnsafeMutablePointer<yaml_emitter_t>

  func emit(_ event: inout yaml_event_t) throws {
    guard yaml_emitter_emit(emitter, &event) == 1 else {
      let problem = emitter.pointee.problem.map { String(cString: $0) } ?? "unknown problem"
      throw YAMLWriter.EmitterError(message: problem)
    }
  }

  func scalar(
    _ text: String, tag: String? = nil, style: yaml_scalar_style_t = YAML_ANY_SCALAR_STYLE
  )
    throws
  {
    var event = yaml_event_t()
    var chosen = style
    if style == YAML_ANY_SCALAR_STYLE, tag == nil {
      if text.utf8.contains(0x0A) {  // byte search: Foundation's contains(String) is slow here
        chosen = YAML_LITERAL_SCALAR_STYLE
      } else if ScalarStyle.needsQuotes(text) {
        chosen = YAML_DOUBLE_QUOTED_SCALAR_STYLE
      }
    }
    let implicit: Int32 = tag == nil ? 1 : 0
    // A terminating zero keeps the buffer's address valid for the empty string.
    let value = Array(text.utf8) + [0]
    let ok = value.withUnsafeBufferPointer { valueBuffer in
      withOptionalCString(tag) { tagPointer in
        yaml_scalar_event_initialize(
          &event, nil, tagPointer, valueBuffer.baseAddress, Int32(value.count - 1), implicit,
          implicit, chosen)
      }
    }
    guard ok == 1 else { throw YAMLWriter.EmitterError(message: "invalid scalar") }
    try emit(&event)
  }

  /// A plain scalar that must stay plain: numbers, booleans, null.
  func literal(_ text: String) throws {
    try scalar(text, style: YAML_PLAIN_SCALAR_STYLE)
  }

  func startSequence(tag: String? = nil) throws {
    var event = yaml_event_t()
    _ = withOptionalCString(tag) {
      yaml_sequence_start_event_initialize(
        &event, nil, $0, tag == nil ? 1 : 0, YAML_BLOCK_SEQUENCE_STYLE)
    }
    try emit(&event)
  }

  func endSequence() throws {
    var event = yaml_event_t()
    yaml_sequence_end_event_initialize(&event)
    try emit(&event)
  }

  func startMapping(tag: String? = nil) throws {
    var event = yaml_event_t()
    _ = withOptionalCString(tag) {
      yaml_mapping_start_event_initialize(
        &event, nil, $0, tag == nil ? 1 : 0, YAML_BLOCK_MAPPING_STYLE)
    }
    try emit(&event)
  }

  func endMapping() throws {
    var event = yaml_event_t()
    yaml_mapping_end_event_initialize(&event)
    try emit(&event)
  }

  func value(_ value: Value, tag: String? = nil) throws {
    switch value {
    case .string(let string):
      try scalar(
        string, tag: tag, style: tag == nil ? YAML_ANY_SCALAR_STYLE : scalarStyleForTagged(string))
    case .number(let number) where tag == nil && !number.isYAML11Plain:
      // `1e3` is a string to YAML 1.1 readers; the explicit tag keeps it a number.
      try scalar(number.text, tag: "tag:yaml.org,2002:float")
    case .number(let number):
      try tag == nil ? literal(number.text) : scalar(number.text, tag: tag)
    case .bool(let bool):
      try tag == nil ? literal(bool ? "true" : "false") : scalar(bool ? "true" : "false", tag: tag)
    case .null:
      try tag == nil ? literal("null") : scalar("null", tag: tag)
    case .list(let list):
      try startSequence(tag: tag)
      for element in list { try self.value(element) }
      try endSequence()
    case .map(let map):
      try startMapping(tag: tag)
      for (key, element) in map {
        try scalar(key)
        try self.value(element)
      }
      try endMapping()
    case .intrinsic(let intrinsic):
      if tag != nil {
        // A tagged node cannot carry a second tag: write this function in long form.
        try startMapping(tag: tag)
        try scalar(intrinsic.functionName)
        try self.value(intrinsic.argument)
        try endMapping()
      } else {
        try self.intrinsic(intrinsic)
      }
    }
  }

  /// Tagged strings keep the plain style where they can (`!Ref Bucket`); a string that would
  /// need quotes plain is quoted, which leaves its tag's meaning unchanged.
  private func scalarStyleForTagged(_ text: String) -> yaml_scalar_style_t {
    if text.utf8.contains(0x0A) { return YAML_LITERAL_SCALAR_STYLE }
    return ScalarStyle.needsQuotes(text) ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE
  }

  private func intrinsic(_ intrinsic: Intrinsic) throws {
    let tag = intrinsic.shortTag
    switch intrinsic {
    case .getAtt(let resource, .string(let attribute)):
      try scalar("\(resource).\(attribute)", tag: tag)
    case .importValue(let argument), .base64(let argument), .getAZs(let argument),
      .length(let argument), .toJsonString(let argument):
      switch argument {
      case .intrinsic(let inner):
        try startMapping()
        try scalar(intrinsic.functionName)
        try self.intrinsic(inner)
        try endMapping()
      case .number, .bool, .null:
        // A tagged scalar reads back as a string: `Fn::GetAZs: null` stays in long form.
        try startMapping()
        try scalar(intrinsic.functionName)
        try value(argument)
        try endMapping()
      default:
        try value(argument, tag: tag)
      }
    default:
      try value(intrinsic.argument, tag: tag)
    }
  }
}

private func withOptionalCString<R>(_ string: String?, _ body: (UnsafePointer<UInt8>?) -> R) -> R {
  guard let string else { return body(nil) }
  let bytes = Array(string.utf8) + [0]
  return bytes.withUnsafeBufferPointer { body($0.baseAddress) }
}
