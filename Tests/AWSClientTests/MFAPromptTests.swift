import Foundation
import Testing

@testable import AWSClient

/// The MFA prompt on a real (pseudo-)terminal: the question goes to the terminal, the code is
/// read with echo off; without a terminal the answer is an error, not a wait.
@Suite struct MFAPromptTests {
  /// `Fixtures/standins/pty_driver.py` opens a pseudo-terminal, waits for the prompt on it and
  /// types the code.
  @Test(.timeLimit(.minutes(1)))
  func asksOnTheTerminalWithoutEchoingTheCode() async throws {
    let driver = Process()
    driver.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    driver.arguments = ["python3", try fixtureScript("pty_driver.py"), "123456"]
    let output = Pipe()
    driver.standardOutput = output
    try driver.run()
    let lines = LineReader(output.fileHandleForReading)
    let device = try #require(lines.next())
    let code = try await MFAPrompt.terminal(device: device).code(
      "arn:aws:iam::123456789012:mfa/dev", "admin")
    #expect(code == "123456")
    let report = try #require(lines.next())
    let shown = try JSONDecoder().decode([String: String].self, from: Data(report.utf8))
    #expect(shown["before"] == "Enter MFA code for arn:aws:iam::123456789012:mfa/dev: ")
    // Echo was off: the terminal shows the newline the prompt writes, not the code.
    #expect(shown["after"]?.contains("123456") == false)
    #expect(shown["after"]?.contains("\n") == true)
  }

  @Test func withoutATerminalItSaysSo() async throws {
    let home = try TemporaryHome()
    defer { home.remove() }
    try home.write("not-a-tty", "")
    for device in ["/nonexistent/tty", home.path + "/not-a-tty"] {
      let message = await errorMessage {
        _ = try await MFAPrompt.terminal(device: device).code("arn:aws:iam::1:mfa/me", "admin")
      }
      #expect(
        message
          == "profile \"admin\" needs a code from the mfa device arn:aws:iam::1:mfa/me "
          + "(mfa_serial), but there is no terminal to ask on; run facestack on a terminal, or "
          + "use credentials that need no mfa code")
    }
  }
}

/// Lines of a pipe, read as they come.
final class LineReader {
  private let handle: FileHandle
  private var buffer = Data()

  init(_ handle: FileHandle) { self.handle = handle }

  func next() -> String? {
    while true {
      if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
        let line = buffer[buffer.startIndex..<newline]
        buffer = Data(buffer[buffer.index(after: newline)...])
        return String(decoding: line, as: UTF8.self)
      }
      let chunk = handle.availableData
      if chunk.isEmpty { return nil }
      buffer.append(chunk)
    }
  }
}
