import Foundation
import IAM
import LocalHTTP
import Testing

@testable import LocalGateway

/// A customer-managed key behind SQS and DynamoDB, on the real emulator: what a request needs
/// on a queue or table includes the key's use by the service with the caller's permissions,
/// evaluated on the caller's grants and the key policy, and logged with what it served.
@Suite(.enabled(if: hasBotocore && EmulatorProcess.available), .serialized)
struct KeyUseTests {
  static let account = "123456789012"
  static let queue = "arn:aws:sqs:us-east-1:123456789012:work"
  static let table = "arn:aws:dynamodb:us-east-1:123456789012:table/results"
  static let role = RequestPrincipal.assumedRole(
    roleARN: "arn:aws:iam::123456789012:role/WorkerRole", sessionName: "worker-1")

  /// The key (its policy delegates to IAM and lets EventBridge send to queues), an encrypted
  /// queue and table, an SQS-managed queue, a table under the AWS managed key, and a role
  /// granted the key's use through SQS and DynamoDB. Prints the key's ARN.
  static let setup = """
    import json, sys, boto3
    kw = dict(endpoint_url=sys.argv[1], region_name="us-east-1",
              aws_access_key_id="setup", aws_secret_access_key="setup")
    root = "arn:aws:iam::123456789012:root"
    key = boto3.client("kms", **kw).create_key(Policy=json.dumps({"Version": "2012-10-17",
        "Statement": [
          {"Sid": "AccountGrantsUseThroughIAM", "Effect": "Allow", "Principal": {"AWS": root},
           "Action": ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"], "Resource": "*"},
          {"Sid": "EventBridgeSendsToQueues", "Effect": "Allow",
           "Principal": {"Service": "events.amazonaws.com"},
           "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "*",
           "Condition": {"StringEquals": {"kms:ViaService": "sqs.us-east-1.amazonaws.com"}}}]}))
    arn = key["KeyMetadata"]["Arn"]
    sqs = boto3.client("sqs", **kw)
    sqs.create_queue(QueueName="work", Attributes={"KmsMasterKeyId": arn, "Policy": json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
         "Principal": {"Service": "events.amazonaws.com"}, "Action": "sqs:SendMessage",
         "Resource": "arn:aws:sqs:us-east-1:123456789012:work"}]})})
    sqs.create_queue(QueueName="plain", Attributes={"SqsManagedSseEnabled": "true"})
    ddb = boto3.client("dynamodb", **kw)
    schema = dict(KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                  AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                  BillingMode="PAY_PER_REQUEST")
    ddb.create_table(TableName="results", SSESpecification={
        "Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": arn}, **schema)
    ddb.create_table(TableName="managed", SSESpecification={"Enabled": True}, **schema)
    iam = boto3.client("iam", **kw)
    iam.create_role(RoleName="WorkerRole", AssumeRolePolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
         "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))
    iam.put_role_policy(RoleName="WorkerRole", PolicyName="Work", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Action": ["sqs:SendMessage", "sqs:ReceiveMessage"],
           "Resource": ["arn:aws:sqs:us-east-1:123456789012:work",
                        "arn:aws:sqs:us-east-1:123456789012:plain"]},
          {"Effect": "Allow", "Action": ["dynamodb:PutItem", "dynamodb:Query"],
           "Resource": ["arn:aws:dynamodb:us-east-1:123456789012:table/results",
                        "arn:aws:dynamodb:us-east-1:123456789012:table/results/index/*",
                        "arn:aws:dynamodb:us-east-1:123456789012:table/managed"]}]}))
    iam.put_role_policy(RoleName="WorkerRole", PolicyName="Key", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "QueueKey", "Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
           "Resource": arn, "Condition": {"StringEquals": {
             "kms:ViaService": "sqs.us-east-1.amazonaws.com",
             "kms:EncryptionContext:aws:sqs:arn": "arn:aws:sqs:us-east-1:123456789012:work"}}},
          {"Sid": "TableKey", "Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
           "Resource": arn,
           "Condition": {"StringEquals": {"kms:ViaService": "dynamodb.us-east-1.amazonaws.com",
                                          "kms:EncryptionContext:aws:dynamodb:tableName": "results"}}}]}))
    print(arn)
    """

