import Foundation
import Testing

@testable import AWSClient

@Suite struct QueryParametersTests {
  @Test func flattensListsStructuresAndMaps() {
    var parameters = QueryParameters(action: "CreateChangeSet", version: "2010-05-15")
    parameters.add("StackName", "facestack-dev")
    parameters.addList("Capabilities", ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"])
    parameters.addStructureList(
      "Parameters",
      [
        [("ParameterKey", "Env"), ("ParameterValue", "dev")],
        [("ParameterKey", "Size"), ("ParameterValue", nil)],
      ])
    parameters.addMap("Attributes", ["b": "2", "a": "1"])
    parameters.add("Missing", nil as String?)
    #expect(
      parameters.encodedBody
        == "Action=CreateChangeSet&Version=2010-05-15&StackName=facestack-dev"
        + "&Capabilities.member.1=CAPABILITY_IAM&Capabilities.member.2=CAPABILITY_NAMED_IAM"
        + "&Parameters.member.1.ParameterKey=Env&Parameters.member.1.ParameterValue=dev"
        + "&Parameters.member.2.ParameterKey=Size"
        + "&Attributes.entry.1.key=a&Attributes.entry.1.value=1"
        + "&Attributes.entry.2.key=b&Attributes.entry.2.value=2")
  }

  @Test func encodesValuesStrictly() {
    var parameters = QueryParameters(action: "ValidateTemplate", version: "2010-05-15")
    parameters.add("TemplateBody", "a: b+c/d =&é ~")
    #expect(parameters.encodedBody.hasSuffix("TemplateBody=a%3A+b%2Bc%2Fd+%3D%26%C3%A9+~"))
  }

  @Test func createChangeSetSendsTypeCapabilitiesParametersAndTags() async throws {
    let transport = RecordingTransport(responses: [
      xmlResponse(
        """
        <CreateChangeSetResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
          <CreateChangeSetResult>
            <Id>arn:aws:cloudformation:eu-west-1:123456789012:changeSet/cs-1/abc</Id>
            <StackId>arn:aws:cloudformation:eu-west-1:123456789012:stack/facestack-dev/def</StackId>
          </CreateChangeSetResult>
          <ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata>
        </CreateChangeSetResponse>
        """)
    ])
    let client = CloudFormationClient.live(makeSender(transport.transport))
    let output = try await client.createChangeSet(
      CreateChangeSetInput(
        stackName: "facestack-dev", changeSetName: "cs-1", changeSetType: .update,
        template: .url("https://assets.s3.eu-west-1.amazonaws.com/templates/t.yaml"),
        parameters: [
          StackParameter(key: "Env", value: "dev"),
          StackParameter(key: "Keep", value: nil, usePreviousValue: true),
        ],
        capabilities: [.iam, .namedIAM],
        tags: [Tag(key: "facestack:env", value: "dev"), Tag(key: "team", value: "vision")]))
    #expect(
      output.changeSetID == "arn:aws:cloudformation:eu-west-1:123456789012:changeSet/cs-1/abc")
    #expect(output.stackID.hasSuffix("stack/facestack-dev/def"))
    let form = await transport.formParameters(0)
    #expect(
      form == [
        "Action": "CreateChangeSet", "Version": "2010-05-15", "StackName": "facestack-dev",
        "ChangeSetName": "cs-1", "ChangeSetType": "UPDATE",
        "TemplateURL": "https://assets.s3.eu-west-1.amazonaws.com/templates/t.yaml",
        "Parameters.member.1.ParameterKey": "Env", "Parameters.member.1.ParameterValue": "dev",
        "Parameters.member.2.ParameterKey": "Keep", "Parameters.member.2.UsePreviousValue": "true",
        "Capabilities.member.1": "CAPABILITY_IAM", "Capabilities.member.2": "CAPABILITY_NAMED_IAM",
        "Tags.member.1.Key": "facestack:env", "Tags.member.1.Value": "dev",
        "Tags.member.2.Key": "team", "Tags.member.2.Value": "vision",
      ])
    let request = try #require(await transport.requests.first)
    #expect(request.method == "POST")
    #expect(request.url.absoluteString == "https://cloudformation.eu-west-1.amazonaws.com/")
    #expect(request.header("Content-Type") == "application/x-www-form-urlencoded; charset=utf-8")
    #expect(request.header("X-Amz-Date") == "20261129T050000Z")
    let authorization = try #require(request.header("Authorization"))
    #expect(
      authorization.hasPrefix(
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261129/eu-west-1/cloudformation/aws4_request, "
          + "SignedHeaders=content-type;host;x-amz-date, Signature="))
  }
}
