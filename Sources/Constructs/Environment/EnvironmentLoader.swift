import CloudFormation
import Foundation
import ResourceTypes

/// The forms of the environment files' string fields, each matched against the whole value.
enum EnvironmentPatterns {
  static let account = #"[0-9]{12}"#
  static let namePrefix = #"[a-z][a-z0-9-]{1,22}[a-z0-9]"#
  static let email = #"[^@ ]+@[^@ ]+\.[^@ ]+"#
  static let gravitonInstanceType = #"[a-z][a-z0-9]*g[a-z0-9]*\.[a-z0-9]+"#
  static let cidr = #"(?:[0-9]{1,3}\.){3}[0-9]{1,3}/(?:1[6-9]|2[0-4])"#
  static let vpcId = #"vpc-[0-9a-f]{8,17}"#
  static let subnetId = #"subnet-[0-9a-f]{8,17}"#

  /// Every pattern, for the tests.
  static let all = [account, namePrefix, email, gravitonInstanceType, cidr, vpcId, subnetId]
}

/// Reads and checks environment files (`stacks/environments/*.yaml`).
///
/// Unknown keys and invalid values are errors with the file and line:
/// `stacks/environments/prod.yaml:12: fleet.maxSize must be between 1 and 100, got 0`.
public enum EnvironmentLoader {
  /// An environment file that cannot be used.
  public struct LoadError: Error, CustomStringConvertible, Equatable {
    /// The one-line message with `file:line:`.
    public var description: String
  }

  /// Every `*.yaml` in `folder`, sorted by name.
  public static func loadAll(folder: String) throws -> [Environment] {
    let files: [String]
    do {
      files = try FileManager.default.contentsOfDirectory(atPath: folder)
        .filter { $0.hasSuffix(".yaml") }.sorted()
    } catch {
      throw LoadError(description: "\(folder): cannot list environment files")
    }
    guard !files.isEmpty else {
      throw LoadError(description: "\(folder): no environment files (*.yaml)")
    }
    return try files.map { try load(file: folder + "/" + $0) }
  }

  /// The environment in `file`; its name is the file's name.
  public static func load(file: String) throws -> Environment {
    guard let data = FileManager.default.contents(atPath: file) else {
      throw LoadError(description: "\(file): no such environment file")
    }
    let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
    return try parse(Array(data), file: file, name: name)
  }

  /// Parses an environment from YAML text.
  public static func parse(_ bytes: [UInt8], file: String, name: String) throws -> Environment {
    let root: DocumentNode
    do {
      root = try DocumentNode.read(bytes, file: file)
    } catch let error as TemplateError {
      throw LoadError(description: error.description)
    }
    var reader = FieldReader(file: file)
    return try reader.environment(root, name: name)
  }
}

/// Reads typed fields from a document, naming the file and line of each problem.
private struct FieldReader {
  let file: String

  func fail(_ node: DocumentNode?, _ message: String) -> EnvironmentLoader.LoadError {
    let line = node?.mark.map { ":\($0.line)" } ?? ""
    return EnvironmentLoader.LoadError(description: "\(file)\(line): \(message)")
  }

  /// The entries of a map, rejecting keys outside `allowed` and requiring `required`.
  func map(_ node: DocumentNode, _ path: String, allowed: [String], required: [String]) throws
    -> [String: DocumentNode]
  {
    guard let entries = node.entries else {
      throw fail(node, "\(path.isEmpty ? "the file" : path) must be a map")
    }
    var result: [String: DocumentNode] = [:]
    for entry in entries {
      guard allowed.contains(entry.key) else {
        let prefix = path.isEmpty ? "" : path + "."
        throw EnvironmentLoader.LoadError(
          description:
            "\(file):\(entry.keyMark?.line ?? 0): unknown key '\(prefix)\(entry.key)'; expected one of \(allowed.joined(separator: ", "))"
        )
      }
      result[entry.key] = entry.node
    }
    for key in required where result[key] == nil {
      throw fail(node, "missing key '\(path.isEmpty ? key : path + "." + key)'")
    }
    return result
  }

