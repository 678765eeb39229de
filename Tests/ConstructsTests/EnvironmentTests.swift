import Testing

@testable import Constructs
@testable import ResourceTypes

@Test func theCommittedEnvironmentsLoad() throws {
  let environments = try EnvironmentLoader.loadAll(
    folder: repositoryRoot.appendingPathComponent("stacks/environments").path)
  #expect(environments.map(\.name) == ["dev", "prod"])
  let prod = try #require(environments.last)
  #expect(prod.fleet.minSize == 2)
  #expect(prod.fleet.maxSize >= 20)
  #expect(prod.protectData)
  // Only prod pays for (and is protected by) a customer-managed key.
  #expect(environments.map(\.customerManagedKey) == [false, true])
  // Both paths run in dev (and so in the local cloud); prod's choice is argued in its file.
  #expect(environments.map(\.routing) == [.split, .split])
  let prodFile = try String(
    contentsOf: repositoryRoot.appendingPathComponent("stacks/environments/prod.yaml"),
    encoding: .utf8)
  #expect(prodFile.contains("# split: camera uploads under input/ stay on the Lambda path"))
  for environment in environments {
    let slowest =
      (environment.functions["detect"]?.timeout ?? 0)
      + (environment.functions["store"]?.timeout ?? 0)
    #expect(environment.queue.visibilityTimeout > slowest, "\(environment.name)")
  }
}

let validEnvironment = """
  account: "123456789012"
  region: us-east-1
  namePrefix: fs-dev
  tags: {Project: facestack}
  alarmEmail: a@example.com
  logRetentionDays: 14
  protectData: false
  recognition: {faceMatchThreshold: 90, maxFaces: 5}
  functions:
    detect: {memorySize: 1024, timeout: 60}
    store: {memorySize: 256, timeout: 30}
    enroll: {memorySize: 256, timeout: 30, reservedConcurrency: 2}
  fleet: {instanceType: t4g.small, minSize: 1, maxSize: 2, desiredCapacity: 1, targetCpuPercent: 60, backlogPerInstance: 50, workerConcurrency: 8}
  routing: split
  queue: {visibilityTimeout: 120, maxReceiveCount: 3}
  network: {mode: create, cidr: 10.0.0.0/16}
  alarms: {lambdaErrors: 1, lambdaThrottles: 1, stateMachineFailures: 1, fleetCpuPercent: 80, queueAgeSeconds: 600}
  processedRetentionDays: 30

  """

@Test func anExistingNetworkParses() throws {
  let text = validEnvironment.replacingOccurrences(
    of: "network: {mode: create, cidr: 10.0.0.0/16}",
    with:
      "network: {mode: existing, vpcId: vpc-0a1b2c3d, subnetIds: [subnet-0a1b2c3d, subnet-1a1b2c3d4e5f]}"
  )
  let environment = try EnvironmentLoader.parse(Array(text.utf8), file: "prod.yaml", name: "prod")
  #expect(
    environment.network
      == .existing(vpcId: "vpc-0a1b2c3d", subnetIds: ["subnet-0a1b2c3d", "subnet-1a1b2c3d4e5f"]))
}

@Test func aValidEnvironmentParses() throws {
  let environment = try EnvironmentLoader.parse(
    Array(validEnvironment.utf8), file: "dev.yaml", name: "dev")
  #expect(environment.functions["enroll"]?.reservedConcurrency == 2)
  #expect(environment.network == .create(cidr: "10.0.0.0/16"))
  #expect(environment.routing == .split)
  #expect(environment.queue == .init(visibilityTimeout: 120, maxReceiveCount: 3))
  #expect(environment.fleet.backlogPerInstance == 50)
  #expect(environment.fleet.workerConcurrency == 8)
  #expect(environment.alarms.queueAgeSeconds == 600)
}

@Test func routingSendsEachPrefixToOnePath() throws {
  #expect(Environment.Routing.lambda.lambdaPrefix == "input/")
  #expect(Environment.Routing.lambda.fleetPrefix == nil)
  #expect(Environment.Routing.fleet.lambdaPrefix == nil)
  #expect(Environment.Routing.fleet.fleetPrefix == "input/")
  #expect(Environment.Routing.split.lambdaPrefix == "input/")
  #expect(Environment.Routing.split.fleetPrefix == "batch/")
  // A fleet that never consumes the queue may scale to zero.
  let idle = validEnvironment.replacingOccurrences(of: "routing: split", with: "routing: lambda")
    .replacingOccurrences(of: "minSize: 1, maxSize: 2", with: "minSize: 0, maxSize: 2")
  #expect(
    try EnvironmentLoader.parse(Array(idle.utf8), file: "dev.yaml", name: "dev").fleet.minSize == 0)
}

