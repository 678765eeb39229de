import CloudFormation
import Foundation
import IAM
import LocalHTTP

/// Reads resource policies from the emulator: bucket, queue, topic, function and key policies.
/// A resource that does not exist has no policy (the emulator will answer the request itself).
struct ResourcePolicyReader: Sendable {
  let caller: EmulatorCaller
  let accessKeyID: String
  let region: String

  private func failure(_ what: String, _ error: any Error) -> PolicyReadFailure {
    PolicyReadFailure("\(what) could not be read from the emulator: \(error)")
  }

  /// `GetBucketPolicy`.
  func bucket(_ name: String) async throws(PolicyReadFailure) -> ResourcePolicy {
    let response: LocalHTTP.HTTPResponse
    do {
      response = try await caller.send(
        service: "s3", region: region, accessKeyID: accessKeyID, method: "GET", path: "/\(name)",
        query: [("policy", "")])
    } catch {
      throw failure("the bucket policy of \(name)", error)
    }
    if response.status == 404 { return ResourcePolicy(policy: nil, required: false) }
    guard response.status == 200 else {
      throw PolicyReadFailure(
        "the bucket policy of \(name) could not be read: HTTP \(response.status) \(response.text.prefix(200))"
      )
    }
    return ResourcePolicy(
      policy: try PolicyText.document(
        response.text, kind: .resource, name: "bucket policy of \(name)"),
      required: false)
  }

  /// `GetQueueAttributes` with `Policy`.
  func queue(account: String, name: String) async throws(PolicyReadFailure) -> ResourcePolicy {
    let url = "http://\(caller.client.host):\(caller.client.port)/\(account)/\(name)"
    let answer: (status: Int, tree: InputNode)
    do {
      answer = try await caller.json(
        service: "sqs", region: region, accessKeyID: accessKeyID,
        target: "AmazonSQS.GetQueueAttributes", version: "1.0",
        body: #"{"QueueUrl": \#(Self.quoted(url)), "AttributeNames": ["Policy"]}"#)
    } catch {
      throw failure("the queue policy of \(name)", error)
    }
    if answer.status == 400 { return ResourcePolicy(policy: nil, required: false) }
    guard answer.status == 200 else {
      throw PolicyReadFailure(
        "the queue policy of \(name) could not be read: HTTP \(answer.status)")
    }
    guard let text = answer.tree["Attributes"]?["Policy"]?.text else {
      return ResourcePolicy(policy: nil, required: false)
    }
    return ResourcePolicy(
      policy: try PolicyText.document(text, kind: .resource, name: "queue policy of \(name)"),
      required: false)
  }

  /// `GetTopicAttributes`.
  func topic(_ arn: String) async throws(PolicyReadFailure) -> ResourcePolicy {
    let answer: (status: Int, tree: InputNode)
    do {
      answer = try await caller.query(
        service: "sns", region: region, accessKeyID: accessKeyID, version: "2010-03-31",
        action: "GetTopicAttributes", parameters: [("TopicArn", arn)])
    } catch {
      throw failure("the topic policy of \(arn)", error)
    }
    if answer.status == 404 { return ResourcePolicy(policy: nil, required: false) }
    guard answer.status == 200 else {
      throw PolicyReadFailure("the topic policy of \(arn) could not be read: HTTP \(answer.status)")
    }
    let entries =
      answer.tree["GetTopicAttributesResult"]?.resolve(
        PathStep.parse("Attributes.entry[]")) ?? []
    guard let text = entries.first(where: { $0["key"]?.text == "Policy" })?["value"]?.text else {
      return ResourcePolicy(policy: nil, required: false)
    }
    return ResourcePolicy(
      policy: try PolicyText.document(text, kind: .resource, name: "topic policy of \(arn)"),
      required: false)
  }

  /// `GetKeyPolicy` (`default`): a key policy must allow by itself.
  func key(_ arn: String) async throws(PolicyReadFailure) -> ResourcePolicy {
    guard arn.contains(":key/") else { return ResourcePolicy(policy: nil, required: false) }
    let answer: (status: Int, tree: InputNode)
    do {
      answer = try await caller.json(
        service: "kms", region: region, accessKeyID: accessKeyID,
        target: "TrentService.GetKeyPolicy", version: "1.1",
        body: #"{"KeyId": \#(Self.quoted(arn)), "PolicyName": "default"}"#)
    } catch {
      throw failure("the key policy of \(arn)", error)
    }
    if answer.status == 400 { return ResourcePolicy(policy: nil, required: false) }
    guard answer.status == 200, let text = answer.tree["Policy"]?.text else {
      throw PolicyReadFailure("the key policy of \(arn) could not be read: HTTP \(answer.status)")
    }
    return ResourcePolicy(
      policy: try PolicyText.document(text, kind: .resource, name: "key policy of \(arn)"),
      required: true)
  }

  /// Lambda's `GetPolicy`.
  func function(_ parts: ARNParts) async throws(PolicyReadFailure) -> ResourcePolicy {
    let pieces = parts.resource.split(separator: ":")
    guard pieces.count >= 2, pieces[0] == "function" else {
      return ResourcePolicy(policy: nil, required: false)
    }
    let name = String(pieces[1])
    let query = pieces.count > 2 ? [("Qualifier", String(pieces[2]))] : []
    let response: LocalHTTP.HTTPResponse
    do {
      response = try await caller.send(
        service: "lambda", region: region, accessKeyID: accessKeyID, method: "GET",
        path: "/2015-03-31/functions/\(name)/policy", query: query)
    } catch {
      throw failure("the function policy of \(name)", error)
    }
    if response.status == 404 { return ResourcePolicy(policy: nil, required: false) }
    let tree: InputNode
    do {
      tree = try BodyDecoding.decode(response.body, .restJSON)
    } catch {
      throw PolicyReadFailure("the function policy of \(name) is not JSON: \(error)")
    }
    guard response.status == 200, let text = tree["Policy"]?.text else {
      throw PolicyReadFailure(
        "the function policy of \(name) could not be read: HTTP \(response.status)")
    }
    return ResourcePolicy(
      policy: try PolicyText.document(text, kind: .resource, name: "function policy of \(name)"),
      required: false)
  }

  private static func quoted(_ text: String) -> String {
    var out = ""
    JSONDocument.writeString(text, to: &out)
    return out
  }
}
