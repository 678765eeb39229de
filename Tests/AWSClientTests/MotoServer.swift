import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// moto's server on a free loopback port, started by the test and terminated at the end.
///
/// `INITIAL_NO_AUTH_ACTION_COUNT` makes moto accept that many requests unsigned and verify
/// SigV4 (and IAM policies) on every request after them.
final class MotoServer: @unchecked Sendable {
  let port: Int
  let process: Process
  let logURL: URL

  var endpoint: URL {
    var components = URLComponents()
    components.scheme = "http"
    components.host = "127.0.0.1"
    components.port = port
    return components.url ?? URL(fileURLWithPath: "/")
  }

  struct StartError: Error, CustomStringConvertible {
    var description: String
  }

  /// moto's region-less STS account.
  static let account = "123456789012"

  /// Fails with a clear message when python3 cannot import moto (CI installs it).
  static func checkMotoIsImportable() throws {
    let check = Process()
    check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    check.arguments = [
      "python3", "-c", "import moto.server, sys; sys.stdout.write(moto.__version__)",
    ]
    let output = Pipe()
    check.standardOutput = output
    check.standardError = output
    do {
      try check.run()
    } catch {
      throw StartError(description: "cannot run python3 to start moto: \(error)")
    }
    check.waitUntilExit()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    guard check.terminationStatus == 0 else {
      throw StartError(
        description: "moto is not importable by python3, so the emulator integration test cannot "
          + "run; install it with `python3 -m pip install 'moto[server]==5.2.1'` (CI does). "
          + "python said: \(text.split(separator: "\n").last ?? "")")
    }
  }

  /// Starts moto; with `initialNoAuthActionCount` nil it never checks signatures (as moto's
  /// default), which unsigned calls such as `AssumeRoleWithWebIdentity` need.
  init(initialNoAuthActionCount: Int?) throws {
    try Self.checkMotoIsImportable()
    port = try Self.freePort()
    logURL = FileManager.default.temporaryDirectory
      .appendingPathComponent("facestack-moto-\(port).log")
    _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
    process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)]
    var environment = ProcessInfo.processInfo.environment
    environment["INITIAL_NO_AUTH_ACTION_COUNT"] = initialNoAuthActionCount.map(String.init)
    process.environment = environment
    let log = try FileHandle(forWritingTo: logURL)
    process.standardOutput = log
    process.standardError = log
    try process.run()
    let deadline = Date().addingTimeInterval(30)
    while !Self.accepts(port: port) {
      guard process.isRunning, Date() < deadline else {
        stop()
        let output = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        throw StartError(
          description: "moto did not start on 127.0.0.1:\(port): \(output.suffix(500))")
      }
      usleep(100_000)
    }
  }

  /// Sends SIGTERM, then SIGKILL if moto is still there after five seconds.
  func stop() {
    guard process.isRunning else { return }
    let pid = process.processIdentifier
    process.terminate()
    let deadline = Date().addingTimeInterval(5)
    while process.isRunning && Date() < deadline { usleep(50_000) }
    if process.isRunning { kill(pid, SIGKILL) }
  }

  deinit { stop() }

  static func freePort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw StartError(description: "socket() failed") }
    defer { close(descriptor) }
    var address = loopback(port: 0)
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0 else { throw StartError(description: "bind() failed") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        getsockname(descriptor, $0, &length)
      }
    }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  static func accepts(port: Int) -> Bool {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    var address = loopback(port: port)
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    return result == 0
  }

  static func loopback(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return address
  }
}
