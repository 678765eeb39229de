import Foundation

/// The running emulator, as `.facestack/emulator/state.json` records it.
public struct EmulatorState: Codable, Sendable, Equatable {
  /// The server's process id.
  public var pid: Int32
  /// The port on 127.0.0.1.
  public var port: Int
  /// The Python interpreter that runs it.
  public var python: String
  /// The pinned moto version.
  public var version: String
  /// When it started (ISO 8601).
  public var startedAt: String

  /// A state.
  public init(pid: Int32, port: Int, python: String, version: String, startedAt: String) {
    self.pid = pid
    self.port = port
    self.python = python
    self.version = version
    self.startedAt = startedAt
  }

  /// `http://127.0.0.1:<port>`.
  public var endpoint: URL {
    URL(string: "http://127.0.0.1:\(port)") ?? URL(fileURLWithPath: "/")
  }
}
