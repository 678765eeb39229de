extension Value: Codable {
  /// Encodes the value in CloudFormation's JSON form (intrinsics in long form).
  public func encode(to encoder: Encoder) throws {
    switch self {
    case .string(let string):
      var container = encoder.singleValueContainer()
      try container.encode(string)
    case .number(let number):
      var container = encoder.singleValueContainer()
      if let int = number.intValue {
        try container.encode(int)
      } else if let double = number.doubleValue {
        try container.encode(double)
      } else {
        try container.encode(number.text)
      }
    case .bool(let bool):
      var container = encoder.singleValueContainer()
      try container.encode(bool)
    case .null:
      var container = encoder.singleValueContainer()
      try container.encodeNil()
    case .list(let list):
      var container = encoder.unkeyedContainer()
      for element in list { try container.encode(element) }
    case .map(let map):
      try map.encode(to: encoder)
    case .intrinsic(let intrinsic):
      try OrderedMap<Value>([(intrinsic.functionName, intrinsic.argument)]).encode(to: encoder)
    }
  }

  /// Decodes CloudFormation JSON, turning long-form functions into intrinsics.
  public init(from decoder: Decoder) throws {
    let raw = try RawJSON(from: decoder)
    do {
      self = try ValueDecoder(file: "<decoded>").value(raw.node)
    } catch let error as TemplateError {
      throw DecodingError.dataCorrupted(
        DecodingError.Context(codingPath: decoder.codingPath, debugDescription: error.message))
    }
  }
}

/// Any JSON value from a `Decoder`, as a node.
private struct RawJSON: Decodable {
  let node: Node

  init(from decoder: Decoder) throws {
    if let container = try? decoder.container(keyedBy: DynamicKey.self) {
      let keys = container.allKeys.sorted { $0.stringValue < $1.stringValue }
      node = Node(
        .mapping(
          try keys.map {
            (
              Node(.scalar($0.stringValue, plain: false)),
              try container.decode(RawJSON.self, forKey: $0).node
            )
          }))
      return
    }
    if var container = try? decoder.unkeyedContainer() {
      var items: [Node] = []
      while !container.isAtEnd { items.append(try container.decode(RawJSON.self).node) }
      node = Node(.sequence(items))
      return
    }
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      node = Node(.scalar("null", plain: true))
    } else if let bool = try? container.decode(Bool.self) {
      node = Node(.scalar(bool ? "true" : "false", plain: true))
    } else if let int = try? container.decode(Int.self) {
      node = Node(.scalar(String(int), plain: true), isJSON: true)
    } else if let double = try? container.decode(Double.self) {
      node = Node(.scalar(Number(double).text, plain: true), isJSON: true)
    } else {
      node = Node(.scalar(try container.decode(String.self), plain: false))
    }
  }
}
