import AWSClient
import Testing

@testable import Deploy

@Suite("error mapping")
struct DeployErrorTests {
  @Test func awsAnswersAreExitThreeWithAWSMessage() {
    let error = AWSServiceError(
      service: "cloudformation", operation: "CreateChangeSet", code: "SignatureDoesNotMatch",
      message: "The request signature we calculated does not match the signature you provided.",
      requestID: "abc", statusCode: 403)
    let mapped = DeployError.map(error)
    #expect(mapped.exitCode == 3)
    #expect(
      mapped.description
        == "cloudformation CreateChangeSet failed: SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. (http 403, request id abc)"
    )
  }

  @Test func configurationProblemsAreInputErrors() {
    #expect(
      DeployError.map(AWSClientError.missingCredentials(searched: ["environment"])).exitCode == 2)
    #expect(DeployError.map(AWSClientError.missingRegion(searched: ["AWS_REGION"])).exitCode == 2)
  }

  @Test func connectionFailuresAreEmulatorErrors() {
    let mapped = DeployError.map(AWSClientError.transport("could not connect to 127.0.0.1:1"))
    #expect(mapped == .aws("could not connect to 127.0.0.1:1"))
    #expect(mapped.exitCode == 3)
  }

  @Test func refusalsKeepTheirKind() {
    #expect(DeployError.map(DeployError.refused("no")).exitCode == 1)
    #expect(DeployError.map(DeployError.input("bad")).exitCode == 2)
  }
}
