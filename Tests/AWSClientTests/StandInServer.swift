import Foundation

@testable import AWSClient

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// `Fixtures/standins/aws_standins.py` on a free loopback port: IMDSv2, the container endpoint,
/// the SSO portal, SSO-OIDC and an STS `GetCallerIdentity` that names the caller's key, each
/// configured by the test (see the script's docstring). Stopped at the end of the test, and by
/// itself when the test process goes away (its standard input closes).
final class StandInServer: @unchecked Sendable {
  let process: Process
  let endpoint: URL
  private let input = Pipe()

  struct StartError: Error, CustomStringConvertible {
    var description: String
  }

  /// The folder holding the fixture scripts.
  static func scriptsFolder() throws -> URL {
    guard let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
      throw StartError(description: "no Fixtures folder in the test bundle")
    }
    return fixtures.appendingPathComponent("standins")
  }

  /// Starts a server for `config`, waiting for it off the concurrency pool (python takes a
  /// moment to start, and a blocked pool thread would stall other tests' timers).
  static func start(_ config: [String: Any]) async throws -> StandInServer {
    let data = try JSONSerialization.data(withJSONObject: config)
    return try await offPool { try StandInServer(configuration: data) }
  }

  private init(configuration: Data) throws {
    let configURL = FileManager.default.temporaryDirectory
      .appendingPathComponent("facestack-standins-\(UUID().uuidString).json")
    try configuration.write(to: configURL)
    process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", try Self.scriptsFolder().appendingPathComponent("aws_standins.py").path,
      configURL.path,
    ]
    let output = Pipe()
    process.standardOutput = output
    process.standardInput = input
    try process.run()
    // The first line is "PORT <n>".
    var line = Data()
    let reader = output.fileHandleForReading
    while !line.contains(UInt8(ascii: "\n")) {
      let chunk = reader.availableData
      if chunk.isEmpty { break }
      line.append(chunk)
    }
    // Read once the server listens: the configuration file is no longer needed.
    try? FileManager.default.removeItem(at: configURL)
    let text = String(decoding: line, as: UTF8.self)
    guard
      let port = text.split(separator: " ").last.flatMap({
        Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
      }),
      let url = URL(string: "http://127.0.0.1:\(port)")
    else {
      process.terminate()
      throw StartError(description: "the stand-in server did not start: \(text)")
    }
    endpoint = url
  }

  deinit { stop() }

  /// Sends SIGTERM and returns: the server dies at once (and would by itself once its standard
  /// input closes). No `waitUntilExit`, which can wait forever on a run loop no one turns.
  func stop() {
    guard process.isRunning else { return }
    process.terminate()
    try? input.fileHandleForWriting.close()
  }

  /// A URL on the server.
  func url(_ path: String) -> URL {
    URL(string: endpoint.absoluteString + path) ?? endpoint
  }

  /// The requests seen so far.
  func requests() async throws -> [StandInRequest] {
    let response = try await HTTPTransport.live(timeout: 5).send(
      HTTPRequest(method: "GET", url: url("/_standin/log")))
    return try JSONDecoder().decode([StandInRequest].self, from: response.body)
  }

  /// Moves the stand-in's clock `seconds` forward (expirations, token lifetimes).
  func advanceClock(_ seconds: Double) async throws {
    _ = try await HTTPTransport.live(timeout: 5).send(
      HTTPRequest(
        method: "POST", url: url("/_standin/clock"), body: Data("{\"advance\": \(seconds)}".utf8)))
  }
}

/// One request the stand-in saw.
struct StandInRequest: Decodable, Equatable {
  var method: String
  var path: String
  var headers: [String: String]
}
