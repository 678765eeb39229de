import Foundation
import Testing

@testable import AWSClient

@Suite struct ClockSkewTests {
  static let expired = """
    <ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code>
    <Message>Signature expired: 20261129T050000Z is now earlier than 20261129T051000Z (20261129T051500Z - 5 min.)</Message>
    </Error><RequestId>skew-1</RequestId></ErrorResponse>
    """

  @Test func skewedClockIsCorrectedFromTheDateHeaderAndSignedAgain() async throws {
    let transport = RecordingTransport(responses: [
      HTTPResponse(
        statusCode: 403, headers: ["Date": "Sun, 29 Nov 2026 05:15:00 GMT"], text: Self.expired),
      xmlResponse(try fixture("get-template.xml")),
      xmlResponse(try fixture("get-template.xml")),
    ])
    let sender = makeSender(transport.transport)
    let client = CloudFormationClient.live(sender)
    _ = try await client.getTemplate("s", nil, .original)
    _ = try await client.getTemplate("s", nil, .original)
    let dates = await transport.requests.map { $0.header("X-Amz-Date") }
    #expect(dates == ["20261129T050000Z", "20261129T051500Z", "20261129T051500Z"])
    #expect(await sender.clockSkew.offset == 900)
  }

  @Test func wrongSecretIsNotMistakenForSkew() async throws {
    let transport = RecordingTransport(responses: [
      HTTPResponse(
        statusCode: 403, headers: ["Date": "Sun, 29 Nov 2026 05:00:01 GMT"],
        text: """
          <ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature \
          we calculated does not match the signature you provided.</Message></Error></ErrorResponse>
          """)
    ])
    let client = CloudFormationClient.live(makeSender(transport.transport))
    await #expect(throws: AWSServiceError.self) { try await client.describeStacks(nil) }
    #expect(await transport.requests.count == 1)
  }

  @Test func skewThatPersistsIsReportedNotLooped() async throws {
    let rejected = HTTPResponse(
      statusCode: 403, headers: ["Date": "Sun, 29 Nov 2026 06:00:00 GMT"], text: Self.expired)
    let transport = RecordingTransport(responses: [rejected, rejected])
    let client = CloudFormationClient.live(makeSender(transport.transport))
    do {
      _ = try await client.describeStacks(nil)
      Issue.record("expected the skew error")
    } catch let error as AWSServiceError {
      #expect(error.code == "SignatureDoesNotMatch")
    }
    #expect(await transport.requests.count == 2)
  }
}
