import AWSClient
import CloudFormation
import Foundation

/// Reads a request body into an ``InputNode`` for its protocol: JSON (json, rest-json), the
/// form of the query and EC2 protocols, S3's XML, CloudWatch's CBOR.
enum BodyDecoding {
  /// The tree of `body` as `wireProtocol` writes it; an empty body is an empty map. A body that
  /// cannot be read throws (the gateway denies the request, never guesses).
  static func decode(_ body: [UInt8], _ wireProtocol: WireProtocol) throws(RequestMappingError)
    -> InputNode
  {
    if body.isEmpty { return .map([]) }
    switch wireProtocol {
    case .json, .restJSON:
      do {
        return node(try JSONDocument.parse(String(decoding: body, as: UTF8.self)))
      } catch {
        throw RequestMappingError.unreadableBody("the JSON body cannot be read: \(error)")
      }
    case .query, .ec2:
      return form(String(decoding: body, as: UTF8.self))
    case .restXML:
      return try XMLInput.parse(body)
    case .rpcV2CBOR:
      return try CBORInput.parse(body)
    }
  }

  static func node(_ document: JSONDocument) -> InputNode {
    switch document {
    case .string(let text), .number(let text): return .scalar(text)
    case .bool(let flag): return .scalar(flag ? "true" : "false")
    case .null: return .map([])
    case .array(let items): return .list(items.map(node))
    case .object(let members):
      return .map(members.map { InputNode.Member(name: $0.0, value: node($0.1)) })
    }
  }

  /// A query-protocol form (`Action=…&Tags.member.1.Key=k`) as a tree: `member` and `entry`
  /// segments dropped, numbered segments become list elements in order, and numbered
  /// `key`/`value` pairs (`Attributes.entry.1.key`) become maps.
  static func form(_ text: String) -> InputNode {
    let root = FormTree()
    for item in QueryItems(text).items {
      var node = root
      for segment in item.name.split(separator: ".") where segment != "member" && segment != "entry"
      {
        node = node.child(String(segment))
      }
      node.value = item.value
    }
    return root.node()
  }
}

/// A mutable tree used while reading a form.
private final class FormTree {
  var value: String?
  var children: [(String, FormTree)] = []

  func child(_ name: String) -> FormTree {
    if let found = children.first(where: { $0.0 == name }) { return found.1 }
    let created = FormTree()
    children.append((name, created))
    return created
  }

  func node() -> InputNode {
    if children.isEmpty { return .scalar(value ?? "") }
    if children.allSatisfy({ Int($0.0) != nil }) {
      let items = children.sorted { (Int($0.0) ?? 0) < (Int($1.0) ?? 0) }.map { $0.1.node() }
      // `entry.N.key` / `entry.N.value`: a map.
      let pairs = items.compactMap { item -> InputNode.Member? in
        guard case .map(let members) = item, members.count == 2, let key = item["key"]?.text,
          let value = item["value"]
        else { return nil }
        return InputNode.Member(name: key, value: value)
      }
      if !pairs.isEmpty, pairs.count == items.count { return .map(pairs) }
      return .list(items)
    }
    return .map(children.map { InputNode.Member(name: $0.0, value: $0.1.node()) })
  }
}
