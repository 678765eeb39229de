import AWSClient
import Deploy
import FacestackCore
import Foundation
import Processes

/// The local cloud of a workspace: the emulator (moto's server extended by facestack, with the
/// face engine: `local/facestack_local`), and `facestack-local` (the IAM gateway every client
/// calls over TLS, and the runtime that runs the deployed pipeline), on 127.0.0.1, with their
/// state in `.facestack/local/` (or `FACESTACK_LOCAL_DIR`).
///
/// ```swift
/// let cloud = LocalCloud.of(workspace)
/// let state = try await cloud.start(reporter: reporter)   // or the running one
/// let aws = try AWSClient.live(cloud.clientOptions(state, region: "us-east-1"))
/// ```
public struct LocalCloud: Sendable {
  /// The workspace (its `local/` Python code).
  public var workspace: Workspace
  /// `.facestack/local`.
  public var folder: URL
  /// Where installers write their progress (pip's); standard error by default.
  public var installOutput: FileHandle

  /// The local cloud's region and account: moto's default account.
  public static let region = "us-east-1"
  /// The account the emulator gives resources whose caller it does not know.
  public static let account = "123456789012"
  /// The IAM user `local env` prints the keys of.
  public static let adminUser = "facestack-admin"

  /// The workspace's local cloud: `.facestack/local`, or `FACESTACK_LOCAL_DIR` (a cloud of its
  /// own, as the end-to-end tests run one).
  public static func of(_ workspace: Workspace, installOutput: FileHandle = .standardError)
    -> LocalCloud
  {
    let environment = ProcessInfo.processInfo.environment
    let folder =
      environment["FACESTACK_LOCAL_DIR"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
      ?? workspace.workFolder.appendingPathComponent("local")
    return LocalCloud(workspace: workspace, folder: folder, installOutput: installOutput)
  }

  var stateURL: URL { folder.appendingPathComponent("state.json") }
  /// The IAM gateway's decision log (JSON Lines), written by `facestack-local`.
  public var decisionLog: URL { folder.appendingPathComponent("iam-log.jsonl") }
  var credentialsURL: URL { folder.appendingPathComponent("credentials.json") }
  var venv: URL { folder.appendingPathComponent("venv") }
  var lambdaVenv: URL { folder.appendingPathComponent("lambda-venv") }

  // MARK: - State

  /// The recorded state when both processes are alive; nil otherwise.
  public func state() -> LocalCloudState? {
    guard let data = try? Data(contentsOf: stateURL),
      let state = try? JSONDecoder().decode(LocalCloudState.self, from: data),
      Self.isAlive(state.emulatorPid), Self.isAlive(state.serverPid)
    else { return nil }
    return state
  }

  /// The local cloud's state, or an input error saying how to start it.
  public func running() throws -> LocalCloudState {
    guard let state = state() else {
      throw FacestackError.input(
        "the local cloud is not running; start it with 'facestack local start'")
    }
    return state
  }

  /// The administrator's keys `local env` prints.
  public func credentials() throws -> LocalCloudCredentials {
    do {
      return try JSONDecoder().decode(
        LocalCloudCredentials.self, from: Data(contentsOf: credentialsURL))
    } catch {
      throw FacestackError.input(
        "\(credentialsURL.path) cannot be read; restart the local cloud ('facestack local stop' "
          + "and 'facestack local start')")
    }
  }

  /// The AWS client options that reach the local cloud as its administrator: the gateway's
  /// endpoint, trusted through the local certificate authority.
  public func clientOptions(_ state: LocalCloudState, region: String) throws -> AWSClientOptions {
    let keys = try credentials()
    return AWSClientOptions(
      region: region, endpointURL: state.gatewayEndpoint,
      environment: AWSEnvironment([
        "AWS_ACCESS_KEY_ID": keys.accessKeyID, "AWS_SECRET_ACCESS_KEY": keys.secretAccessKey,
        "AWS_CA_BUNDLE": state.caBundle,
      ]))
  }

  /// The environment variables that point the AWS CLI, boto3 and the SDKs at the local cloud
  /// (`local env`): its endpoint, the administrator's keys, its CA bundle and region.
  public func clientEnvironment(_ state: LocalCloudState) throws -> [(String, String)] {
    let keys = try credentials()
    return [
      ("AWS_ENDPOINT_URL", state.gatewayEndpoint.absoluteString),
      ("AWS_ACCESS_KEY_ID", keys.accessKeyID), ("AWS_SECRET_ACCESS_KEY", keys.secretAccessKey),
      ("AWS_CA_BUNDLE", state.caBundle), ("AWS_REGION", state.region),
      ("AWS_DEFAULT_REGION", state.region),
    ]
  }

  /// A GET of the runtime's control API (`/_facestack/...`): the answer's body, or an error
  /// with the runtime's message.
  public func runtime(
    _ state: LocalCloudState, _ path: String, query: [String: String] = [:],
    method: String = "GET", body: Data? = nil
  ) async throws -> Data {
    var components = URLComponents(
      url: state.runtimeURL.appendingPathComponent(path), resolvingAgainstBaseURL: false)
    if !query.isEmpty {
      components?.queryItems = query.sorted { $0.key < $1.key }.map {
        URLQueryItem(name: $0.key, value: $0.value)
      }
    }
    guard let url = components?.url else {
      throw FacestackError.input("cannot build a runtime url for \(path)")
    }
    let status: Int
    let data: Data
    do {
      // The fleet's instances drain for up to 25 s when they are replaced.
      (status, data) = try await LoopbackHTTP.send(url, method: method, body: body, timeout: 120)
    } catch {
      throw FacestackError.aws("the local cloud's runtime does not answer: \(error)")
    }
    guard status == 200 else {
      let message = String(decoding: data, as: UTF8.self).trimmingCharacters(
        in: .whitespacesAndNewlines)
      throw status == 404
        ? FacestackError.input(message)
        : FacestackError.aws("the runtime answered \(status): \(message)")
    }
    return data
  }

  // MARK: - Starting and stopping

  /// How the local cloud runs (what `local start` takes).
  public struct Options: Sendable, Equatable {
    /// Seconds before an asynchronous invocation's first retry (Lambda's: 60; the second waits
    /// twice as long).
    public var asyncRetryDelay: Double = 60
    /// Local fleet instances per Auto Scaling group, for every environment (nil: each
    /// environment's `local.workers`).
    public var workers: Int?

    public init(asyncRetryDelay: Double = 60, workers: Int? = nil) {
      self.asyncRetryDelay = asyncRetryDelay
      self.workers = workers
    }
  }

  /// Runs the deployed stack's Auto Scaling groups on the local cloud: `local start --workers`
  /// instances each, or the environment's `local.workers`; the runtime reads what each group
  /// deploys (its launch template) and replaces instances whose template changed. Returns each
  /// group's status line.
  public func runFleet(_ state: LocalCloudState, of deployed: DeployedStack) async throws
    -> [String: String]
  {
    let groups = try await Self.fleetGroups(of: deployed)
    let count = state.workers ?? deployed.target.environment.local.workers
    return try await setFleet(state, Dictionary(groups.map { ($0, count) }) { first, _ in first })
  }

  /// The Auto Scaling groups of a deployed stack.
  public static func fleetGroups(of deployed: DeployedStack) async throws -> [String] {
    try await deployed.resources(ofType: "AWS::AutoScaling::AutoScalingGroup").map(\.name)
  }

  /// Runs `groups[name]` local instances of each group (0 stops it); each group's status line.
  public func setFleet(_ state: LocalCloudState, _ groups: [String: Int]) async throws
    -> [String: String]
  {
    guard !groups.isEmpty else { return [:] }
    let body = try JSONSerialization.data(withJSONObject: ["groups": groups])
    let answer = try await runtime(state, "_facestack/fleet", method: "POST", body: body)
    return (try? JSONSerialization.jsonObject(with: answer) as? [String: String]) ?? [:]
  }

  /// Starts the local cloud, or returns the running one: the emulator's venv on first use
  /// (pip's progress shown), then the emulator, then the gateway and runtime, then the
  /// administrator user.
  public func start(reporter: DeployReporter, options: Options = Options()) async throws
    -> LocalCloudState
  {
    if let running = state() { return running }
    stopLeftovers()
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let python = try installEmulator(reporter: reporter)
    let lambdaPython = try installLambdaVenv()
    let server = try Self.serverExecutable()
    let ports = try Self.freePorts(3, python: python)
    let (emulatorPort, gatewayPort, runtimePort) = (ports[0], ports[1], ports[2])
    reporter.emit(.step("starting the emulator on 127.0.0.1:\(emulatorPort)"))
    var environment = ProcessInfo.processInfo.environment
    environment["PYTHONPATH"] = workspace.path("local")
    environment.removeValue(forKey: "INITIAL_NO_AUTH_ACTION_COUNT")
    let emulator = try spawn(
      [
        python, "-m", "facestack_local.emulator", "--host", "127.0.0.1", "--port",
        String(emulatorPort), "--state-dir", folder.appendingPathComponent("emulator").path,
        "--event-hook", "http://127.0.0.1:\(runtimePort)/events",
      ], log: "emulator.log", environment: environment)
    reporter.emit(.step("starting the gateway and runtime (facestack-local)"))
    let gateway = try spawn(
      [
        server, "--state-dir", folder.path, "--emulator-port", String(emulatorPort),
        "--gateway-port", String(gatewayPort), "--runtime-port", String(runtimePort),
        "--region", Self.region, "--account", Self.account, "--python", lambdaPython,
        "--repository", workspace.root.path, "--async-retry-delay",
        String(options.asyncRetryDelay),
      ], log: "server.log", environment: ProcessInfo.processInfo.environment)
    let emulatorURL = URL(string: "http://127.0.0.1:\(emulatorPort)") ?? folder
    do {
      try await Self.waitUntil(seconds: 120, alive: [emulator, gateway]) {
        await Self.answers(emulatorURL.appendingPathComponent("_facestack/health"))
      }
      try await Self.waitUntil(seconds: 60, alive: [emulator, gateway]) {
        await Self.answers(URL(string: "http://127.0.0.1:\(runtimePort)/_facestack/health"))
      }
    } catch {
      emulator.terminate()
      gateway.terminate()
      throw FacestackError.aws(
        "the local cloud did not start: \(error); see \(folder.path)/emulator.log and server.log")
    }
    let keys: LocalCloudCredentials
    do {
      keys = try await Self.createAdministrator(emulator: emulatorURL)
    } catch {
      emulator.terminate()
      gateway.terminate()
      throw FacestackError.aws("cannot create the local cloud's administrator: \(error)")
    }
    try FileIO.writeAtomically(try JSONEncoder().encode(keys), to: credentialsURL.path)
    try FileManager.default.setAttributes(
      [.posixPermissions: 0o600], ofItemAtPath: credentialsURL.path)
    let state = LocalCloudState(
      emulatorPid: emulator.processIdentifier, emulatorPort: emulatorPort,
      serverPid: gateway.processIdentifier, gatewayPort: gatewayPort, runtimePort: runtimePort,
      caBundle: folder.appendingPathComponent("tls/ca.pem").path, region: Self.region,
      account: Self.account, startedAt: ISO8601DateFormatter().string(from: Date()),
      workers: options.workers)
    try FileIO.writeAtomically(try JSONEncoder().encode(state), to: stateURL.path)
    return state
  }

  /// Stops the local cloud; false when it was not running.
  @discardableResult
  public func stop() -> Bool {
    defer { try? FileManager.default.removeItem(at: stateURL) }
    guard let data = try? Data(contentsOf: stateURL),
      let state = try? JSONDecoder().decode(LocalCloudState.self, from: data)
    else { return false }
    let pids = [state.serverPid, state.emulatorPid].filter(Self.isAlive)
    for pid in pids { kill(pid, SIGTERM) }
    // facestack-local lets the fleet's workers drain (up to 25 s) before it exits.
    for _ in 0..<450 where pids.contains(where: Self.isAlive) { usleep(100_000) }
    for pid in pids where Self.isAlive(pid) { kill(pid, SIGKILL) }
    return !pids.isEmpty
  }

  /// A state file whose processes are gone, or only half of them: ends what is left.
  private func stopLeftovers() {
    if FileManager.default.fileExists(atPath: stateURL.path) { stop() }
  }

  private func spawn(_ arguments: [String], log: String, environment: [String: String]) throws
    -> Process
  {
    do {
      return try ProcessRunner.spawn(
        arguments, log: folder.appendingPathComponent(log), environment: environment)
    } catch let error as ProcessError {
      throw FacestackError.tool("cannot start the local cloud: \(error)")
    }
  }

  // MARK: - Installing

  /// The emulator's venv: `local/requirements.txt` installed once (again when it changes), and
  /// the face engine's emotion model; returns its Python.
  func installEmulator(reporter: DeployReporter) throws -> String {
    let python = venv.appendingPathComponent("bin/python").path
    let requirements = workspace.root.appendingPathComponent("local/requirements.txt")
    let marker = venv.appendingPathComponent(".installed")
    let wanted = (try? Data(contentsOf: requirements)) ?? Data()
    if FileManager.default.fileExists(atPath: python),
      (try? Data(contentsOf: marker)) == wanted
    {
      return python
    }
    reporter.emit(
      .step(
        "installing the local cloud's emulator into \(workspace.relative(venv.path)) (first use)"))
    if !FileManager.default.fileExists(atPath: python) {
      try run(["python3", "-m", "venv", venv.path], what: "python3 -m venv")
    }
    try run(
      [
        python, "-m", "pip", "install", "--disable-pip-version-check", "--progress-bar", "on", "-r",
        requirements.path,
      ], what: "pip install -r local/requirements.txt")
    var environment = ProcessInfo.processInfo.environment
    environment["PYTHONPATH"] = workspace.path("local")
    try run(
      [python, "-m", "facestack_local.faces.models", "install"], what: "the face engine's models",
      environment: environment)
    try FileIO.writeAtomically(wanted, to: marker.path)
    return python
  }

  /// An empty venv whose Python runs functions: like Lambda's runtime, nothing but the
  /// function's package, its dependencies and the runtime's SDK is importable.
  func installLambdaVenv() throws -> String {
    let python = lambdaVenv.appendingPathComponent("bin/python").path
    if !FileManager.default.fileExists(atPath: python) {
      try run(["python3", "-m", "venv", lambdaVenv.path], what: "python3 -m venv")
    }
    return python
  }

  private func run(_ arguments: [String], what: String, environment: [String: String]? = nil)
    throws
  {
    let status: Int32
    do {
      status = try ProcessRunner.run(
        arguments, streamingTo: installOutput, environment: environment)
    } catch let error as ProcessError {
      throw FacestackError.tool("\(what) failed: \(error)")
    }
    guard status == 0 else { throw FacestackError.tool("\(what) failed (exit \(status))") }
  }

  /// `facestack-local`, beside the running executable (the build folder), or on `PATH`.
  static func serverExecutable() throws -> String {
    guard let path = SiblingExecutable.path("facestack-local", searchingPath: true) else {
      throw FacestackError.tool(
        "facestack-local is not built: run 'swift build' (it is built with facestack)")
    }
    return path
  }

  // MARK: - Helpers

  /// The IAM user `local env` prints the keys of, created in the emulator directly (it does not
  /// authorize; the gateway does): `facestack-admin` with a policy allowing everything.
  static func createAdministrator(emulator: URL) async throws -> LocalCloudCredentials {
    let bootstrap = AWSClientOptions(
      region: region, endpointURL: emulator,
      environment: AWSEnvironment([
        "AWS_ACCESS_KEY_ID": "AKIAFACESTACKBOOTSTRAP", "AWS_SECRET_ACCESS_KEY": "bootstrap",
      ]))
    let iam = try AWSClient.live(bootstrap).iam
    try await iam.createUser(adminUser)
    try await iam.putUserPolicy(adminUser, "administrator", IAMClient.allowEverythingPolicy)
    let key = try await iam.createAccessKey(adminUser)
    return LocalCloudCredentials(
      userArn: "arn:aws:iam::\(account):user/\(adminUser)", accessKeyID: key.accessKeyID,
      secretAccessKey: key.secretAccessKey)
  }

  static func freePorts(_ count: Int, python: String) throws -> [Int] {
    let script = """
      import socket
      sockets = [socket.socket() for _ in range(\(count))]
      for s in sockets: s.bind(('127.0.0.1', 0))
      print(' '.join(str(s.getsockname()[1]) for s in sockets))
      """
    let result = try ProcessRunner.run([python, "-c", script])
    let ports = result.output.split(separator: " ").compactMap {
      Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    guard result.succeeded, ports.count == count else {
      throw FacestackError.tool("cannot find free ports: \(result.lastErrorLine)")
    }
    return ports
  }

  static func isAlive(_ pid: Int32) -> Bool { pid > 0 && kill(pid, 0) == 0 }

  static func waitUntil(
    seconds: Double, alive processes: [Process], _ ready: () async -> Bool
  ) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if await ready() { return }
      if let dead = processes.first(where: { !$0.isRunning }) {
        throw FacestackError.aws(
          "\(dead.arguments?.first ?? "a process") exited with status \(dead.terminationStatus)")
      }
      try await Task.sleep(nanoseconds: 200_000_000)
    }
    throw FacestackError.aws("no answer within \(Int(seconds)) s")
  }

