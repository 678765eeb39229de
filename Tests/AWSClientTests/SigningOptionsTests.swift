import Foundation
import Testing

@testable import AWSClient

/// The per-service behaviours that AWS's suite does not cover: S3's unnormalized paths,
/// `UNSIGNED-PAYLOAD` and content hash header, and session tokens on live requests.
@Suite struct SigningOptionsTests {
  let request = SigningRequest(
    method: "PUT", path: "/bucket/a//b/../c d.zip",
    headers: [("Host", "bucket.s3.amazonaws.com")], body: Data("body".utf8))

  func signer(_ options: SigningOptions, token: String? = nil) -> SigV4Signer {
    SigV4Signer(
      credentials: AWSCredentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: token),
      region: "us-east-1", service: "s3", options: options)
  }

  @Test func s3SignsThePathAsIsWithTheContentHashHeader() {
    let result = signer(.s3).signHeaders(request, date: fixedDate)
    let lines = result.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines[1] == "/bucket/a//b/../c%20d.zip")
    #expect(result.canonicalRequest.hasSuffix("\n" + SigV4Signer.hexSHA256(Data("body".utf8))))
    #expect(
      result.headersToAdd.map(\.name) == ["X-Amz-Date", "x-amz-content-sha256", "Authorization"])
    #expect(
      result.authorization?.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,") == true)
  }

  @Test func standardServicesNormalizeThePath() {
    let result = signer(.standard).signHeaders(request, date: fixedDate)
    #expect(result.canonicalRequest.split(separator: "\n")[1] == "/bucket/a/c%20d.zip")
    #expect(!result.headersToAdd.contains { $0.name == "x-amz-content-sha256" })
  }

  @Test func unsignedPayloadIsSignedAndSent() {
    var options = SigningOptions.s3
    options.unsignedPayload = true
    let result = signer(options).signHeaders(request, date: fixedDate)
    #expect(result.canonicalRequest.hasSuffix("\nUNSIGNED-PAYLOAD"))
    #expect(
      result.headersToAdd.first { $0.name == "x-amz-content-sha256" }?.value == "UNSIGNED-PAYLOAD")
  }

  @Test func sessionTokenIsSentAndSigned() async throws {
    let transport = RecordingTransport(responses: [xmlResponse(try fixture("get-template.xml"))])
    let temporary = AWSCredentials(
      accessKeyID: "ASIATEMPORARY", secretAccessKey: "s", sessionToken: "the-token")
    _ = try await CloudFormationClient.live(makeSender(transport.transport, credentials: temporary))
      .getTemplate("s", nil, .original)
    let sent = try #require(await transport.requests.first)
    #expect(sent.header("X-Amz-Security-Token") == "the-token")
    #expect(sent.header("Authorization")?.contains("x-amz-date;x-amz-security-token,") == true)
    #expect(!sent.description.contains("the-token"))
    #expect(sent.description.contains("X-Amz-Security-Token: <redacted>"))
  }

  @Test func presignedS3URLUsesUnsignedPayloadAndEncodesTheKey() async throws {
    let transport = RecordingTransport(responses: [])
    let s3 = S3Client.live(
      makeSender(
        transport.transport, region: "us-east-1", endpoint: URL(string: "http://127.0.0.1:5000")))
    let url = try await s3.presignedGetURL("assets", "a b.zip", 600)
    let text = url.absoluteString
    #expect(
      text.hasPrefix(
        "http://127.0.0.1:5000/assets/a%20b.zip?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261129%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261129T050000Z&X-Amz-SignedHeaders=host&X-Amz-Expires=600&X-Amz-Signature="
      ))
    #expect(await transport.requests.isEmpty)
  }
}
