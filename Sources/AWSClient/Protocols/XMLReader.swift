/// Reads one XML document into an ``XMLTree``: elements, attributes, text with the predefined
/// and numeric character references decoded, CDATA, comments and processing instructions (both
/// skipped). A document type declaration is refused: AWS never sends one, and refusing it keeps
/// entity expansion (and its attacks) out. Names keep no namespace prefix.
///
/// Facestack's own reader rather than Foundation's `XMLParser`: that one links libxml2 and
/// FoundationXML into every process that could read an AWS answer, which costs each command's
/// start-up (issue 20), and AWS's answers use a small, regular part of XML.
struct XMLReader {
  private let bytes: [UInt8]
  private var index = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  /// The document's root element.
  mutating func document() throws(XMLTreeError) -> XMLTree {
    guard String(validating: bytes, as: UTF8.self) != nil else {
      throw XMLTreeError(reason: "the document is not UTF-8")
    }
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    try misc()
    guard index < bytes.count else { throw XMLTreeError(reason: "empty document") }
    guard bytes[index] == UInt8(ascii: "<") else { throw failure("text before the root element") }
    let root = try element(depth: 0)
    try misc()
    guard index == bytes.count else { throw failure("content after the root element") }
    return root
  }

  /// Whitespace, comments and processing instructions outside the root element.
  private mutating func misc() throws(XMLTreeError) {
    while true {
      skipWhitespace()
      if at("<?") {
        try skip(past: "?>", what: "processing instruction")
      } else if at("<!--") {
        try skip(past: "-->", what: "comment")
      } else if at("<!DOCTYPE") || at("<!doctype") {
        throw failure("a document type declaration is not accepted")
      } else {
        return
      }
    }
  }

  /// Nesting deeper than this is refused, as libxml2 refuses it: the reader recurses per level.
  static let maximumDepth = 256