@Test(arguments: [
  (
    "maxSize: 2, desiredCapacity: 1", "maxSize: 0, desiredCapacity: 0",
    "prod.yaml:13: fleet.maxSize must be between 1 and 100, got 0"
  ),
  (
    "minSize: 1, maxSize: 2", "minSize: 0, maxSize: 2",
    "prod.yaml:13: fleet.minSize must be at least 1 when routing is split (the fleet consumes the work queue and cannot scale out from zero instances), got 0"
  ),
  (
    "workerConcurrency: 8", "workerConcurrency: 0",
    "prod.yaml:13: fleet.workerConcurrency must be between 1 and 256, got 0"
  ),
  (
    "backlogPerInstance: 50, ", "",
    "prod.yaml:13: missing key 'fleet.backlogPerInstance'"
  ),
  (
    "routing: split", "routing: both",
    "prod.yaml:14: routing must be lambda, fleet, split, got 'both'"
  ),
  (
    "visibilityTimeout: 120", "visibilityTimeout: 90",
    "prod.yaml:15: queue.visibilityTimeout must be longer than the slowest image (functions.detect.timeout + functions.store.timeout = 90 s), got 90"
  ),
  (
    "maxReceiveCount: 3", "maxReceiveCount: 0",
    "prod.yaml:15: queue.maxReceiveCount must be between 1 and 1000, got 0"
  ),
  (
    "maxReceiveCount: 3", "maxReceives: 3",
    "prod.yaml:15: unknown key 'queue.maxReceives'; expected one of visibilityTimeout, maxReceiveCount"
  ),
  (
    "queueAgeSeconds: 600", "queueAgeSeconds: 10",
    "prod.yaml:17: alarms.queueAgeSeconds must be between 60 and 1209600, got 10"
  ),
  (
    "network: {mode: create, cidr: 10.0.0.0/16}",
    "network: {mode: existing, vpcId: vpc-0a1b2c3d, subnetIds: [subnet-0a1b2c3d]}",
    "prod.yaml:16: network.subnetIds must list at least 2 subnets in different Availability Zones (the load balancer needs two)"
  ),
  (
    "region: us-east-1", "region: Frankfurt",
    "prod.yaml:2: region must be a region of an AWS partition (aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc) such as us-east-1, got 'Frankfurt'"
  ),
  (
    "region: us-east-1", "region: us-esat-1",
    "prod.yaml:2: region must be a region of the aws partition (AWS Standard), got 'us-esat-1'; did you mean us-east-1?"
  ),
  (
    "region: us-east-1", "region: cn-central-2",
    "prod.yaml:2: region must be a region of the aws-cn partition (AWS China), got 'cn-central-2'; its regions: cn-north-1, cn-northwest-1"
  ),
  (
    "logRetentionDays: 14", "logRetentionDays: 13",
    "prod.yaml:6: logRetentionDays must be one of CloudWatch's retention periods (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653), got 13"
  ),
  (
    "protectData: false", "protectData: maybe",
    "prod.yaml:7: protectData must be true or false, got 'maybe'"
  ),
  (
    "protectData: false", "protectData: false\ncustomerManagedKey: yes please",
    "prod.yaml:8: customerManagedKey must be true or false, got 'yes please'"
  ),
  (
    "protectData: false", "protectData: false\ncolour: blue",
    "prod.yaml:8: unknown key 'colour'; expected one of account, region, namePrefix, tags, alarmEmail, logRetentionDays, protectData, recognition, functions, fleet, routing, queue, network, alarms, processedRetentionDays, local, customerManagedKey"
  ),
  (
    "  detect: {memorySize: 1024, timeout: 60}", "  detect: {memorySize: 1024, timout: 60}",
    "prod.yaml:10: unknown key 'functions.detect.timout'; expected one of memorySize, timeout, reservedConcurrency"
  ),
  ("account: \"123456789012\"\n", "", "prod.yaml:1: missing key 'account'"),
  (
    "network: {mode: create, cidr: 10.0.0.0/16}", "network: {mode: existing, vpcId: vpc-1}",
    "prod.yaml:16: network.mode existing needs vpcId and subnetIds"
  ),
  (
    "namePrefix: fs-dev", "namePrefix: FS_Dev",
    "prod.yaml:3: namePrefix must be 3 to 24 lowercase letters, digits and dashes, starting with a letter, got 'FS_Dev'"
  ),
  (
    "account: \"123456789012\"", "account: \"12345678901\"",
    "prod.yaml:1: account must be a 12-digit account id, got '12345678901'"
  ),
  (
    "account: \"123456789012\"", "account: \"123456789012 \"",
    "prod.yaml:1: account must be a 12-digit account id, got '123456789012 '"
  ),
  (
    "account: \"123456789012\"", "account: \"123456789012\\n\"",
    "prod.yaml:1: account must be a 12-digit account id, got '123456789012\n'"
  ),
  (
    "alarmEmail: a@example.com", "alarmEmail: a@example",
    "prod.yaml:5: alarmEmail must be an email address, got 'a@example'"
  ),
  (
    "instanceType: t4g.small", "instanceType: t3.small",
    "prod.yaml:13: fleet.instanceType must be an arm64 (Graviton) instance type such as t4g.medium, got 't3.small'"
  ),
  (
    "cidr: 10.0.0.0/16", "cidr: 10.0.0.0/8",
    "prod.yaml:16: network.cidr must be an IPv4 CIDR block from /16 to /24, got '10.0.0.0/8'"
  ),
  (
    "network: {mode: create, cidr: 10.0.0.0/16}",
    "network: {mode: existing, vpcId: vpc-0A1B2C3D, subnetIds: [subnet-0a1b2c3d, subnet-1a1b2c3d]}",
    "prod.yaml:16: network.vpcId must be a VPC id such as vpc-0a1b2c3d, got 'vpc-0A1B2C3D'"
  ),
  (
    "network: {mode: create, cidr: 10.0.0.0/16}",
    "network: {mode: existing, vpcId: vpc-0a1b2c3d, subnetIds: [subnet-0a1b2c3d, subnet-1]}",
    "prod.yaml:16: network.subnetIds must be a subnet id such as subnet-0a1b2c3d, got 'subnet-1'"
  ),
  (
    "recognition: {faceMatchThreshold: 90, maxFaces: 5}",
    "recognition: {faceMatchThreshold: 101, maxFaces: 5}",
    "prod.yaml:8: recognition.faceMatchThreshold must be between 0 and 100, got 101"
  ),
])
func invalidEnvironmentsAreRejectedWithFileAndLine(
  original: String, replacement: String, message: String
) {
  let text = validEnvironment.replacingOccurrences(of: original, with: replacement)
  #expect(text != validEnvironment)
  #expect(throws: EnvironmentLoader.LoadError(description: message)) {
    try EnvironmentLoader.parse(Array(text.utf8), file: "prod.yaml", name: "prod")
  }
}