  static func answers(_ url: URL?) async -> Bool {
    guard let url else { return false }
    guard let (status, _) = try? await LoopbackHTTP.send(url, timeout: 2) else { return false }
    return status == 200
  }
}

/// `.facestack/local/state.json`: the local cloud's processes and ports.
public struct LocalCloudState: Codable, Sendable, Equatable {
  /// The emulator's process and port.
  public var emulatorPid: Int32
  public var emulatorPort: Int
  /// `facestack-local`'s process, the gateway's and the runtime's ports.
  public var serverPid: Int32
  public var gatewayPort: Int
  public var runtimePort: Int
  /// The local certificate authority's certificate (what `AWS_CA_BUNDLE` names).
  public var caBundle: String
  /// The region and account the local cloud serves.
  public var region: String
  public var account: String
  /// When it started (ISO 8601).
  public var startedAt: String
  /// `local start --workers`: local fleet instances per group, for every environment.
  public var workers: Int?

  /// `https://127.0.0.1:<gateway port>`: the one endpoint of every service.
  public var gatewayEndpoint: URL {
    URL(string: "https://127.0.0.1:\(gatewayPort)") ?? URL(fileURLWithPath: "/")
  }
  /// The runtime's control API.
  public var runtimeURL: URL {
    URL(string: "http://127.0.0.1:\(runtimePort)") ?? URL(fileURLWithPath: "/")
  }
  /// The emulator's own port (internal; its health endpoint).
  public var emulatorURL: URL {
    URL(string: "http://127.0.0.1:\(emulatorPort)") ?? URL(fileURLWithPath: "/")
  }
}

/// The administrator's access key (`.facestack/local/credentials.json`, mode 0600).
public struct LocalCloudCredentials: Codable, Sendable, Equatable {
  public var userArn: String
  public var accessKeyID: String
  public var secretAccessKey: String
}
