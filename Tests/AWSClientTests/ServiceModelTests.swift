import Foundation
import Testing

@testable import AWSClient

/// Every CloudFormation and CloudWatch Logs request facestack's client builds, checked against
/// the AWS CLI's service models by botocore itself (`Fixtures/standins/validate_requests.py`):
/// each parameter is modelled, the parameters pass botocore's validator, and botocore's query
/// serializer writes exactly the same form.
@Suite struct ServiceModelTests {
  /// Answers every request with an empty success, recording it.
  actor Recorder {
    private(set) var requests: [(name: String, request: HTTPRequest)] = []
    private var current = ""

    func expect(_ name: String) { current = name }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
      requests.append((current, request))
      if request.header("X-Amz-Target") != nil {
        return HTTPResponse(statusCode: 200, text: "{}")
      }
      return HTTPResponse(
        statusCode: 200, headers: ["Content-Type": "text/xml"], text: "<Response></Response>")
    }

    nonisolated var transport: HTTPTransport { HTTPTransport { await self.handle($0) } }
  }

  @Test func everyRequestMatchesTheAWSCLIServiceModels() async throws {
    let recorder = Recorder()
    let sender = makeSender(recorder.transport)
    let cloudFormation = CloudFormationClient.live(sender)
    let logs = CloudWatchLogsClient.live(sender)
    let stack = "facestack-dev-FaceRecognition"
    let calls: [(String, @Sendable () async throws -> Void)] = [
      ("DescribeStacks", { _ = try await cloudFormation.describeStacks(stack) }),
      ("DescribeStacks all", { _ = try await cloudFormation.describeStacks(nil) }),
      ("DescribeStackEvents", { _ = try await cloudFormation.describeStackEvents(stack, nil) }),
      (
        "DescribeStackEvents page",
        { _ = try await cloudFormation.describeStackEvents(stack, "t2") }
      ),
      ("DetectStackDrift", { _ = try await cloudFormation.detectStackDrift(stack) }),
      (
        "DescribeStackDriftDetectionStatus",
        { _ = try await cloudFormation.describeStackDriftDetectionStatus("b78ac9b0-dec1-11e7") }
      ),
      (
        "DescribeStackResourceDrifts",
        { _ = try await cloudFormation.describeStackResourceDrifts(stack, "t3") }
      ),
      ("ListStackResources", { _ = try await cloudFormation.listStackResources(stack, "t4") }),
      ("GetTemplate", { _ = try await cloudFormation.getTemplate(stack, nil, .original) }),
      ("GetStackPolicy", { _ = try await cloudFormation.getStackPolicy(stack) }),
      ("SetStackPolicy", { try await cloudFormation.setStackPolicy(stack, #"{"Statement":[]}"#) }),
      (
        "UpdateTerminationProtection",
        { try await cloudFormation.updateTerminationProtection(stack, true) }
      ),
      ("DeleteStack", { try await cloudFormation.deleteStack(stack, ["Images", "Results"]) }),
      (
        "DescribeChangeSet", { _ = try await cloudFormation.describeChangeSet("cs-1", stack, "t5") }
      ),
      ("DeleteChangeSet", { try await cloudFormation.deleteChangeSet("cs-1", stack) }),
      (
        "ExecuteChangeSet",
        {
          try await cloudFormation.executeChangeSet(
            ExecuteChangeSetInput(
              changeSetName: "cs-1", stackName: stack, clientRequestToken: "facestack-1"))
        }
      ),
      (
        "CreateChangeSet",
        {
          _ = try await cloudFormation.createChangeSet(
            CreateChangeSetInput(
              stackName: stack, changeSetName: "facestack-1", changeSetType: .update,
              template: .url("https://b.s3.amazonaws.com/templates/t.yaml"),
              parameters: [
                StackParameter(key: "AssetsBucket", value: "b"),
                StackParameter(key: "Keep", value: nil, usePreviousValue: true),
              ], capabilities: [.namedIAM], tags: [Tag(key: "facestack:env", value: "dev")]))
        }
      ),
      ("ValidateTemplate", { _ = try await cloudFormation.validateTemplate(.body("{}")) }),
      (
        "FilterLogEvents",
        {
          _ = try await logs.filterLogEvents(
            FilterLogEventsInput(
              logGroup: "/aws/lambda/facestack-dev-detect",
              startTime: Date(timeIntervalSince1970: 1_795_928_400), filterPattern: "ERROR",
              nextToken: "t6"))
        }
      ),
    ]
    for (name, call) in calls {
      await recorder.expect(name)
      // The empty answers do not decode as every operation's result; only the requests matter.
      _ = try? await call()
    }
    let requests = await recorder.requests
    #expect(Set(requests.map(\.name)) == Set(calls.map(\.0)))
    let documents: [[String: String]] = requests.map { name, request in
      [
        "name": name, "service": request.header("X-Amz-Target") == nil ? "cloudformation" : "logs",
        "target": request.header("X-Amz-Target") ?? "",
        "contentType": request.header("Content-Type") ?? "",
        "body": String(decoding: request.body, as: UTF8.self),
      ]
    }
    let input = try JSONSerialization.data(withJSONObject: documents, options: [.sortedKeys])
    let result = try await runPythonOffPool(
      try fixtureScript("validate_requests.py"), input: input)
    let problems = String(decoding: result.standardOutput, as: UTF8.self)
    #expect(
      result.status == 0,
      "\(problems)\(String(decoding: result.standardError, as: UTF8.self))")
    #expect(problems.isEmpty)
  }

  @Test func theValidatorRejectsAParameterTheModelDoesNotHave() async throws {
    let documents = [
      [
        "name": "bad", "service": "cloudformation", "target": "", "contentType": "",
        "body": "Action=DetectStackDrift&Version=2010-05-15&StackName=s&Recursive=true",
      ],
      [
        "name": "missing", "service": "cloudformation", "target": "", "contentType": "",
        "body": "Action=DescribeStackDriftDetectionStatus&Version=2010-05-15",
      ],
    ]
    let input = try JSONSerialization.data(withJSONObject: documents)
    let result = try await runPythonOffPool(
      try fixtureScript("validate_requests.py"), input: input)
    let problems = String(decoding: result.standardOutput, as: UTF8.self)
    #expect(result.status == 1)
    #expect(problems.contains("bad: Recursive is not in DetectStackDrift's input shape"))
    #expect(problems.contains("missing: ") && problems.contains("StackDriftDetectionId"))
  }
}
