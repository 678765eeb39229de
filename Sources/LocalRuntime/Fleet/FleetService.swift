import CloudFormation
import Crypto
import Foundation
import LocalHTTP

/// The fleet, run locally: for each deployed Auto Scaling group asked for, local "instances"
/// that run what the group's launch template installs — the service's package from S3 with its
/// pinned requirements (the host's build of them) and its `service.env` — under the role of the
/// group's instance profile, obtained as an instance obtains it: from an instance metadata
/// service (IMDSv2, served by the runtime at `/_facestack/imds/<instance>`), and only when the
/// role trusts `ec2.amazonaws.com`. Every AWS call goes through the IAM gateway.
///
/// Each instance runs the queue worker (`worker.py`); the group's first instance also runs the
/// recognition service (`app.py`, the load balancer's target) on a port of its own. The count
/// stays fixed while the local cloud runs: an instance's process that exits (a crash, SIGKILL,
/// a drained SIGTERM) is started again, as the group replaces an unhealthy instance.
actor FleetService {
  struct Settings: Sendable {
    /// The host Python.
    var python: String
    /// The runtime's port (the instance metadata service).
    var runtimePort: Int
    /// The gateway.
    var endpoint: LocalEndpoint
    /// `.facestack/local/fleet`.
    var folder: URL
  }

  /// One program of an instance, as it is launched.
  struct Launch: Sendable {
    var group: String
    var instance: String
    var program: String
    var port: Int?
  }

  let settings: Settings
  let emulator: EmulatorAPI
  let code: CodeCache
  let roles: RoleCredentials
  let events: RuntimeEvents

  private var groups: [String: GroupRun] = [:]
  private var sessions: [String: RoleCredentials.Session] = [:]

  init(
    settings: Settings, emulator: EmulatorAPI, code: CodeCache, roles: RoleCredentials,
    events: RuntimeEvents
  ) {
    self.settings = settings
    self.emulator = emulator
    self.code = code
    self.roles = roles
    self.events = events
  }

  // MARK: - Groups

  /// Runs `count` instances of each group (0 stops a group), reading what each group deploys
  /// now; a group whose launch template changed is replaced. Returns each group's status line.
  func sync(_ wanted: [String: Int]) async -> [String: String] {
    var result: [String: String] = [:]
    for (name, count) in wanted.sorted(by: { $0.key < $1.key }) {
      do {
        if count <= 0 {
          await stop(group: name)
          result[name] = "stopped"
          continue
        }
        let deployed = try await describe(group: name)
        if let running = groups[name], running.deployed == deployed,
          running.instances.count == count
        {
          result[name] = "running \(count) (unchanged)"
          continue
        }
        await stop(group: name)
        try await start(group: name, deployed: deployed, count: count)
        result[name] = "running \(count)"
      } catch {
        await events.record(.warning("the fleet \(name) does not run locally: \(error)"))
        result[name] = "not running: \(error)"
      }
    }
    return result
  }

  /// Every process of every group.
  func status() -> [FleetProcessStatus] {
    groups.values.sorted { $0.name < $1.name }.flatMap { group in
      group.instances.flatMap { instance in
        instance.processes.map { process in
          FleetProcessStatus(
            group: group.name, instance: instance.id, program: process.program,
            pid: process.handle.processIdentifier, running: process.handle.isRunning,
            restarts: process.restarts, port: process.port, role: group.deployed.role,
            log: process.log.path)
        }
      }
    }
  }

  /// Ends every process: SIGTERM, then SIGKILL after `grace` seconds.
  func shutdown(grace: TimeInterval = 30) async {
    for name in groups.keys { await stop(group: name, grace: grace) }
  }

  private func stop(group name: String, grace: TimeInterval = 30) async {
    guard let group = groups.removeValue(forKey: name) else { return }
    let handles = group.instances.flatMap { $0.processes.map(\.handle) }
    for handle in handles where handle.isRunning { kill(handle.processIdentifier, SIGTERM) }
    let deadline = Date().addingTimeInterval(grace)
    while handles.contains(where: \.isRunning), Date() < deadline {
      try? await Task.sleep(nanoseconds: 100_000_000)
    }
    for handle in handles where handle.isRunning { kill(handle.processIdentifier, SIGKILL) }
    for instance in group.instances { sessions[instance.id] = nil }
  }

  // MARK: - What a group deploys

  /// The group's launch template (the version the group names), decoded user data and role.
  private func describe(group name: String) async throws -> DeployedGroup {
    let groups = try await emulator.query(
      "autoscaling", action: "DescribeAutoScalingGroups", version: "2011-01-01",
      parameters: [("AutoScalingGroupNames.member.1", name)])
    guard let group = groups.first(named: "member"),
      let template = group.first(named: "LaunchTemplate"),
      let templateID = template.string("LaunchTemplateId")
    else {
      throw FleetError.notDeployed("no Auto Scaling group \(name) with a launch template")
    }
    var version = template.string("Version") ?? "$Default"
    if version.isEmpty { version = "$Default" }
    let versions = try await emulator.query(
      "ec2", action: "DescribeLaunchTemplateVersions", version: "2016-11-15",
      parameters: [("LaunchTemplateId", templateID), ("LaunchTemplateVersion.1", version)])
    guard let data = versions.first(named: "launchTemplateData"),
      let encoded = data.string("userData"), let decoded = Data(base64Encoded: encoded)
    else {
      throw FleetError.notDeployed("the launch template \(templateID) has no user data")
    }
    guard let profile = data.first(named: "iamInstanceProfile")?.string("arn"),
      let profileName = profile.split(separator: "/").last
    else {
      throw FleetError.notDeployed("the launch template \(templateID) has no instance profile")
    }
    let profiles = try await emulator.query(
      "iam", action: "GetInstanceProfile", version: "2010-05-08",
      parameters: [("InstanceProfileName", String(profileName))])
    guard let role = profiles.first(named: "Roles")?.first(named: "member")?.string("Arn") else {
      throw FleetError.notDeployed("the instance profile \(profileName) has no role")
    }
    return DeployedGroup(
      install: try ServiceInstall.parse(userData: String(decoding: decoded, as: UTF8.self)),
      role: role, launchTemplate: "\(templateID):\(version)")
  }

  // MARK: - Instances

  private func start(group name: String, deployed: DeployedGroup, count: Int) async throws {
    let install = deployed.install
    let package = install.package
    let hash =
      URL(fileURLWithPath: package.key).deletingPathExtension().lastPathComponent.count == 64
      ? URL(fileURLWithPath: package.key).deletingPathExtension().lastPathComponent : nil
    let emulator = self.emulator
    let bytes: @Sendable () async throws -> [UInt8] = {
      let response = try await emulator.send(
        service: "s3", method: "GET", path: "/\(package.bucket)/\(package.key)", query: [],
        headers: [], body: [])
      guard response.status == 200 else {
        throw FleetError.notDeployed(
          "s3://\(package.bucket)/\(package.key) answered \(response.status)")
      }
      return response.body
    }
    // Asset keys are the package's SHA-256: checked as Lambda checks CodeSha256.
    let expected: String
    if let hash {
      expected = hash
    } else {
      expected = Self.sha256(try await bytes())
    }
    let codeFolder = try await code.unpacked(
      hash: expected, of: "the service of \(name)", load: bytes)
    let requirements = settings.folder.appendingPathComponent("requirements-\(name).txt")
    try FileManager.default.createDirectory(at: settings.folder, withIntermediateDirectories: true)
    try Data(install.requirements.utf8).write(to: requirements)
    let dependencies = try await code.install(requirements: requirements, into: "fleet")
    var run = GroupRun(name: name, deployed: deployed, instances: [])
    for index in 0..<count {
      let id = "i-" + String(UUID().uuidString.lowercased().filter(\.isHexDigit).prefix(17))
      var instance = Instance(id: id, processes: [])
      var programs = ["worker.py"]
      if index == 0 { programs.append("app.py") }
      for program in programs {
        let port = program == "app.py" ? try Self.freePort() : nil
        instance.processes.append(
          try launch(
            Launch(group: name, instance: id, program: program, port: port), deployed: deployed,
            code: codeFolder, dependencies: dependencies, restarts: 0))
      }
      run.instances.append(instance)
      await events.record(
        .fleetInstanceStarted(group: name, instance: id, programs: programs, role: deployed.role))
    }
    groups[name] = run
  }

  private func launch(
    _ process: Launch, deployed: DeployedGroup, code: URL, dependencies: URL, restarts: Int
  ) throws -> RunningProcess {
    var environment: [String: String] = [
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
      "LANG": "en_US.UTF-8", "TZ": ":UTC", "PYTHONUNBUFFERED": "1",
      "PYTHONDONTWRITEBYTECODE": "1",
    ]
    for (name, value) in deployed.install.environment { environment[name] = value }
    let home = settings.folder.appendingPathComponent("home/\(process.instance)")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    let local: [String: String] = [
      "HOME": home.path,
      "PYTHONPATH": [dependencies.path, code.path].joined(separator: ":"),
      // The instance's credentials come from its metadata service, as on EC2; every call goes
      // through the IAM gateway, over TLS.
      "AWS_EC2_METADATA_SERVICE_ENDPOINT":
        "http://127.0.0.1:\(settings.runtimePort)/_facestack/imds/\(process.instance)",
      "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
      "AWS_ENDPOINT_URL": settings.endpoint.endpoint, "AWS_CA_BUNDLE": settings.endpoint.caBundle,
      "AWS_REGION": settings.endpoint.region, "AWS_DEFAULT_REGION": settings.endpoint.region,
    ]
    for (name, value) in local { environment[name] = value }
    for name in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"] {
      environment[name] = nil
    }
    if let port = process.port {
      environment["SERVICE_HOST"] = "127.0.0.1"
      environment["SERVICE_PORT"] = String(port)
    }
    let log = settings.folder.appendingPathComponent(
      "\(process.group)/\(process.instance)-\(process.program.replacingOccurrences(of: ".py", with: "")).log"
    )
    try FileManager.default.createDirectory(
      at: log.deletingLastPathComponent(), withIntermediateDirectories: true)
    if !FileManager.default.fileExists(atPath: log.path) {
      FileManager.default.createFile(atPath: log.path, contents: nil)
    }
    let output = try FileHandle(forWritingTo: log)
    output.seekToEndOfFile()
    let handle = Foundation.Process()
    handle.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    handle.arguments = [settings.python, "-s", code.appendingPathComponent(process.program).path]
    handle.currentDirectoryURL = code
    handle.environment = environment
    handle.standardInput = FileHandle.nullDevice
    handle.standardOutput = output
    handle.standardError = output
    handle.terminationHandler = { [weak self] ended in
      try? output.close()
      guard let self else { return }
      Task {
        await self.exited(
          process, status: ended.terminationStatus, code: code, dependencies: dependencies)
      }
    }
    do {
      try ChildSignals.withEmptyMask { try handle.run() }
    } catch {
      throw FleetError.notDeployed("cannot start \(process.program): \(error)")
    }
    return RunningProcess(
      program: process.program, port: process.port, handle: handle, log: log, restarts: restarts)
  }

  /// A process ended: started again (after a second) while its group runs it.
  private func exited(_ process: Launch, status: Int32, code: URL, dependencies: URL) async {
    guard let group = groups[process.group],
      let instanceIndex = group.instances.firstIndex(where: { $0.id == process.instance }),
      let processIndex = group.instances[instanceIndex].processes.firstIndex(where: {
        $0.program == process.program
      }),
      !group.instances[instanceIndex].processes[processIndex].handle.isRunning
    else { return }
    let restarts = group.instances[instanceIndex].processes[processIndex].restarts + 1
    await events.record(
      .fleetProcessExited(
        group: process.group, instance: process.instance, program: process.program,
        status: status))
    // As systemd's Restart=on-failure, with a growing pause for a process that keeps failing.
    let pause = min(30, 1 << min(restarts - 1, 5))
    try? await Task.sleep(nanoseconds: UInt64(pause) * 1_000_000_000)
    guard var current = groups[process.group], current.deployed == group.deployed,
      current.instances.indices.contains(instanceIndex),
      current.instances[instanceIndex].id == process.instance
    else { return }
    do {
      current.instances[instanceIndex].processes[processIndex] = try launch(
        process, deployed: current.deployed, code: code, dependencies: dependencies,
        restarts: restarts)
      groups[process.group] = current
    } catch {
      await events.record(.warning("fleet \(process.group): \(error)"))
    }
  }

  // MARK: - Instance metadata

  /// The role credentials of `instance` (refreshed five minutes before they expire).
  func credentials(instance: String) async throws -> (
    role: String, session: RoleCredentials.Session
  ) {
    guard
      let group = groups.values.first(where: { $0.instances.contains { $0.id == instance } })
    else { throw FleetError.notDeployed("no local instance \(instance)") }
    let role = group.deployed.role
    if let session = sessions[instance], session.expiration > Date().addingTimeInterval(300) {
      return (role, session)
    }
    let session = try await roles.session(
      role: role, service: "ec2.amazonaws.com", sessionName: instance)
    sessions[instance] = session
    return (role, session)
  }

  /// Whether `instance` is one of the running groups' (for the metadata service).
  func group(of instance: String) -> String? {
    groups.values.first { $0.instances.contains { $0.id == instance } }?.name
  }

  // MARK: - Helpers

  static func sha256(_ bytes: [UInt8]) -> String {
    Hex.string(SHA256.hash(data: bytes))
  }

  /// A free TCP port on 127.0.0.1.
  static func freePort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw FleetError.notDeployed("cannot open a socket") }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
      }
    }
    guard bound else { throw FleetError.notDeployed("cannot find a free port") }
    return Int(UInt16(bigEndian: address.sin_port))
  }
}

/// What a group deploys: its install, its instances' role, its launch template version.
struct DeployedGroup: Sendable, Equatable {
  var install: ServiceInstall
  var role: String
  var launchTemplate: String
}

struct GroupRun: Sendable {
  var name: String
  var deployed: DeployedGroup
  var instances: [Instance]
}

struct Instance: Sendable {
  var id: String
  var processes: [RunningProcess]
}

struct RunningProcess: @unchecked Sendable {
  var program: String
  var port: Int?
  var handle: Foundation.Process
  var log: URL
  var restarts: Int
}

/// One process of the local fleet (`GET /_facestack/fleet`, `local status`).
public struct FleetProcessStatus: Sendable, Codable, Equatable {
  public var group: String
  public var instance: String
  /// `worker.py` or `app.py`.
  public var program: String
  public var pid: Int32
  public var running: Bool
  /// How many times it was started again.
  public var restarts: Int
  /// The recognition service's port (app.py).
  public var port: Int?
  /// The instance profile's role.
  public var role: String
  /// Its output.
  public var log: String
}