  /// A string; with `pattern`, one that matches it whole (`hint` says what that means). The
  /// pattern is read by ResourceTypes' `SchemaPattern`: compiling Foundation's ICU patterns, and
  /// then Swift's regex literals (compiled at run time too), each took a few percent of every
  /// synth (issue 20).
  func string(
    _ node: DocumentNode, _ path: String, pattern: String? = nil,
    hint: String = "of the expected form"
  ) throws -> String {
    guard case .string(let text) = node.value else {
      throw fail(node, "\(path) must be a string, got \(node.value.kindDescription)")
    }
    if let pattern {
      guard let compiled = SchemaPattern(wholeText: pattern) else {
        preconditionFailure("environment field pattern \(pattern) does not compile")
      }
      guard compiled.matches(in: text) else {
        throw fail(node, "\(path) must be \(hint), got '\(text)'")
      }
    }
    return text
  }

  func int(_ node: DocumentNode, _ path: String, in range: ClosedRange<Int>) throws -> Int {
    guard case .number(let number) = node.value, let value = number.intValue else {
      throw fail(
        node,
        "\(path) must be an integer, got \(node.scalarText.map { "'\($0)'" } ?? node.value.kindDescription)"
      )
    }
    guard range.contains(value) else {
      throw fail(
        node, "\(path) must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
    }
    return value
  }

  func bool(_ node: DocumentNode, _ path: String) throws -> Bool {
    guard case .bool(let value) = node.value else {
      throw fail(
        node,
        "\(path) must be true or false, got \(node.scalarText.map { "'\($0)'" } ?? node.value.kindDescription)"
      )
    }
    return value
  }

  mutating func environment(_ root: DocumentNode, name: String) throws -> Environment {
    let keys = [
      "account", "region", "namePrefix", "tags", "alarmEmail", "logRetentionDays", "protectData",
      "recognition", "functions", "fleet", "routing", "queue", "network", "alarms",
      "processedRetentionDays",
    ]
    let fields = try map(
      root, "", allowed: keys + ["local", "customerManagedKey"], required: keys)
    func field(_ key: String) -> DocumentNode { fields[key] ?? root }
    let retentionValues = [
      1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
      3288, 3653,
    ]
    let retention = try int(field("logRetentionDays"), "logRetentionDays", in: 1...3653)
    guard retentionValues.contains(retention) else {
      throw fail(
        field("logRetentionDays"),
        "logRetentionDays must be one of CloudWatch's retention periods (\(retentionValues.map(String.init).joined(separator: ", "))), got \(retention)"
      )
    }
    let sizes = try functions(field("functions"))
    let routes = try routing(field("routing"))
    let fleetSettings = try fleet(field("fleet"), routing: routes)
    var environment = Environment(
      name: name,
      account: try string(
        field("account"), "account", pattern: EnvironmentPatterns.account,
        hint: "a 12-digit account id"),
      region: try region(field("region")),
      namePrefix: try string(
        field("namePrefix"), "namePrefix", pattern: EnvironmentPatterns.namePrefix,
        hint: "3 to 24 lowercase letters, digits and dashes, starting with a letter"),
      tags: try tags(field("tags")),
      alarmEmail: try string(
        field("alarmEmail"), "alarmEmail", pattern: EnvironmentPatterns.email,
        hint: "an email address"),
      logRetentionDays: retention,
      protectData: try bool(field("protectData"), "protectData"),
      recognition: try recognition(field("recognition")),
      functions: sizes,
      fleet: fleetSettings,
      routing: routes,
      queue: try queue(field("queue"), functions: sizes),
      network: try network(field("network")),
      alarms: try alarms(field("alarms")),
      processedRetentionDays: try int(
        field("processedRetentionDays"), "processedRetentionDays", in: 0...36_500))
    if let local = fields["local"] { environment.local = try self.local(local) }
    if let key = fields["customerManagedKey"] {
      environment.customerManagedKey = try bool(key, "customerManagedKey")
    }
    return environment
  }

  func local(_ node: DocumentNode) throws -> Environment.Local {
    let fields = try map(node, "local", allowed: ["workers"], required: [])
    return Environment.Local(
      workers: try fields["workers"].map { try int($0, "local.workers", in: 0...16) } ?? 1)
  }

  /// A region of its partition, as botocore's endpoints data lists them (`AWSPartition`).
  func region(_ node: DocumentNode) throws -> String {
    let region = try string(node, "region")
    if let problem = AWSPartition.check(region: region) { throw fail(node, "region " + problem) }
    return region
  }

  func tags(_ node: DocumentNode) throws -> [String: String] {
    guard let entries = node.entries else { throw fail(node, "tags must be a map of strings") }
    var tags: [String: String] = [:]
    for entry in entries {
      guard entry.key.count <= 128, !entry.key.hasPrefix("aws:") else {
        throw fail(
          entry.node,
          "tag key '\(entry.key)' must be at most 128 characters and not start with aws:")
      }
      tags[entry.key] = try string(entry.node, "tags.\(entry.key)")
    }
    return tags
  }

  func recognition(_ node: DocumentNode) throws -> Environment.Recognition {
    let keys = ["faceMatchThreshold", "maxFaces"]
    let fields = try map(node, "recognition", allowed: keys, required: keys)
    return Environment.Recognition(
      faceMatchThreshold: try int(
        fields["faceMatchThreshold"] ?? node, "recognition.faceMatchThreshold", in: 0...100),
      maxFaces: try int(fields["maxFaces"] ?? node, "recognition.maxFaces", in: 1...100))
  }

  func functions(_ node: DocumentNode) throws -> [String: Environment.FunctionSizing] {
    let names = ["detect", "store", "enroll"]
    let fields = try map(node, "functions", allowed: names, required: names)
    var result: [String: Environment.FunctionSizing] = [:]
    for name in names {
      let function = fields[name] ?? node
      let path = "functions.\(name)"
      let sizing = try map(
        function, path, allowed: ["memorySize", "timeout", "reservedConcurrency"],
        required: ["memorySize", "timeout"])
      result[name] = Environment.FunctionSizing(
        memorySize: try int(
          sizing["memorySize"] ?? function, "\(path).memorySize", in: 128...10_240),
        timeout: try int(sizing["timeout"] ?? function, "\(path).timeout", in: 1...900),
        reservedConcurrency: try sizing["reservedConcurrency"].map {
          try int($0, "\(path).reservedConcurrency", in: 1...1_000)
        })
    }
    return result
  }

  func fleet(_ node: DocumentNode, routing: Environment.Routing) throws -> Environment.Fleet {
    let keys = [
      "instanceType", "minSize", "maxSize", "desiredCapacity", "targetCpuPercent",
      "backlogPerInstance", "workerConcurrency",
    ]
    let fields = try map(node, "fleet", allowed: keys, required: keys)
    func field(_ key: String) -> DocumentNode { fields[key] ?? node }
    let fleet = Environment.Fleet(
      instanceType: try string(
        field("instanceType"), "fleet.instanceType",
        pattern: EnvironmentPatterns.gravitonInstanceType,
        hint: "an arm64 (Graviton) instance type such as t4g.medium"),
      minSize: try int(field("minSize"), "fleet.minSize", in: 0...100),
      maxSize: try int(field("maxSize"), "fleet.maxSize", in: 1...100),
      desiredCapacity: try int(field("desiredCapacity"), "fleet.desiredCapacity", in: 0...100),
      targetCpuPercent: try int(field("targetCpuPercent"), "fleet.targetCpuPercent", in: 10...95),
      backlogPerInstance: try int(
        field("backlogPerInstance"), "fleet.backlogPerInstance", in: 1...100_000),
      workerConcurrency: try int(
        field("workerConcurrency"), "fleet.workerConcurrency", in: 1...256))
    guard fleet.minSize <= fleet.maxSize else {
      throw fail(
        field("minSize"),
        "fleet.minSize (\(fleet.minSize)) must not exceed fleet.maxSize (\(fleet.maxSize))")
    }
    guard (fleet.minSize...fleet.maxSize).contains(fleet.desiredCapacity) else {
      throw fail(
        field("desiredCapacity"),
        "fleet.desiredCapacity must be between fleet.minSize (\(fleet.minSize)) and fleet.maxSize (\(fleet.maxSize)), got \(fleet.desiredCapacity)"
      )
    }
    // Backlog per instance divides by the instances in service: with none there is no data
    // point, and target tracking cannot scale out from zero.
    guard routing == .lambda || fleet.minSize >= 1 else {
      throw fail(
        field("minSize"),
        "fleet.minSize must be at least 1 when routing is \(routing.rawValue) (the fleet consumes the work queue and cannot scale out from zero instances), got \(fleet.minSize)"
      )
    }
    return fleet
  }

  func routing(_ node: DocumentNode) throws -> Environment.Routing {
    let text = try string(node, "routing")
    guard let routing = Environment.Routing(rawValue: text) else {
      throw fail(
        node,
        "routing must be \(Environment.Routing.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'"
      )
    }
    return routing
  }

  func queue(_ node: DocumentNode, functions: [String: Environment.FunctionSizing]) throws
    -> Environment.WorkQueue
  {
    let keys = ["visibilityTimeout", "maxReceiveCount"]
    let fields = try map(node, "queue", allowed: keys, required: keys)
    let timeoutNode = fields["visibilityTimeout"] ?? node
    let queue = Environment.WorkQueue(
      visibilityTimeout: try int(timeoutNode, "queue.visibilityTimeout", in: 30...43_200),
      maxReceiveCount: try int(
        fields["maxReceiveCount"] ?? node, "queue.maxReceiveCount", in: 1...1_000))
    // The fleet runs the Lambda path's code; detect's and store's timeouts bound one image.
    let slowest = (functions["detect"]?.timeout ?? 0) + (functions["store"]?.timeout ?? 0)
    guard queue.visibilityTimeout > slowest else {
      throw fail(
        timeoutNode,
        "queue.visibilityTimeout must be longer than the slowest image (functions.detect.timeout + functions.store.timeout = \(slowest) s), got \(queue.visibilityTimeout)"
      )
    }
    return queue
  }

  func network(_ node: DocumentNode) throws -> Environment.Network {
    let fields = try map(
      node, "network", allowed: ["mode", "cidr", "vpcId", "subnetIds"], required: ["mode"])
    let mode = try string(fields["mode"] ?? node, "network.mode")
    switch mode {
    case "create":
      guard fields["vpcId"] == nil, fields["subnetIds"] == nil else {
        throw fail(
          node, "network.mode create takes only cidr; vpcId and subnetIds belong to mode existing")
      }
      let cidrNode = fields["cidr"] ?? node
      guard fields["cidr"] != nil else { throw fail(node, "missing key 'network.cidr'") }
      let cidr = try string(
        cidrNode, "network.cidr", pattern: EnvironmentPatterns.cidr,
        hint: "an IPv4 CIDR block from /16 to /24")
      return .create(cidr: cidr)
    case "existing":
      guard fields["cidr"] == nil else {
        throw fail(node, "network.mode existing takes vpcId and subnetIds, not cidr")
      }
      guard let vpcNode = fields["vpcId"], let subnetsNode = fields["subnetIds"] else {
        throw fail(node, "network.mode existing needs vpcId and subnetIds")
      }
      let vpc = try string(
        vpcNode, "network.vpcId", pattern: EnvironmentPatterns.vpcId,
        hint: "a VPC id such as vpc-0a1b2c3d")
      guard let items = subnetsNode.items, items.count >= 2 else {
        throw fail(
          subnetsNode,
          "network.subnetIds must list at least 2 subnets in different Availability Zones (the load balancer needs two)"
        )
      }
      let subnets = try items.map {
        try string(
          $0, "network.subnetIds", pattern: EnvironmentPatterns.subnetId,
          hint: "a subnet id such as subnet-0a1b2c3d")
      }
      return .existing(vpcId: vpc, subnetIds: subnets)
    default:
      throw fail(fields["mode"], "network.mode must be create or existing, got '\(mode)'")
    }
  }

  func alarms(_ node: DocumentNode) throws -> Environment.Alarms {
    let keys = [
      "lambdaErrors", "lambdaThrottles", "stateMachineFailures", "fleetCpuPercent",
      "queueAgeSeconds",
    ]
    let fields = try map(node, "alarms", allowed: keys, required: keys)
    return Environment.Alarms(
      lambdaErrors: try int(fields["lambdaErrors"] ?? node, "alarms.lambdaErrors", in: 1...100_000),
      lambdaThrottles: try int(
        fields["lambdaThrottles"] ?? node, "alarms.lambdaThrottles", in: 1...100_000),
      stateMachineFailures: try int(
        fields["stateMachineFailures"] ?? node, "alarms.stateMachineFailures", in: 1...100_000),
      fleetCpuPercent: try int(
        fields["fleetCpuPercent"] ?? node, "alarms.fleetCpuPercent", in: 10...100),
      queueAgeSeconds: try int(
        fields["queueAgeSeconds"] ?? node, "alarms.queueAgeSeconds", in: 60...1_209_600))
  }
}