  @Test func aKeysUseIsEvaluatedWithTheRequest() async throws {
    let emulator = try await EmulatorProcess.start()
    defer { emulator.stop() }
    let key = String(
      decoding: try await runPythonDetached(["-c", Self.setup, emulator.endpoint]), as: UTF8.self
    ).trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(key.hasPrefix("arn:aws:kms:us-east-1:123456789012:key/"))
    let log = try DecisionLog()
    let gateway = try Gateway(
      emulator: HTTPClient(host: "127.0.0.1", port: emulator.port), log: log)
    func ask(
      _ principal: RequestPrincipal, _ action: String, _ resource: String,
      _ context: ContextKeys = ContextKeys()
    ) async -> AuthorizationResult {
      await gateway.authorizer.authorize(
        AuthorizationRequest(
          principal: principal, action: action, resource: resource, context: context),
        region: "us-east-1", service: String(action.prefix { $0 != ":" }),
        operation: String(action.drop { $0 != ":" }.dropFirst()))
    }

    // Sending to the encrypted queue: the action, then GenerateDataKey and Decrypt on its key.
    let send = await ask(Self.role, "sqs:SendMessage", Self.queue)
    #expect(send.isAllowed, "\(send.records.map(\.textLine))")
    #expect(
      send.records.map { "\($0.action) \($0.resource)" } == [
        "sqs:SendMessage \(Self.queue)", "kms:GenerateDataKey \(key)", "kms:Decrypt \(key)",
      ])
    #expect(send.records[1].statement?.sid == "QueueKey")
    #expect(
      send.records[1].reason.hasSuffix(
        "(the key's use by the service for sqs:SendMessage on \(Self.queue))"))
    let receive = await ask(Self.role, "sqs:ReceiveMessage", Self.queue)
    #expect(receive.records.map(\.action) == ["sqs:ReceiveMessage", "kms:Decrypt"])

    // SQS-managed encryption and the AWS managed key need no grant.
    #expect(
      await ask(Self.role, "sqs:SendMessage", "arn:aws:sqs:us-east-1:123456789012:plain")
        .records.map(\.action) == ["sqs:SendMessage"])
    #expect(
      await ask(
        Self.role, "dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:123456789012:table/managed"
      ).records.map(\.action) == ["dynamodb:PutItem"])

    // DynamoDB: reading through an index needs Decrypt, writing GenerateDataKey too, each
    // allowed by the statement conditioned on DynamoDB and this table (kms:ViaService and the
    // encryption context); the queue's statement, conditioned on SQS, allows neither.
    let query = await ask(Self.role, "dynamodb:Query", Self.table + "/index/by-time")
    #expect(query.isAllowed, "\(query.records.map(\.textLine))")
    #expect(query.records.map(\.action) == ["dynamodb:Query", "kms:Decrypt"])
    #expect(query.records.last?.statement?.sid == "TableKey")
    let put = await ask(Self.role, "dynamodb:PutItem", Self.table)
    #expect(put.isAllowed)
    #expect(put.records.map(\.statement?.sid) == [nil, "TableKey", "TableKey"])

    // The role's key grant removed: the request fails on the key, with AWS's message.
    _ = try await runPythonDetached(
      [
        "-c",
        """
        import sys, boto3
        boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1",
            aws_access_key_id="setup", aws_secret_access_key="setup").delete_role_policy(
            RoleName="WorkerRole", PolicyName="Key")
        """,
        emulator.endpoint,
      ])
    gateway.policies.invalidate()
    let denied = await ask(Self.role, "sqs:SendMessage", Self.queue)
    #expect(!denied.isAllowed)
    #expect(
      denied.message
        == "User: arn:aws:sts::123456789012:assumed-role/WorkerRole/worker-1 is not authorized "
        + "to perform: kms:GenerateDataKey on resource: \(key) because no identity-based "
        + "policy allows the kms:GenerateDataKey action")
    #expect(denied.records.first?.decision == .allow)
    let deniedPut = await ask(Self.role, "dynamodb:PutItem", Self.table)
    #expect(!deniedPut.isAllowed && deniedPut.denial?.action == "kms:Decrypt")

    // EventBridge delivering to the encrypted queue: the key policy alone must allow it, and
    // does through SQS.
    let events = await ask(
      .service("events.amazonaws.com"), "sqs:SendMessage", Self.queue,
      ContextKeys(["aws:SourceAccount": [Self.account]]))
    #expect(events.isAllowed, "\(events.records.map(\.textLine))")
    #expect(events.records.last?.statement?.sid == "EventBridgeSendsToQueues")
  }
}
