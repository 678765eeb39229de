import Foundation
import IAM
import LocalHTTP
import Testing

@testable import LocalGateway

/// The gateway over TLS in front of the real emulator, used by boto3 and the AWS CLI with the
/// local CA bundle (`Fixtures/gateway_scenario.py`): aws-chunked uploads, a removed grant
/// denied with AWS's message and explained in the log, the grant put back, refused signatures,
/// an unknown operation, a bucket policy's deny, presigned URLs; then an expired session.
@Suite(.enabled(if: hasBotocore && EmulatorProcess.available), .serialized)
struct GatewayEndToEndTests {
  struct Scenario: Decodable {
    struct Failure: Decodable {
      var code: String?
      var message: String?
      var status: Int?
    }
    struct Command: Decodable {
      var code: Int
      var stdout: String?
      var stderr: String
    }
    var adminKey: String
    var callerIdentity: String
    var roundTrip: Bool
    var headLength: Int
    var outsideGrant: Failure
    var removedGrant: Failure
    var restoredGrant: Failure
    var alice: Failure
    var overTLS: Failure
    var bucketDeny: Failure
    var wrongSecretS3: Failure
    var wrongSecretSTS: Failure
    var unknownKeyS3: Failure
    var unknownKeySTS: Failure
    var unknownOperation: Failure
    var presigned: Bool
    var presignedTampered: Int
    var cliCopy: Command
    var cliIdentity: Command
    var cliObject: Bool
    var session: [String]
  }

