import CloudFormation
import Foundation
import JSONPaths
import LocalHTTP

/// The local cloud's runtime: runs the pipeline that was deployed to the emulator — the S3
/// events of its buckets through the deployed rules, executions of the deployed state machines,
/// the deployed functions' zips in local execution environments — and answers the AWS APIs of
/// those (`StartExecution`, `DescribeExecution`, `ListExecutions`, `GetExecutionHistory`,
/// `Invoke`) for the gateway in front of it.
///
/// Its own HTTP port (loopback, plain) serves the emulator's event hook (`POST /events`), the
/// Lambda Runtime API of its execution environments (`/2018-06-01/runtime/...`) and the local
/// cloud's control API (`/_facestack/...`: status, records, executions, trace).
///
/// ```swift
/// let runtime = try await LocalRuntime.start(configuration, authorizer: gateway.authorizer)
/// gateway.register(runtime)   // states and lambda:Invoke are answered by the runtime
/// ```
public final class LocalRuntime: Sendable {
  /// How a runtime is set up.
  public struct Configuration: Sendable {
    /// The emulator's port on 127.0.0.1.
    public var emulatorPort: Int
    /// The runtime's own port (0: a free one).
    public var port: Int
    /// The region and account the local cloud serves.
    public var region: String
    public var account: String
    /// The host Python that runs functions.
    public var python: String
    /// `local/facestack_lambda/bootstrap.py`.
    public var bootstrap: URL
    /// `local/lambda-runtime.txt`: the Lambda runtime's boto3, pinned.
    public var runtimeRequirements: URL
    /// Where functions reach AWS: the gateway.
    public var endpoint: LocalEndpoint
    /// `.facestack/local`: code and dependency caches.
    public var folder: URL
    /// The wait before an asynchronous invocation's first retry (Lambda's: 60 s).
    public var asyncRetryDelay: TimeInterval = 60

    /// A configuration.
    public init(
      emulatorPort: Int, port: Int = 0, region: String, account: String, python: String,
      bootstrap: URL, runtimeRequirements: URL, endpoint: LocalEndpoint, folder: URL
    ) {
      self.emulatorPort = emulatorPort
      self.port = port
      self.region = region
      self.account = account
      self.python = python
      self.bootstrap = bootstrap
      self.runtimeRequirements = runtimeRequirements
      self.endpoint = endpoint
      self.folder = folder
    }
  }

  let events: RuntimeEvents
  let lambda: LambdaService
  let executions: ExecutionService
  let rules: RuleDelivery
  let fleet: FleetService
  private let server: HTTPServer
  /// The runtime's port.
  public var port: Int { server.port }

  private init(
    events: RuntimeEvents, lambda: LambdaService, executions: ExecutionService,
    rules: RuleDelivery, fleet: FleetService, server: HTTPServer
  ) {
    self.events = events
    self.lambda = lambda
    self.executions = executions
    self.rules = rules
    self.fleet = fleet
    self.server = server
  }

  /// Starts the runtime's server and services.
  public static func start(_ configuration: Configuration, authorizer: any RuntimeAuthorizer)
    async throws -> LocalRuntime
  {
    let emulator = EmulatorAPI(
      client: HTTPClient(host: "127.0.0.1", port: configuration.emulatorPort),
      region: configuration.region)
    let events = RuntimeEvents()
    let logs = LogWriter(emulator: emulator)
    let code = CodeCache(
      folder: configuration.folder.appendingPathComponent("lambda"),
      python: configuration.python, runtimeRequirements: configuration.runtimeRequirements
    ) { location in
      try await Self.fetch(location, emulatorPort: configuration.emulatorPort)
    }
    let box = RuntimeBox()
    let server = try await HTTPServer.start(host: "127.0.0.1", port: configuration.port, tls: nil) {
      request in
      guard let runtime = box.runtime else {
        return HTTPResponse(status: 503, contentType: "text/plain", text: "starting")
      }
      return await runtime.handle(request)
    }
    let roles = RoleCredentials(emulator: emulator, authorizer: authorizer)
    let lambda = LambdaService(
      settings: LambdaService.Settings(
        python: configuration.python, bootstrap: configuration.bootstrap,
        runtimeAPI: "127.0.0.1:\(server.port)", endpoint: configuration.endpoint,
        account: configuration.account, asyncRetryDelay: configuration.asyncRetryDelay),
      emulator: emulator, code: code,
      roles: roles, logs: logs, events: events)
    let executions = ExecutionService(
      emulator: emulator, lambda: lambda, authorizer: authorizer, logs: logs, events: events,
      account: configuration.account)
    let rules = RuleDelivery(
      emulator: emulator, executions: executions, lambda: lambda, authorizer: authorizer,
      events: events, account: configuration.account)
    let fleet = FleetService(
      settings: FleetService.Settings(
        python: configuration.python, runtimePort: server.port, endpoint: configuration.endpoint,
        folder: configuration.folder.appendingPathComponent("fleet")),
      emulator: emulator, code: code, roles: roles, events: events)
    let runtime = LocalRuntime(
      events: events, lambda: lambda, executions: executions, rules: rules, fleet: fleet,
      server: server)
    box.runtime = runtime
    Task { await lambda.prepareSpares() }
    return runtime
  }

  /// Stops every execution environment and the server.
  public func shutdown() async {
    await fleet.shutdown()
    await lambda.shutdown()
    await server.shutdown()
  }

  /// Records a call the gateway decided, for traces.
  public func recordAWSCall(
    principal: String, action: String, resources: [String], allowed: Bool, explanation: String
  ) async {
    await events.record(
      .awsCall(
        principal: principal, action: action, resources: resources, allowed: allowed,
        explanation: explanation))
  }

  static func fetch(_ location: String, emulatorPort: Int) async throws -> [UInt8] {
    guard let url = URL(string: location), let host = url.host, let port = url.port else {
      throw LambdaServiceError.code("the code location '\(location)' is not a URL")
    }
    let client = HTTPClient(host: host, port: port)
    defer { Task { await client.shutdown() } }
    var target = url.path
    if let query = url.query { target += "?" + query }
    let response = try await client.send(HTTPRequest(method: "GET", target: target))
    guard response.status == 200 else {
      throw LambdaServiceError.code("fetching \(location) answered \(response.status)")
    }
    return response.body
  }
}

/// Holds the runtime for the server's handler, which exists before the runtime does.
final class RuntimeBox: @unchecked Sendable {
  private let lock = NSLock()
  private var value: LocalRuntime?
  var runtime: LocalRuntime? {
    get {
      lock.lock()
      defer { lock.unlock() }
      return value
    }
    set {
      lock.lock()
      value = newValue
      lock.unlock()
    }
  }
}
