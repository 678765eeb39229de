import Foundation
import Testing

@testable import AWSClient

@Suite struct RedactionTests {
  let credentials = AWSCredentials(
    accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    sessionToken: "IQoJb3JpZ2luX2VjEXAMPLETOKEN", source: "profile dev")

  @Test func descriptionsHideSecretAndToken() {
    for text in [
      credentials.description, credentials.debugDescription, "\(credentials)",
      String(describing: credentials), String(reflecting: credentials), "\([credentials])",
    ] {
      #expect(!text.contains("wJalrXUtnFEMI"), "\(text)")
      #expect(!text.contains("IQoJb3JpZ2lu"), "\(text)")
      #expect(!text.contains("AKIAIOSFODNN7EXAMPLE"), "\(text)")
    }
    #expect(
      credentials.description
        == "AWSCredentials(accessKeyID: AKIA…MPLE, secret: <redacted>, sessionToken: <redacted>, source: profile dev)")
  }

  @Test func requestLogNeverCarriesSecrets() async throws {
    let lines = LogLines()
    let transport = RecordingTransport(responses: [xmlResponse(try fixture("get-template.xml"))])
    var sender = makeSender(transport.transport, credentials: credentials)
    sender.log = { line in Task { await lines.append(line) } }
    _ = try await CloudFormationClient.live(sender).getTemplate("s", nil, .original)
    try await Task.sleep(nanoseconds: 50_000_000)
    let logged = await lines.lines.joined(separator: "\n")
    #expect(logged.contains("POST cloudformation GetTemplate -> 200"))
    #expect(!logged.contains("wJalrXUtnFEMI"))
    #expect(!logged.contains("IQoJb3JpZ2lu"))
  }
}

actor LogLines {
  private(set) var lines: [String] = []
  func append(_ line: String) { lines.append(line) }
}