  @Test func throughTheGatewayToTheEmulator() async throws {
    let emulator = try await EmulatorProcess.start()
    defer { emulator.stop() }
    let folder = emulator.stateDirectory.appendingPathComponent("local")
    let authority = try CertificateAuthority.ensure(in: folder.appendingPathComponent("tls"))
    let logFile = folder.appendingPathComponent("iam-log.jsonl")
    let log = try DecisionLog(file: logFile)
    let gateway = try Gateway(
      emulator: HTTPClient(host: "127.0.0.1", port: emulator.port), log: log)
    let server = try await GatewayServer.start(gateway, tls: try authority.serverContext())
    let output = try await runPythonDetached([
      fixtures.appendingPathComponent("gateway_scenario.py").path,
      "https://127.0.0.1:\(server.port)", emulator.endpoint, authority.caCertificate.path,
    ])
    let result = try JSONDecoder().decode(Scenario.self, from: output)
    #expect(result.callerIdentity == "arn:aws:iam::123456789012:user/admin")
    #expect(result.roundTrip, "the aws-chunked upload did not arrive whole")
    #expect(result.headLength == 100_000)
    let session = "arn:aws:sts::123456789012:assumed-role/StoreRole/store-1"
    #expect(result.outsideGrant.code == "AccessDenied" && result.outsideGrant.status == 403)
    #expect(
      result.outsideGrant.message
        == "User: \(session) is not authorized to perform: s3:PutObject on resource: "
        + "arn:aws:s3:::images/input/x.jpg because no identity-based policy allows the "
        + "s3:PutObject action")
    #expect(result.removedGrant.code == "AccessDenied")
    #expect(
      result.removedGrant.message?.contains(
        "s3:PutObject on resource: arn:aws:s3:::images/processed/b.json") == true)
    #expect(result.restoredGrant.code == nil, "the restored grant did not take effect")
    #expect(result.alice.code == "AccessDenied")
    #expect(result.overTLS.code == nil, "aws:SecureTransport is not true over TLS")
    #expect(result.bucketDeny.code == "AccessDenied")
    #expect(
      result.bucketDeny.message?.hasSuffix("with an explicit deny in a resource-based policy")
        == true)
    #expect(result.wrongSecretS3.code == "SignatureDoesNotMatch")
    #expect(result.wrongSecretSTS.code == "SignatureDoesNotMatch")
    #expect(result.unknownKeyS3.code == "InvalidAccessKeyId")
    #expect(result.unknownKeySTS.code == "InvalidClientTokenId")
    #expect(result.unknownOperation.code == "AccessDeniedException")
    #expect(result.unknownOperation.message?.contains("dynamodb:ExecuteStatement") == true)
    #expect(result.presigned && result.presignedTampered == 403)
    #expect(result.cliCopy.code == 0, "aws s3 cp: \(result.cliCopy.stderr)")
    #expect(
      result.cliIdentity.stdout?.contains("user/admin") == true, "\(result.cliIdentity.stderr)")
    #expect(result.cliObject)

    // The log explains the removed grant in one line, and keeps every decision in the file.
    let denied = log.records(deniedOnly: true)
    let removed = try #require(
      denied.first { $0.resource == "arn:aws:s3:::images/processed/b.json" })
    #expect(removed.principal == session && removed.decision == .implicitDeny)
    #expect(removed.reason == "no identity-based policy allows the s3:PutObject action")
    #expect(
      removed.textLine.contains(
        "DENY  assumed-role/StoreRole/store-1 s3:PutObject arn:aws:s3:::images/processed/b.json: "
          + "no identity-based policy allows the s3:PutObject action"))
    let allowedAgain = log.records().last {
      $0.resource == "arn:aws:s3:::images/processed/b.json" && $0.decision == .allow
    }
    #expect(allowedAgain?.statement?.sid == "WriteProcessed")
    let fromFile = try DecisionLogFile.read(logFile).records
    #expect(fromFile.count == log.lastSequence)
    #expect(fromFile.filter(\.isDenied).count == denied.count)
    #expect(
      denied.contains { $0.decision == .unmapped && $0.action == "dynamodb:ExecuteStatement" })
    #expect(denied.contains { $0.decision == .unauthenticated })
    #expect(
      log.records().contains {
        $0.action == "sts:GetCallerIdentity" && $0.decision == .allow
          && $0.reason == "the operation needs no IAM permission"
      })

    // The runtime's calls, on policies made in the emulator: EventBridge sending to a queue
    // under its queue policy (aws:SourceArn), a rule's role starting an execution.
    _ = try await runPythonDetached(
      [
        "-c",
        """
        import json, sys, boto3
        kw = dict(endpoint_url=sys.argv[1], region_name="us-east-1",
                  aws_access_key_id="setup", aws_secret_access_key="setup")
        rule = "arn:aws:events:us-east-1:123456789012:rule/fleet-route"
        boto3.client("sqs", **kw).create_queue(QueueName="work", Attributes={"Policy": json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
             "Principal": {"Service": "events.amazonaws.com"}, "Action": "sqs:SendMessage",
             "Resource": "arn:aws:sqs:us-east-1:123456789012:work",
             "Condition": {"ArnEquals": {"aws:SourceArn": rule}}}]})})
        iam = boto3.client("iam", **kw)
        iam.create_role(RoleName="RuleRole", AssumeRolePolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
             "Principal": {"Service": "events.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))
        iam.put_role_policy(RoleName="RuleRole", PolicyName="Start", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Sid": "StartPipeline", "Effect": "Allow",
             "Action": "states:StartExecution",
             "Resource": "arn:aws:states:us-east-1:123456789012:stateMachine:pipeline"}]}))
        """,
        emulator.endpoint,
      ])
    let queue = "arn:aws:sqs:us-east-1:123456789012:work"
    func send(from rule: String) async -> AuthorizationResult {
      await gateway.authorizer.authorize(
        AuthorizationRequest(
          principal: .service("events.amazonaws.com"), action: "sqs:SendMessage",
          resource: queue,
          context: ContextKeys([
            "aws:SourceArn": ["arn:aws:events:us-east-1:123456789012:rule/\(rule)"],
            "aws:SourceAccount": ["123456789012"],
          ])),
        region: "us-east-1", service: "sqs", operation: "SendMessage")
    }
    #expect(await send(from: "fleet-route").isAllowed)
    let otherRule = await send(from: "other")
    #expect(!otherRule.isAllowed)
    #expect(
      otherRule.denial?.reason == "no resource-based policy allows the sqs:SendMessage action")
    #expect(otherRule.denial?.source == .runtime)
    let ruleRole = RequestPrincipal.assumedRole(
      roleARN: "arn:aws:iam::123456789012:role/RuleRole", sessionName: "rule-fleet")
    let start = await gateway.authorizer.authorize(
      AuthorizationRequest(
        principal: ruleRole, action: "states:StartExecution",
        resource: "arn:aws:states:us-east-1:123456789012:stateMachine:pipeline"),
      region: "us-east-1")
    #expect(start.isAllowed && start.records.first?.statement?.sid == "StartPipeline")
    let other = await gateway.authorizer.authorize(
      AuthorizationRequest(
        principal: ruleRole, action: "states:StartExecution",
        resource: "arn:aws:states:us-east-1:123456789012:stateMachine:other"),
      region: "us-east-1")
    #expect(
      other.message
        == "User: arn:aws:sts::123456789012:assumed-role/RuleRole/rule-fleet is not authorized "
        + "to perform: states:StartExecution on resource: "
        + "arn:aws:states:us-east-1:123456789012:stateMachine:other because no identity-based "
        + "policy allows the states:StartExecution action")

    // LocalRuntime's questions in its own terms: a service assuming a role (trust policy), a
    // role's ARN acting.
    let assume = await gateway.authorizer.mayAssume(
      role: "arn:aws:iam::123456789012:role/RuleRole", service: "events.amazonaws.com",
      sourceArn: nil, sourceAccount: "123456789012", region: "us-east-1")
    #expect(assume.isAllowed, "\(assume.explanation)")
    let notTrusted = await gateway.authorizer.mayAssume(
      role: "arn:aws:iam::123456789012:role/RuleRole", service: "lambda.amazonaws.com",
      sourceArn: nil, sourceAccount: nil, region: "us-east-1")
    #expect(!notTrusted.isAllowed)
    #expect(
      notTrusted.explanation.hasSuffix(
        "because no resource-based policy allows the sts:AssumeRole action"))
    let byRole = await gateway.authorizer.authorize(
      principal: "arn:aws:iam::123456789012:role/RuleRole", action: "states:StartExecution",
      resource: "arn:aws:states:us-east-1:123456789012:stateMachine:pipeline", sourceArn: nil,
      sourceAccount: nil, region: "us-east-1")
    #expect(byRole.isAllowed && byRole.explanation.contains("Sid StartPipeline"))

    // The same session against a gateway whose clock is two hours later: ExpiredToken.
    let later = try Gateway(
      emulator: HTTPClient(host: "127.0.0.1", port: emulator.port),
      log: try DecisionLog(), now: { Date().addingTimeInterval(7200) })
    let plain = try await GatewayServer.start(later, tls: nil)
    let expired = try await runPythonDetached(
      [
        "-c",
        """
        import sys, boto3
        from botocore.exceptions import ClientError
        from botocore.config import Config
        s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1",
            aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3],
            aws_session_token=sys.argv[4], config=Config(retries={"max_attempts": 0}))
        try:
            s3.list_objects_v2(Bucket="images")
            print("allowed")
        except ClientError as error:
            print(error.response["Error"]["Code"])
        """,
        "http://127.0.0.1:\(plain.port)",
      ] + result.session)
    // The clock is also 2 hours from the request's time: the session's expiry is checked first.
    #expect(
      String(decoding: expired, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        == "ExpiredToken", "\(later.log.records().map(\.textLine))")
    await plain.shutdown()
    await server.shutdown()
  }
}
