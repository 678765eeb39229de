import AWSClient
import Foundation

/// S3's XML bodies as a tree below the root element: an element with child elements is a map
/// (repeated names kept in order), one with text only is a scalar. Read with AWSClient's XML
/// reader, which refuses document type declarations.
enum XMLInput {
  static func parse(_ body: [UInt8]) throws(RequestMappingError) -> InputNode {
    let root: XMLTree
    do {
      root = try XMLTree.parse(Data(body))
    } catch {
      throw RequestMappingError.unreadableBody("the XML body cannot be read: \(error.reason)")
    }
    return node(root)
  }

  private static func node(_ element: XMLTree) -> InputNode {
    if element.children.isEmpty { return .scalar(element.text) }
    return .map(element.children.map { InputNode.Member(name: $0.name, value: node($0)) })
  }
}
