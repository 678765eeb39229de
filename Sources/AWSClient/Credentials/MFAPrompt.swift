import Foundation
import Processes

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Asks for the code of an MFA device when a profile's `role_arn` comes with `mfa_serial`.
///
/// ``terminal`` asks on the controlling terminal (`/dev/tty`, input not echoed, as the AWS
/// CLI's `getpass`), never on standard output, which belongs to the CLI's output; with no
/// terminal (CI, a pipe) it fails with a message saying so instead of waiting. Codes are asked
/// for again when the role's session is refreshed during a long deploy.
///
/// ```swift
/// let options = AWSClientOptions(profile: "admin", mfaPrompt: .terminal)
/// let scripted = MFAPrompt.fixed("123456")   // tests
/// ```
public struct MFAPrompt: Sendable {
  /// Returns the code for the device `serial` of profile `profile`.
  public var code: @Sendable (_ serial: String, _ profile: String) async throws -> String

  /// Creates a prompt from a closure.
  public init(
    code: @escaping @Sendable (_ serial: String, _ profile: String) async throws -> String
  ) {
    self.code = code
  }

  /// Asks on the controlling terminal.
  public static var terminal: MFAPrompt { terminal(device: "/dev/tty") }

  /// Asks on the terminal device at `device` (a pseudo-terminal in tests).
  public static func terminal(device: String) -> MFAPrompt {
    MFAPrompt { serial, profile in
      try await runBlocking { try askOnTerminal(device: device, serial: serial, profile: profile) }
    }
  }

  /// Always answers `code`.
  public static func fixed(_ code: String) -> MFAPrompt {
    MFAPrompt { _, _ in code }
  }

  private static func askOnTerminal(device: String, serial: String, profile: String) throws
    -> String
  {
    let descriptor = open(device, O_RDWR | O_NOCTTY)
    guard descriptor >= 0, isatty(descriptor) == 1 else {
      if descriptor >= 0 { close(descriptor) }
      throw AWSClientError.credentialSource(
        "profile \"\(profile)\" needs a code from the mfa device \(serial) (mfa_serial), but "
          + "there is no terminal to ask on; run facestack on a terminal, or use credentials "
          + "that need no mfa code")
    }
    defer { close(descriptor) }
    // Echo off before the question shows, as getpass(3) does: turning it off flushes pending
    // input (TCSAFLUSH), which would drop a code typed or pasted as soon as the question
    // appeared (the pty test's driver types at once, and lost that race under load).
    var original = termios()
    let canHide = tcgetattr(descriptor, &original) == 0
    if canHide {
      var hidden = original
      hidden.c_lflag &= ~tcflag_t(ECHO)
      _ = tcsetattr(descriptor, TCSAFLUSH, &hidden)
    }
    defer {
      if canHide { _ = tcsetattr(descriptor, TCSAFLUSH, &original) }
      writeText(descriptor, "\n")
    }
    writeText(descriptor, "Enter MFA code for \(serial): ")
    var line = [UInt8]()
    var byte: UInt8 = 0
    while read(descriptor, &byte, 1) == 1, byte != UInt8(ascii: "\n") {
      if byte != UInt8(ascii: "\r") { line.append(byte) }
    }
    let code = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)
    guard code.count == 6, code.allSatisfy(\.isNumber) else {
      throw AWSClientError.credentialSource(
        "the mfa code for \(serial) must be 6 digits, got \(code.count) characters")
    }
    return code
  }

  private static func writeText(_ descriptor: Int32, _ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count) }
  }
}
