import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// S3's XML bodies as a tree below the root element: an element with child elements is a map
/// (repeated names kept in order), one with text only is a scalar.
enum XMLInput {
  static func parse(_ body: [UInt8]) throws(RequestMappingError) -> InputNode {
    let builder = TreeBuilder()
    let parser = XMLParser(data: Data(body))
    parser.delegate = builder
    guard parser.parse(), let root = builder.root else {
      throw RequestMappingError.unreadableBody(
        "the XML body cannot be read: \(parser.parserError.map { "\($0)" } ?? "no root element")")
    }
    return root.node()
  }
}

private final class Element {
  var name: String
  var text = ""
  var children: [Element] = []
  init(_ name: String) { self.name = name }

  func node() -> InputNode {
    if children.isEmpty { return .scalar(text) }
    return .map(children.map { InputNode.Member(name: $0.name, value: $0.node()) })
  }
}

private final class TreeBuilder: NSObject, XMLParserDelegate {
  var root: Element?
  var stack: [Element] = []

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    let element = Element(elementName)
    stack.last?.children.append(element)
    if root == nil { root = element }
    stack.append(element)
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?
  ) {
    _ = stack.popLast()
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    stack.last?.text += string
  }
}
