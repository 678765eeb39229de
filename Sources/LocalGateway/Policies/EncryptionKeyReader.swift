import CloudFormation
import Foundation
import IAM

/// Reads which customer-managed KMS key encrypts a queue (`GetQueueAttributes`
/// `KmsMasterKeyId`) or a table (`DescribeTable` `SSEDescription`) in the emulator, as a key
/// ARN. A resource that does not exist, is not encrypted, uses SQS-managed encryption or an AWS
/// managed key (`alias/aws/sqs`, `alias/aws/dynamodb`: their policies let every principal of the
/// account use them through the service) has none.
struct EncryptionKeyReader: Sendable {
  let caller: EmulatorCaller
  let accessKeyID: String
  let region: String

  /// The key of the queue or table `arn`, nil when none applies.
  func key(of arn: ARNParts) async throws(PolicyReadFailure) -> String? {
    let configured: String?
    switch arn.service {
    case "sqs": configured = try await queueKey(account: arn.account, name: arn.resource)
    case "dynamodb":
      guard let table = Self.tableName(arn.resource) else { return nil }
      configured = try await tableKey(table)
    default: return nil
    }
    guard let configured, !configured.isEmpty else { return nil }
    return try await customerKeyARN(configured)
  }

  /// `table/T` and `table/T/index/I` → `T`.
  static func tableName(_ resource: String) -> String? {
    let pieces = resource.split(separator: "/")
    guard pieces.count >= 2, pieces[0] == "table" else { return nil }
    return String(pieces[1])
  }

  private func queueKey(account: String, name: String) async throws(PolicyReadFailure)
    -> String?
  {
    let url = "http://\(caller.client.host):\(caller.client.port)/\(account)/\(name)"
    let answer: (status: Int, tree: InputNode)
    do {
      answer = try await caller.json(
        service: "sqs", region: region, accessKeyID: accessKeyID,
        target: "AmazonSQS.GetQueueAttributes", version: "1.0",
        body: #"{"QueueUrl": \#(Self.quoted(url)), "AttributeNames": ["KmsMasterKeyId"]}"#)
    } catch {
      throw PolicyReadFailure("the key of the queue \(name) could not be read: \(error)")
    }
    if answer.status == 400 { return nil }  // no such queue: the emulator answers the request
    guard answer.status == 200 else {
      throw PolicyReadFailure(
        "the key of the queue \(name) could not be read: HTTP \(answer.status)")
    }
    return answer.tree["Attributes"]?["KmsMasterKeyId"]?.text
  }

  private func tableKey(_ name: String) async throws(PolicyReadFailure) -> String? {
    let answer: (status: Int, tree: InputNode)
    do {
      answer = try await caller.json(
        service: "dynamodb", region: region, accessKeyID: accessKeyID,
        target: "DynamoDB_20120810.DescribeTable", version: "1.0",
        body: #"{"TableName": \#(Self.quoted(name))}"#)
    } catch {
      throw PolicyReadFailure("the key of the table \(name) could not be read: \(error)")
    }
    if answer.status == 400 { return nil }
    guard answer.status == 200 else {
      throw PolicyReadFailure(
        "the key of the table \(name) could not be read: HTTP \(answer.status)")
    }
    let description = answer.tree["Table"]?["SSEDescription"]
    guard description?["SSEType"]?.text == "KMS", description?["Status"]?.text != "DISABLED"
    else { return nil }
    return description?["KMSMasterKeyArn"]?.text
  }

  /// The ARN of the key a configured id names (a key id, key ARN, alias or alias ARN), nil
  /// when it is an AWS managed key.
  private func customerKeyARN(_ configured: String) async throws(PolicyReadFailure) -> String? {
    if Self.isAWSManagedAlias(configured) { return nil }
    let answer: (status: Int, tree: InputNode)
    do {
      answer = try await caller.json(
        service: "kms", region: region, accessKeyID: accessKeyID,
        target: "TrentService.DescribeKey", version: "1.1",
        body: #"{"KeyId": \#(Self.quoted(configured))}"#)
    } catch {
      throw PolicyReadFailure("the key \(configured) could not be described: \(error)")
    }
    guard answer.status == 200, let metadata = answer.tree["KeyMetadata"],
      let arn = metadata["Arn"]?.text
    else {
      // A key that does not exist: the service itself refuses the request (KMS.NotFound).
      if answer.status == 400 { return nil }
      throw PolicyReadFailure(
        "the key \(configured) could not be described: HTTP \(answer.status)")
    }
    if metadata["KeyManager"]?.text == "AWS" { return nil }
    // moto makes the AWS managed keys it creates as customer keys with an `alias/aws/...`.
    let aliases: (status: Int, tree: InputNode)
    do {
      aliases = try await caller.json(
        service: "kms", region: region, accessKeyID: accessKeyID,
        target: "TrentService.ListAliases", version: "1.1",
        body: #"{"KeyId": \#(Self.quoted(arn))}"#)
    } catch {
      throw PolicyReadFailure("the aliases of the key \(arn) could not be read: \(error)")
    }
    if case .list(let entries) = aliases.tree["Aliases"] ?? .list([]),
      entries.contains(where: { Self.isAWSManagedAlias($0["AliasName"]?.text ?? "") })
    {
      return nil
    }
    return arn
  }

  static func isAWSManagedAlias(_ name: String) -> Bool {
    name.hasPrefix("alias/aws/") || name.contains(":alias/aws/")
  }

  private static func quoted(_ text: String) -> String {
    var out = ""
    JSONDocument.writeString(text, to: &out)
    return out
  }
}