  private mutating func element(depth: Int) throws(XMLTreeError) -> XMLTree {
    guard depth < Self.maximumDepth else {
      throw failure("elements nested deeper than \(Self.maximumDepth) levels")
    }
    index += 1  // <
    let qualified = try name()
    var tree = XMLTree(name: Self.localName(qualified))
    // Attributes, then `>` or `/>`.
    while true {
      let hadSpace = skipWhitespace()
      guard index < bytes.count else { throw failure("the document ends inside <\(qualified)>") }
      if at("/>") {
        index += 2
        return tree
      }
      if bytes[index] == UInt8(ascii: ">") {
        index += 1
        break
      }
      guard hadSpace else { throw failure("malformed start tag <\(qualified)>") }
      let attribute = try name()
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
        throw failure("attribute \(attribute) has no value")
      }
      index += 1
      skipWhitespace()
      guard index < bytes.count,
        bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'")
      else { throw failure("attribute \(attribute)'s value is not quoted") }
      let quote = bytes[index]
      index += 1
      guard let end = bytes[index...].firstIndex(of: quote) else {
        throw failure("attribute \(attribute)'s value does not end")
      }
      let value = try decode(bytes[index..<end])
      index = end + 1
      guard tree.attributes[attribute] == nil else {
        throw failure("attribute \(attribute) appears twice")
      }
      tree.attributes[attribute] = value
    }
    // Content until the matching end tag.
    var text: [UInt8] = []
    while true {
      guard index < bytes.count else { throw failure("<\(qualified)> is never closed") }
      if bytes[index] != UInt8(ascii: "<") {
        let end = bytes[index...].firstIndex(of: UInt8(ascii: "<")) ?? bytes.count
        text += Array(try decode(bytes[index..<end]).utf8)
        index = end
      } else if at("</") {
        index += 2
        let closing = try name()
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else {
          throw failure("malformed end tag </\(closing)>")
        }
        guard closing == qualified else {
          throw failure("</\(closing)> closes <\(qualified)>")
        }
        index += 1
        break
      } else if at("<![CDATA[") {
        index += 9
        guard let end = find("]]>") else { throw failure("a CDATA section does not end") }
        text += bytes[index..<end]
        index = end + 3
      } else if at("<!--") {
        try skip(past: "-->", what: "comment")
      } else if at("<?") {
        try skip(past: "?>", what: "processing instruction")
      } else if at("<!") {
        throw failure("a declaration is not accepted inside an element")
      } else {
        tree.children.append(try element(depth: depth + 1))
      }
    }
    tree.text = String(decoding: text, as: UTF8.self)
    if !tree.children.isEmpty {
      // Whitespace between child elements is layout, not content.
      tree.text = tree.text.trimmingXMLWhitespace()
    }
    return tree
  }

  /// A name: up to whitespace, `=`, `/`, `>` or `<`.
  private mutating func name() throws(XMLTreeError) -> String {
    let start = index
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "="), UInt8(ascii: "/"), UInt8(ascii: ">"),
        UInt8(ascii: "<"), UInt8(ascii: "\""), UInt8(ascii: "'"):
        guard index > start else { throw failure("a name is missing") }
        return String(decoding: bytes[start..<index], as: UTF8.self)
      default: index += 1
      }
    }
    throw failure("the document ends inside a name")
  }

  /// Text with its character references decoded.
  private func decode(_ slice: ArraySlice<UInt8>) throws(XMLTreeError) -> String {
    guard slice.contains(UInt8(ascii: "&")) else { return String(decoding: slice, as: UTF8.self) }
    var out = ""
    var position = slice.startIndex
    while position < slice.endIndex {
      guard let amp = slice[position...].firstIndex(of: UInt8(ascii: "&")) else {
        out += String(decoding: slice[position...], as: UTF8.self)
        break
      }
      out += String(decoding: slice[position..<amp], as: UTF8.self)
      guard let semicolon = slice[amp...].firstIndex(of: UInt8(ascii: ";")), semicolon - amp <= 10
      else { throw failure("an & that starts no reference") }
      let reference = String(decoding: slice[(amp + 1)..<semicolon], as: UTF8.self)
      switch reference {
      case "lt": out += "<"
      case "gt": out += ">"
      case "amp": out += "&"
      case "quot": out += "\""
      case "apos": out += "'"
      default:
        var scalar: Unicode.Scalar?
        if reference.hasPrefix("#x") || reference.hasPrefix("#X") {
          scalar = UInt32(reference.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
        } else if reference.hasPrefix("#") {
          scalar = UInt32(reference.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
        }
        guard let scalar else { throw failure("unknown reference &\(reference);") }
        out.unicodeScalars.append(scalar)
      }
      position = semicolon + 1
    }
    return out
  }

  @discardableResult
  private mutating func skipWhitespace() -> Bool {
    let start = index
    while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    return index > start
  }

  private func at(_ literal: String) -> Bool {
    var position = index
    for byte in literal.utf8 {
      guard position < bytes.count, bytes[position] == byte else { return false }
      position += 1
    }
    return true
  }

  private func find(_ literal: String) -> Int? {
    let pattern = Array(literal.utf8)
    var position = index
    while position + pattern.count <= bytes.count {
      if bytes[position] == pattern[0],
        Array(bytes[position..<(position + pattern.count)]) == pattern
      {
        return position
      }
      position += 1
    }
    return nil
  }

  private mutating func skip(past literal: String, what: String) throws(XMLTreeError) {
    guard let end = find(literal) else { throw failure("a \(what) does not end") }
    index = end + literal.utf8.count
  }

  private func failure(_ reason: String) -> XMLTreeError {
    let line = bytes[..<min(index, bytes.count)].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
    return XMLTreeError(reason: "\(reason) (line \(line))")
  }

  private static func localName(_ qualified: String) -> String {
    guard let colon = qualified.lastIndex(of: ":") else { return qualified }
    return String(qualified[qualified.index(after: colon)...])
  }
}

extension String {
  fileprivate func trimmingXMLWhitespace() -> String {
    let space: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
    let bytes = Array(utf8)
    guard let first = bytes.firstIndex(where: { !space.contains($0) }),
      let last = bytes.lastIndex(where: { !space.contains($0) })
    else { return "" }
    return String(decoding: bytes[first...last], as: UTF8.self)
  }
}
