import Foundation
import Testing

@testable import AWSClient

/// `credential_process`, with a real program (`Fixtures/standins/credential_process.py`).
@Suite struct ProcessCredentialsTests {
  func resolve(_ command: String, log: String? = nil) async throws -> AWSCredentials {
    let home = try TemporaryHome(files: [
      ".aws/config": "[profile proc]\nregion = eu-west-1\ncredential_process = \(command)\n"
    ])
    defer { home.remove() }
    var variables = [
      "HOME": home.path, "AWS_PROFILE": "proc", "AWS_EC2_METADATA_DISABLED": "true",
    ]
    variables["FACESTACK_PROCESS_LOG"] = log
    return try await AWSConfiguration.resolve(isolatedOptions(variables)).resolveCredentials()
  }

  @Test func itsJSONWithExpiration() async throws {
    let script = try fixtureScript("credential_process.py")
    let started = Date()
    let credentials = try await resolve(
      "python3 \(script) AKIAPROCESS 'secret with spaces' --token tok --expires-in 3600")
    #expect(credentials.method == .process)
    #expect(credentials.accessKeyID == "AKIAPROCESS")
    #expect(credentials.secretAccessKey == "secret with spaces")
    #expect(credentials.sessionToken == "tok")
    #expect(credentials.source == "credential_process of profile proc")
    let expiration = try #require(credentials.expiration)
    #expect(expiration >= started.addingTimeInterval(3600 - 1))
    #expect(expiration <= Date().addingTimeInterval(3600))
    let long = try await resolve("python3 \(script) AKIALONGLIVED s")
    #expect(long.expiration == nil && long.sessionToken == nil)
  }

  @Test func aFailingProcessIsReportedWithItsStandardError() async throws {
    let script = try fixtureScript("credential_process.py")
    let message = await errorMessage {
      _ = try await resolve(
        "python3 \(script) --fail 'corp-sso: session expired, run corp-login' --status 3")
    }
    #expect(
      message
        == "credential_process of profile \"proc\" failed (exit 3): corp-sso: session expired, "
        + "run corp-login")
    let garbage = await errorMessage { _ = try await resolve("python3 \(script) --garbage") }
    #expect(garbage == "credential_process of profile \"proc\" did not print a JSON object")
    let version = await errorMessage { _ = try await resolve("python3 \(script) A S --version 2") }
    #expect(
      version
        == "credential_process of profile \"proc\" printed Version 2; the supported version is 1")
    let missing = await errorMessage { _ = try await resolve("facestack-no-such-program --x") }
    #expect(
      missing == "cannot run credential_process \"facestack-no-such-program\": not found in PATH")
  }

  @Test func expiringCredentialsRunTheProcessAgain() async throws {
    let script = try fixtureScript("credential_process.py")
    let home = try TemporaryHome(files: [
      ".aws/config":
        "[profile proc]\nregion = eu-west-1\ncredential_process = python3 \(script) AKIAP s "
        + "--expires-in 3600\n"
    ])
    defer { home.remove() }
    let clock = TestClock(Date())
    let configuration = try AWSConfiguration.resolve(
      isolatedOptions(
        [
          "HOME": home.path, "AWS_PROFILE": "proc", "AWS_EC2_METADATA_DISABLED": "true",
          "FACESTACK_PROCESS_LOG": home.path + "/runs.log",
        ], now: { clock.now }))
    _ = try await configuration.resolveCredentials()
    _ = try await configuration.resolveCredentials()
    #expect(home.read("runs.log") == "ran\n")
    clock.now = clock.now.addingTimeInterval(3600 - 8 * 60)  // inside the mandatory window
    _ = try await configuration.resolveCredentials()
    #expect(home.read("runs.log") == "ran\nran\n")
  }

  @Test func wordsAreSplitAsBotocoreSplitsThem() throws {
    #expect(
      try ShellWords.split(#"/opt/bin/creds --profile "my team" 'a b' c\ d"#)
        == ["/opt/bin/creds", "--profile", "my team", "a b", "c d"])
    #expect(try ShellWords.split(#"x "a \"q\" \$HOME \n" ''"#) == ["x", #"a "q" $HOME \n"#, ""])
    #expect(try ShellWords.split("  spaced\tout\r\nwords  ") == ["spaced", "out", "words"])
    #expect(throws: AWSClientError.self) { try ShellWords.split("unterminated 'quote") }
    #expect(throws: AWSClientError.self) { try ShellWords.split(#"trailing \"#) }
  }
}
