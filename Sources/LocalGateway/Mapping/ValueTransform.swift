import AWSClient

/// The transforms a request map reference may name (`{body:QueueUrl|sqsQueueUrl}`): how a
/// member's value becomes part of an ARN or condition key. Each is documented in
/// `Resources/README.md`; the generator accepts exactly these names.
enum ValueTransform: String, Hashable, Sendable, CaseIterable {
  /// A stack name or ARN → the stack's ARN (`…:stack/NAME/*` for a name: the id is unknown).
  case cloudformationStack
  /// `:` before the value (a Lambda qualifier).
  case colonPrefix
  /// A key id, key ARN, alias name or alias ARN → the key's or the alias's ARN.
  case kmsKey
  /// A function name, partial ARN (`ACCOUNT:function:NAME`) or ARN → the function's ARN.
  case lambdaFunction
  /// `x-amz-copy-source` (`bucket/key?versionId=…`, URL-encoded) → `bucket/key`.
  case s3CopySource
  /// `x-amz-copy-source` → its `versionId`, absent when none.
  case s3CopySourceVersion
  /// A queue URL (`http://host/ACCOUNT/NAME`) → the queue's ARN.
  case sqsQueueUrl
  /// `/a/b` → `a/b` (SSM parameter names in ARNs).
  case stripLeadingSlash
  /// The keys of a tag set (a `Key`/`Value` list, a map or `k=v&…` text).
  case tagKeys
  /// A `[{Key, Value}]` tag list.
  case tagList
  /// A `{key: value}` tag map.
  case tagMap
  /// `k1=v1&k2=v2` tags (S3's `x-amz-tagging`).
  case tagQuery

  /// The values `node` stands for; empty when it has none.
  func apply(_ node: InputNode, _ context: ARNContext) -> [String] {
    switch self {
    case .tagKeys: return Self.tags(node).map(\.key)
    case .tagList, .tagMap, .tagQuery: return Self.tags(node).map { "\($0.key)=\($0.value)" }
    default: break
    }
    guard let text = node.text else { return [] }
    switch self {
    case .colonPrefix: return text.isEmpty ? [] : [":" + text]
    case .stripLeadingSlash: return [text.hasPrefix("/") ? String(text.dropFirst()) : text]
    case .sqsQueueUrl:
      let parts = text.split(separator: "/")
      guard parts.count >= 2 else { return [] }
      let name = parts[parts.count - 1]
      let account = parts[parts.count - 2]
      return ["arn:\(context.partition):sqs:\(context.region):\(account):\(name)"]
    case .lambdaFunction:
      if text.hasPrefix("arn:") { return [text] }
      let parts = text.split(separator: ":", omittingEmptySubsequences: false)
      if parts.count >= 3, parts[1] == "function" {
        return ["arn:\(context.partition):lambda:\(context.region):" + text]
      }
      return [
        "arn:\(context.partition):lambda:\(context.region):\(context.account):function:\(text)"
      ]
    case .kmsKey:
      if text.hasPrefix("arn:") { return [text] }
      let kind = text.hasPrefix("alias/") ? "" : "key/"
      return ["arn:\(context.partition):kms:\(context.region):\(context.account):\(kind)\(text)"]
    case .cloudformationStack:
      if text.hasPrefix("arn:") { return [text] }
      return [
        "arn:\(context.partition):cloudformation:\(context.region):\(context.account):stack/\(text)/*"
      ]
    case .s3CopySource:
      var source = PercentEncoding.decode(String(text.prefix { $0 != "?" }))
      if source.hasPrefix("/") { source.removeFirst() }
      return source.isEmpty ? [] : [source]
    case .s3CopySourceVersion:
      guard let mark = text.firstIndex(of: "?") else { return [] }
      let version = QueryItems(String(text[text.index(after: mark)...])).first("versionId")
      return version.map { [$0] } ?? []
    default:
      return [text]
    }
  }

  /// Tags as pairs, whatever their form.
  static func tags(_ node: InputNode) -> [(key: String, value: String)] {
    switch node {
    case .scalar(let text):
      return QueryItems(text).items.map { (key: $0.name, value: $0.value) }
    case .map(let members):
      return members.map { (key: $0.name, value: $0.value.text ?? "") }
    case .list(let items):
      return items.compactMap { item in
        guard let key = (item["Key"] ?? item["key"])?.text else { return nil }
        return (key: key, value: (item["Value"] ?? item["value"])?.text ?? "")
      }
    }
  }
}

/// What `${Partition}`, `${Region}` and `${Account}` stand for in one request.
public struct ARNContext: Hashable, Sendable {
  /// `aws`.
  public var partition: String
  /// The request's region (its SigV4 scope).
  public var region: String
  /// The account resources are named in: the caller's.
  public var account: String

  /// A context.
  public init(partition: String = "aws", region: String, account: String) {
    self.partition = partition
    self.region = region
    self.account = account
  }
}
