import Testing

@testable import Constructs

@Test func theCommittedEnvironmentsLoad() throws {
  let environments = try EnvironmentLoader.loadAll(
    folder: repositoryRoot.appendingPathComponent("stacks/environments").path)
  #expect(environments.map(\.name) == ["dev", "prod"])
  let prod = try #require(environments.last)
  #expect(prod.fleet.maxSize >= 20)
  #expect(prod.protectData)
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
  fleet: {instanceType: t4g.small, minSize: 0, maxSize: 2, desiredCapacity: 1, targetCpuPercent: 60, executionsPerInstance: 100}
  network: {mode: create, cidr: 10.0.0.0/16}
  alarms: {lambdaErrors: 1, lambdaThrottles: 1, stateMachineFailures: 1, fleetCpuPercent: 80}
  processedRetentionDays: 30

  """

@Test func aValidEnvironmentParses() throws {
  let environment = try EnvironmentLoader.parse(
    Array(validEnvironment.utf8), file: "dev.yaml", name: "dev")
  #expect(environment.functions["enroll"]?.reservedConcurrency == 2)
  #expect(environment.network == .create(cidr: "10.0.0.0/16"))
}

@Test(arguments: [
  (
    "fleet: {instanceType: t4g.small, minSize: 0, maxSize: 2, desiredCapacity: 1, targetCpuPercent: 60, executionsPerInstance: 100}",
    "fleet: {instanceType: t4g.small, minSize: 0, maxSize: 0, desiredCapacity: 0, targetCpuPercent: 60, executionsPerInstance: 100}",
    "prod.yaml:13: fleet.maxSize must be between 1 and 100, got 0"
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
    "protectData: false", "protectData: false\ncolour: blue",
    "prod.yaml:8: unknown key 'colour'; expected one of account, region, namePrefix, tags, alarmEmail, logRetentionDays, protectData, recognition, functions, fleet, network, alarms, processedRetentionDays"
  ),
  (
    "  detect: {memorySize: 1024, timeout: 60}", "  detect: {memorySize: 1024, timout: 60}",
    "prod.yaml:10: unknown key 'functions.detect.timout'; expected one of memorySize, timeout, reservedConcurrency"
  ),
  ("account: \"123456789012\"\n", "", "prod.yaml:1: missing key 'account'"),
  (
    "network: {mode: create, cidr: 10.0.0.0/16}", "network: {mode: existing, vpcId: vpc-1}",
    "prod.yaml:14: network.mode existing needs vpcId and subnetIds"
  ),
  (
    "namePrefix: fs-dev", "namePrefix: FS_Dev",
    "prod.yaml:3: namePrefix must be 3 to 24 lowercase letters, digits and dashes, starting with a letter, got 'FS_Dev'"
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
