import IAM

/// The AWS KMS permissions a service uses with the caller's own permissions when a request
/// reads or writes a queue or table encrypted with a customer-managed key. The ``Authorizer``
/// adds them to what the request needs, on the resource's key (``PolicyStore/encryptionKey(of:region:accessKeyID:)``),
/// evaluated like any action: the caller's identity policies and the key policy, which must
/// allow by itself (a key policy that delegates to IAM names the account).
///
/// | the request's action | KMS actions on the key | as AWS documents it |
/// |---|---|---|
/// | `sqs:SendMessage` (SendMessage, SendMessageBatch) | `kms:GenerateDataKey`, `kms:Decrypt` | SQS developer guide, "Key management": a producer needs both |
/// | `sqs:ReceiveMessage` | `kms:Decrypt` | a consumer needs it |
/// | DynamoDB item reads (`GetItem`, `BatchGetItem`, `Query`, `Scan`, PartiQL select) | `kms:Decrypt` | the table key is decrypted to read |
/// | DynamoDB item writes (`PutItem`, `UpdateItem`, `DeleteItem`, `BatchWriteItem`, PartiQL writes) | `kms:Decrypt`, `kms:GenerateDataKey` | and used to write |
///
/// The condition keys are those KMS sees for a call a service makes for its caller:
/// `kms:ViaService` (`sqs.us-east-1.amazonaws.com`), `kms:CallerAccount`, the encryption
/// context the service uses (`kms:EncryptionContext:aws:sqs:arn`, or
/// `kms:EncryptionContext:aws:dynamodb:tableName` and `...:subscriberId`) with
/// `kms:EncryptionContextKeys`, and `aws:ViaAWSService` true with `aws:CalledVia`.
///
/// Stricter than AWS in timing only: SQS reuses a data key for up to
/// `KmsDataKeyReusePeriodSeconds` and DynamoDB caches a table key for minutes, so on AWS a
/// removed key grant takes effect after that; here at the next request.
enum KeyUse {
  static let dynamoDBReads: Set<String> = [
    "dynamodb:getitem", "dynamodb:batchgetitem", "dynamodb:query", "dynamodb:scan",
    "dynamodb:partiqlselect",
  ]
  static let dynamoDBWrites: Set<String> = [
    "dynamodb:putitem", "dynamodb:updateitem", "dynamodb:deleteitem", "dynamodb:batchwriteitem",
    "dynamodb:partiqlinsert", "dynamodb:partiqlupdate", "dynamodb:partiqldelete",
  ]

  /// The KMS actions `action` needs on the key of its resource, empty when it uses none.
  static func kmsActions(for action: String) -> [String] {
    let lowered = action.lowercased()
    switch lowered {
    case "sqs:sendmessage": return ["kms:GenerateDataKey", "kms:Decrypt"]
    case "sqs:receivemessage": return ["kms:Decrypt"]
    default:
      if dynamoDBReads.contains(lowered) { return ["kms:Decrypt"] }
      if dynamoDBWrites.contains(lowered) { return ["kms:Decrypt", "kms:GenerateDataKey"] }
      return []
    }
  }

  /// The authorizations of the key's use for `authorization` (an action on a queue or table
  /// encrypted with `key`) by `principal`.
  static func authorizations(
    for authorization: MappedAuthorization, key: String, principal: RequestPrincipal,
    region: String
  ) -> [MappedAuthorization] {
    guard let resource = ARNParts(authorization.resource) else { return [] }
    let service = resource.service
    var keys = ContextKeys()
    keys["kms:ViaService"] = ["\(service).\(region).amazonaws.com"]
    if let account = principal.account { keys["kms:CallerAccount"] = [account] }
    keys["aws:ViaAWSService"] = ["true"]
    keys["aws:CalledVia"] = ["\(service).amazonaws.com"]
    keys["aws:CalledViaFirst"] = ["\(service).amazonaws.com"]
    keys["aws:CalledViaLast"] = ["\(service).amazonaws.com"]
    var context: [(String, String)] = []
    if service == "sqs" {
      context = [("aws:sqs:arn", authorization.resource)]
    } else if let table = EncryptionKeyReader.tableName(resource.resource) {
      context = [
        ("aws:dynamodb:subscriberId", resource.account), ("aws:dynamodb:tableName", table),
      ]
    }
    for (name, value) in context { keys["kms:EncryptionContext:\(name)"] = [value] }
    keys["kms:EncryptionContextKeys"] = context.map(\.0)
    return kmsActions(for: authorization.action).map { action in
      MappedAuthorization(
        action: action, resource: key, resourceType: "key", conditionKeys: keys,
        keyUseFor: "\(authorization.action) on \(authorization.resource)")
    }
  }
}
