import Foundation
import Testing

@testable import AWSClient

/// Every case of AWS's SigV4 test suite (aws-c-auth `tests/aws-signing-test-suite/v4`), vendored
/// under `Fixtures/sigv4-test-suite`, in both header and presigned-query form.
@Suite struct SigV4SuiteTests {
  /// The number of case folders in the vendored suite: a missing folder fails the count test.
  static let expectedCaseCount = 38

  static let suiteDirectory: URL = {
    guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
      fatalError("Fixtures resource is missing from the test bundle")
    }
    return url.appendingPathComponent("sigv4-test-suite/v4")
  }()

  static func caseNames() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: suiteDirectory.path)) ?? []
    return names.sorted()
  }

  @Test func suiteHasEveryCase() {
    let names = Self.caseNames()
    #expect(names.count == Self.expectedCaseCount, "cases found: \(names)")
    for required in [
      "get-vanilla-query-unreserved", "post-x-www-form-urlencoded", "post-sts-header-after",
      "post-sts-header-before", "get-slashes-normalized", "get-slashes-unnormalized",
      "get-vanilla-with-session-token",
    ] {
      #expect(names.contains(required), "missing case \(required)")
    }
  }

  @Test(arguments: caseNames())
  func headerSignature(_ name: String) throws {
    let testCase = try SuiteCase(directory: Self.suiteDirectory.appendingPathComponent(name))
    let result = testCase.signer.signHeaders(testCase.request.signingRequest, date: testCase.date)
    #expect(result.canonicalRequest == (try testCase.file("header-canonical-request.txt")))
    #expect(result.stringToSign == (try testCase.file("header-string-to-sign.txt")))
    #expect(result.signature == (try testCase.file("header-signature.txt")))
    let signed = testCase.request.rendered(
      target: testCase.request.rawTarget,
      extraHeaders: result.headersToAdd.map { "\($0.name):\($0.value)" })
    #expect(signed == (try testCase.file("header-signed-request.txt")))
  }

  @Test(arguments: caseNames())
  func presignedQuery(_ name: String) throws {
    let testCase = try SuiteCase(directory: Self.suiteDirectory.appendingPathComponent(name))
    let result = testCase.signer.presign(
      testCase.request.signingRequest, date: testCase.date, expires: testCase.expires)
    #expect(result.canonicalRequest == (try testCase.file("query-canonical-request.txt")))
    #expect(result.stringToSign == (try testCase.file("query-string-to-sign.txt")))
    #expect(result.signature == (try testCase.file("query-signature.txt")))
    let added = result.encodedQueryToAdd.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    let target =
      testCase.request.rawTarget + (testCase.request.rawTarget.contains("?") ? "&" : "?") + added
    let signed = testCase.request.rendered(target: target, extraHeaders: [])
    #expect(signed == (try testCase.file("query-signed-request.txt")))
  }
}

/// One folder of the suite: `context.json`, `request.txt` and the expected outputs.
struct SuiteCase {
  struct Context: Decodable {
    struct Credentials: Decodable {
      var access_key_id: String
      var secret_access_key: String
      var token: String?
    }
    var credentials: Credentials
    var expiration_in_seconds: Int
    var normalize: Bool
    var region: String
    var service: String
    var sign_body: Bool
    var timestamp: String
    var omit_session_token: Bool?
  }

  let directory: URL
  let context: Context
  let request: RawRequest

  init(directory: URL) throws {
    self.directory = directory
    context = try JSONDecoder().decode(
      Context.self, from: Data(contentsOf: directory.appendingPathComponent("context.json")))
    request = try RawRequest(
      String(contentsOf: directory.appendingPathComponent("request.txt"), encoding: .utf8))
  }

  func file(_ name: String) throws -> String {
    try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
  }

  var date: Date {
    ISO8601DateFormatter().date(from: context.timestamp) ?? Date(timeIntervalSince1970: 0)
  }

  var expires: Int { context.expiration_in_seconds }

  var signer: SigV4Signer {
    SigV4Signer(
      credentials: AWSCredentials(
        accessKeyID: context.credentials.access_key_id,
        secretAccessKey: context.credentials.secret_access_key,
        sessionToken: context.credentials.token),
      region: context.region, service: context.service,
      options: SigningOptions(
        normalizePath: context.normalize, addContentSHA256Header: context.sign_body,
        omitSessionTokenFromSignature: context.omit_session_token ?? false))
  }
}

/// The suite's `request.txt`: a request line, header lines (a line starting with whitespace
/// continues the previous header), an empty line and the body.
struct RawRequest {
  let method: String
  let rawTarget: String
  let headerLines: [String]
  let headers: [(name: String, value: String)]
  let body: String?

  init(_ text: String) throws {
    var lines = text.components(separatedBy: "\n")
    var body: String?
    if let blank = lines.firstIndex(of: "") {
      let rest = lines[(blank + 1)...].joined(separator: "\n")
      body = rest.isEmpty && blank == lines.count - 1 ? nil : rest
      lines = Array(lines[..<blank])
    }
    self.body = body
    let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: false)
    method = String(requestLine[0])
    rawTarget = requestLine.dropFirst().dropLast().joined(separator: " ")
    headerLines = lines
    var headers: [(name: String, value: String)] = []
    for line in lines {
      if line.first == " " || line.first == "\t", let last = headers.popLast() {
        headers.append((last.name, last.value + "\n" + line))
      } else if let colon = line.firstIndex(of: ":") {
        headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
      }
    }
    self.headers = headers
  }

  var signingRequest: SigningRequest {
    let parts = rawTarget.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
    let path = PercentEncoding.decode(String(parts[0]))
    var query: [(name: String, value: String)] = []
    if parts.count == 2 {
      for pair in parts[1].split(separator: "&") {
        let keyValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        query.append(
          (
            PercentEncoding.decode(String(keyValue[0])),
            keyValue.count == 2 ? PercentEncoding.decode(String(keyValue[1])) : ""
          ))
      }
    }
    return SigningRequest(
      method: method, path: path, query: query, headers: headers, body: Data((body ?? "").utf8))
  }

  func rendered(target: String, extraHeaders: [String]) -> String {
    ((["\(method) \(target) HTTP/1.1"] + headerLines + extraHeaders).joined(separator: "\n"))
      + "\n\n" + (body ?? "")
  }
}
