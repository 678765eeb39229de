import Foundation
import Testing

@testable import AWSClient

/// Reads a recorded response under `Fixtures/responses`.
func fixture(_ name: String) throws -> String {
  guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
    throw FixtureMissing(name: name)
  }
  return try String(
    contentsOf: url.appendingPathComponent("responses/\(name)"), encoding: .utf8)
}

struct FixtureMissing: Error { var name: String }

/// Records the requests a stub transport receives and answers them from a script.
actor RecordingTransport {
  private(set) var requests: [HTTPRequest] = []
  private var answers: [@Sendable (HTTPRequest) throws -> HTTPResponse]

  init(_ answers: [@Sendable (HTTPRequest) throws -> HTTPResponse]) {
    self.answers = answers
  }

  init(responses: [HTTPResponse]) {
    self.answers = responses.map { response in { _ in response } }
  }

  func handle(_ request: HTTPRequest) throws -> HTTPResponse {
    requests.append(request)
    guard !answers.isEmpty else {
      Issue.record("unexpected request \(request.method) \(request.url)")
      return HTTPResponse(statusCode: 599, text: "no scripted answer")
    }
    return try answers.removeFirst()(request)
  }

  nonisolated var transport: HTTPTransport {
    HTTPTransport { try await self.handle($0) }
  }

  /// The form parameters of request `index`, decoded.
  func formParameters(_ index: Int) -> [String: String] {
    let body = String(decoding: requests[index].body, as: UTF8.self)
    var result: [String: String] = [:]
    for pair in body.split(separator: "&") {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      func decode(_ text: Substring) -> String {
        PercentEncoding.decode(text.replacingOccurrences(of: "+", with: " "))
      }
      result[decode(parts[0])] = parts.count == 2 ? decode(parts[1]) : ""
    }
    return result
  }
}

/// A fixed clock: 2026-11-29T05:00:00Z.
let fixedDate = Date(timeIntervalSince1970: 1_795_928_400)

let testCredentials = AWSCredentials(
  accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  source: "test")

/// A sender on a stub transport with fixed credentials, no retries unless given.
func makeSender(
  _ transport: HTTPTransport, region: String = "eu-west-1", endpoint: URL? = nil,
  retry: RetryPolicy = .none, credentials: AWSCredentials = testCredentials
) -> SignedRequestSender {
  SignedRequestSender(
    transport: transport, credentials: .fixed(credentials), region: region,
    endpoints: EndpointResolver(override: endpoint, environment: AWSEnvironment()),
    retry: retry, now: { fixedDate })
}

func xmlResponse(_ text: String, status: Int = 200) -> HTTPResponse {
  HTTPResponse(statusCode: status, headers: ["Content-Type": "text/xml"], text: text)
}
