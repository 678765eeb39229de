import ArgumentParser
import Foundation
import LocalGateway
import LocalHTTP
import LocalRuntime

/// `facestack-local`: the local cloud's server process — the gateway every client calls
/// (HTTPS on 127.0.0.1, the local certificate authority) and the runtime behind it. Started and
/// stopped by `facestack local start|stop`; not meant to be run by hand.
@main
struct LocalCloudServer: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "facestack-local",
    abstract: "The local cloud's gateway and runtime (started by 'facestack local start').")

  @Option(help: "The local cloud's folder (.facestack/local): TLS, caches, state.")
  var stateDir: String

  @Option(help: "The emulator's port on 127.0.0.1.")
  var emulatorPort: Int

  @Option(help: "The gateway's port (0: a free one).")
  var gatewayPort: Int = 0

  @Option(help: "The runtime's port (0: a free one).")
  var runtimePort: Int = 0

  @Option(help: "The region the local cloud serves.")
  var region: String = "us-east-1"

  @Option(help: "The local cloud's account.")
  var account: String = "123456789012"

  @Option(help: "The host Python that runs functions.")
  var python: String = "python3"

  @Option(help: "The repository's root (for local/facestack_lambda and local/lambda-runtime.txt).")
  var repository: String

  @Option(help: "Seconds before an asynchronous invocation's first retry (Lambda's: 60).")
  var asyncRetryDelay: Double = 60

  func run() async throws {
    Signals.unblock()
    let folder = URL(fileURLWithPath: stateDir)
    let root = URL(fileURLWithPath: repository)
    let tls = try CertificateAuthority.ensure(in: folder.appendingPathComponent("tls"))
    let emulator = HTTPClient(host: "127.0.0.1", port: emulatorPort)
    let log = try DecisionLog(file: folder.appendingPathComponent("iam-log.jsonl"))
    let gateway = try Gateway(emulator: emulator, log: log)
    let server = try await GatewayServer.start(
      gateway, port: gatewayPort, tls: try tls.serverContext())
    var configuration = LocalRuntime.Configuration(
      emulatorPort: emulatorPort, port: runtimePort, region: region, account: account,
      python: python,
      bootstrap: root.appendingPathComponent("local/facestack_lambda/bootstrap.py"),
      runtimeRequirements: root.appendingPathComponent("local/lambda-runtime.txt"),
      endpoint: LocalEndpoint(
        endpoint: "https://127.0.0.1:\(server.port)", caBundle: tls.caCertificate.path,
        region: region),
      folder: folder)
    configuration.asyncRetryDelay = asyncRetryDelay
    let runtime = try await LocalRuntime.start(
      configuration,
      authorizer: GatewayAuthorizer(authorizer: gateway.authorizer, region: region))
    RuntimeBackend.register(runtime, with: gateway)
    // The gateway's decisions in the runtime's traces (its own are recorded where made).
    let tracing = Task {
      for await record in log.follow(after: log.lastSequence) where record.source == .gateway {
        await runtime.recordAWSCall(
          principal: record.principal, action: record.action, resources: [record.resource],
          allowed: !record.isDenied, explanation: record.message ?? record.reason)
      }
    }
    let state = ServerState(
      pid: getpid(), gatewayPort: server.port, runtimePort: runtime.port,
      caBundle: tls.caCertificate.path,
      startedAt: ISO8601DateFormatter().string(from: Date()))
    try state.write(to: folder.appendingPathComponent("server.json"))
    await Signals.wait(for: [SIGTERM, SIGINT])
    tracing.cancel()
    await runtime.shutdown()
    await server.shutdown()
    await emulator.shutdown()
    try? FileManager.default.removeItem(at: folder.appendingPathComponent("server.json"))
  }
}

/// `.facestack/local/server.json`: where the gateway and the runtime listen.
struct ServerState: Codable {
  var pid: Int32
  var gatewayPort: Int
  var runtimePort: Int
  var caBundle: String
  var startedAt: String

  func write(to url: URL) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(self).write(to: url, options: .atomic)
  }
}

/// Signal handling for the server: a child inherits the signal mask of the Swift thread that
/// spawned it, where `SIGTERM` is blocked.
enum Signals {
  static func unblock() {
    var empty = sigset_t()
    sigemptyset(&empty)
    pthread_sigmask(SIG_SETMASK, &empty, nil)
  }

  /// Waits until one of `signals` arrives.
  static func wait(for signals: [Int32]) async {
    let arrival = Arrival()
    var sources: [DispatchSourceSignal] = []
    for number in signals {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { arrival.signal() }
      source.resume()
      sources.append(source)
    }
    await arrival.wait()
    withExtendedLifetime(sources) {}
  }
}

/// One arrival, awaited once.
final class Arrival: @unchecked Sendable {
  private let lock = NSLock()
  private var arrived = false
  private var continuation: CheckedContinuation<Void, Never>?

  func signal() {
    lock.lock()
    arrived = true
    let waiting = continuation
    continuation = nil
    lock.unlock()
    waiting?.resume()
  }

  func wait() async {
    await withCheckedContinuation { continuation in
      lock.lock()
      if arrived {
        lock.unlock()
        continuation.resume()
      } else {
        self.continuation = continuation
        lock.unlock()
      }
    }
  }
}
