import Foundation
import Testing

@testable import AWSClient

/// Collects the sleeps a retry policy asks for, instead of sleeping.
actor SleepRecorder {
  private(set) var delays: [Double] = []
  func record(_ seconds: Double) { delays.append(seconds) }
}

@Suite struct RetryTests {
  func policy(_ recorder: SleepRecorder, maxAttempts: Int = 4) -> RetryPolicy {
    RetryPolicy(
      maxAttempts: maxAttempts, baseDelay: 0.5, maxBackoff: 3,
      sleep: { await recorder.record($0) },
      random: { $0.upperBound })  // the ceiling: makes the backoff visible
  }

  @Test func throttlingAndServerErrorsAreRetriedWithExponentialBackoff() async throws {
    let recorder = SleepRecorder()
    let transport = RecordingTransport(responses: [
      xmlResponse(try fixture("error-throttling.xml"), status: 400),
      HTTPResponse(statusCode: 503, text: "<html>busy</html>"),
      xmlResponse(
        "<ErrorResponse><Error><Code>RequestLimitExceeded</Code><Message>slow</Message></Error></ErrorResponse>",
        status: 400),
      xmlResponse(try fixture("get-template.xml")),
    ])
    let client = CloudFormationClient.live(makeSender(transport.transport, retry: policy(recorder)))
    _ = try await client.getTemplate("s", nil, .original)
    #expect(await recorder.delays == [0.5, 1.0, 2.0])
    let requests = await transport.requests
    #expect(requests.count == 4)
    // Each attempt is signed anew.
    #expect(requests.allSatisfy { $0.header("Authorization") != nil })
  }

  @Test func backoffIsCappedAndJittered() {
    let capped = RetryPolicy(baseDelay: 1, maxBackoff: 5, random: { $0.upperBound })
    #expect((1...6).map { capped.delay(afterAttempt: $0) } == [1, 2, 4, 5, 5, 5])
    let jittered = RetryPolicy(baseDelay: 1, maxBackoff: 5, random: { $0.lowerBound })
    #expect(jittered.delay(afterAttempt: 3) == 0)
  }

  @Test func givesUpAfterMaxAttemptsWithTheLastError() async throws {
    let recorder = SleepRecorder()
    let throttled = xmlResponse(try fixture("error-throttling.xml"), status: 400)
    let transport = RecordingTransport(responses: [throttled, throttled, throttled])
    let client = CloudFormationClient.live(
      makeSender(transport.transport, retry: policy(recorder, maxAttempts: 3)))
    do {
      _ = try await client.describeStacks(nil)
      Issue.record("expected throttling")
    } catch let error as AWSServiceError {
      #expect(error.code == "Throttling")
      #expect(error.isThrottling)
    }
    #expect(await transport.requests.count == 3)
    #expect(await recorder.delays.count == 2)
  }

  @Test func connectionErrorsAreRetriedAndClientErrorsAreNot() async throws {
    let recorder = SleepRecorder()
    let transport = RecordingTransport([
      { _ in throw HTTPTransportError(message: "connection refused") },
      { _ in throw HTTPTransportError(message: "timed out", isTimeout: true) },
      { _ in xmlResponse(try fixture("error-validation.xml"), status: 400) },
    ])
    let client = CloudFormationClient.live(makeSender(transport.transport, retry: policy(recorder)))
    await #expect(throws: AWSServiceError.self) { try await client.describeStacks("x") }
    #expect(await transport.requests.count == 3)
    #expect(await recorder.delays.count == 2)
  }

  @Test func everyThrottlingCodeIsRetryable() {
    for code in [
      "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException",
      "SlowDown", "ProvisionedThroughputExceededException",
    ] {
      let error = AWSServiceError(
        service: "s", operation: "o", code: code, message: "", requestID: nil, statusCode: 400)
      #expect(error.isRetryable, "\(code)")
    }
    let denied = AWSServiceError(
      service: "s", operation: "o", code: "AccessDenied", message: "", requestID: nil,
      statusCode: 403)
    #expect(!denied.isRetryable)
  }

  @Test func unreachableEndpointIsOneClearMessage() async throws {
    let recorder = SleepRecorder()
    let transport = RecordingTransport([
      { _ in throw HTTPTransportError(message: "Could not connect to the server.") },
      { _ in throw HTTPTransportError(message: "Could not connect to the server.") },
    ])
    let client = CloudFormationClient.live(
      makeSender(
        transport.transport, endpoint: URL(string: "http://127.0.0.1:5999"),
        retry: policy(recorder, maxAttempts: 2)))
    await #expect(
      throws: AWSClientError.transport(
        "cannot reach cloudformation at http://127.0.0.1:5999 (DescribeStacks, 2 attempts): "
          + "Could not connect to the server.")
    ) {
      try await client.describeStacks(nil)
    }
  }

  @Test func htmlErrorPagesBecomeOneLine() {
    let error = ErrorResponseParser.serviceError(
      service: "cloudformation", operation: "UpdateTerminationProtection",
      response: HTTPResponse(
        statusCode: 500,
        text: "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n"
          + "<h1>Internal Server Error</h1>\n<p>The server encountered an internal error.</p>\n"))
    #expect(error.code == "HTTP500")
    #expect(
      error.message
        == "500 Internal Server Error Internal Server Error The server encountered an internal error."
    )
    #expect(error.isRetryable)
  }
}