@Test func malformedYAMLIsOneLine() {
  #expect(
    throws: EnvironmentLoader.LoadError(
      description:
        "dev.yaml:3:1: invalid YAML: could not find expected ':' (while scanning a simple key)")
  ) {
    try EnvironmentLoader.parse(Array("account: 1\nregion\n".utf8), file: "dev.yaml", name: "dev")
  }
}

/// The environment fields' patterns, read by `SchemaPattern`, accept exactly what Swift's regex
/// `wholeMatch` accepted with the same pattern (the matcher they used before, issue 20), on
/// valid values, each with one character inserted, replaced or deleted, and odd ones.
@Test func environmentPatternsMatchWholeValuesAsSwiftRegexDid() throws {
  let samples = [
    "123456789012", "fs-dev", "a@example.com", "t4g.medium", "10.0.0.0/16", "192.168.10.0/24",
    "vpc-0a1b2c3d", "subnet-0a1b2c3d4e5f60718", "m7gd.2xlarge", "", "a", "-", "@", " ",
  ]
  let alphabet: [Character] = ["0", "9", "a", "g", "z", "A", "-", ".", "/", "@", " ", "\n", "é"]
  var texts = Set(samples)
  for sample in samples {
    let characters = Array(sample)
    for index in 0...characters.count {
      for extra in alphabet {
        var inserted = characters
        inserted.insert(extra, at: index)
        texts.insert(String(inserted))
        if index < characters.count {
          var replaced = characters
          replaced[index] = extra
          texts.insert(String(replaced))
        }
      }
      if index < characters.count {
        var deleted = characters
        deleted.remove(at: index)
        texts.insert(String(deleted))
      }
    }
  }
  for pattern in EnvironmentPatterns.all {
    let ours = try #require(SchemaPattern(wholeText: pattern))
    let swift = try Regex(pattern)
    var accepted = 0
    for text in texts {
      let expected = (try? swift.wholeMatch(in: text)) != nil
      #expect(ours.matches(in: text) == expected, "\(pattern) on \(text.debugDescription)")
      if expected { accepted += 1 }
    }
    #expect(accepted > 0, "\(pattern) accepts none of the samples")
  }
}

@Test func theUnderscoredPrefixReplacesEveryDash() throws {
  let environment = try EnvironmentLoader.parse(
    Array(validEnvironment.utf8), file: "prod.yaml", name: "prod")
  #expect(environment.namePrefix == "fs-dev")
  #expect(environment.underscoredNamePrefix == "fs_dev")
  var other = environment
  other.namePrefix = "a-b-c1-"
  #expect(other.underscoredNamePrefix == "a_b_c1_")
}
