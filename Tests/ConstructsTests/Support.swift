import CloudFormation
import Foundation
import IAM
import ResourceTypes

@testable import Constructs

/// A small environment for construct tests, built with the public initializer.
func testEnvironment(
  name: String = "test", protectData: Bool = false,
  network: Environment.Network = .create(cidr: "10.9.0.0/16"),
  fleet: Environment.Fleet = .init(
    instanceType: "t4g.small", minSize: 1, maxSize: 4, desiredCapacity: 2, targetCpuPercent: 60,
    backlogPerInstance: 100, workerConcurrency: 6),
  routing: Environment.Routing = .split
) -> Environment {
  Environment(
    name: name, account: "123456789012", region: "eu-west-1", namePrefix: "facestack-\(name)",
    tags: ["Project": "facestack"], alarmEmail: "alarms@example.com", logRetentionDays: 7,
    protectData: protectData, recognition: .init(faceMatchThreshold: 90, maxFaces: 5),
    functions: [
      "detect": .init(memorySize: 1024, timeout: 60, reservedConcurrency: 5),
      "store": .init(memorySize: 256, timeout: 30, reservedConcurrency: nil),
      "enroll": .init(memorySize: 256, timeout: 30, reservedConcurrency: 1),
    ],
    fleet: fleet, routing: routing, queue: .init(visibilityTimeout: 150, maxReceiveCount: 4),
    network: network,
    alarms: .init(
      lambdaErrors: 3, lambdaThrottles: 2, stateMachineFailures: 1, fleetCpuPercent: 80,
      queueAgeSeconds: 900),
    processedRetentionDays: 0)
}

/// A stack for `environment`.
func testStack(_ environment: Environment = testEnvironment()) -> Stack {
  Stack(name: "Test", environment: environment)
}

/// Packages nothing: every asset gets a fixed hash.
struct FakePackager: AssetPackaging {
  func package(_ asset: Asset) throws -> PackagedAsset {
    PackagedAsset(name: asset.name, sha256: String(repeating: "ab", count: 32), size: 1)
  }
}

/// The lowered properties of `resource`.
func properties(_ resource: CfnResource) -> OrderedMap<Value> { resource.lowered().properties }

/// The repository's root, from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A `Fn::Sub`'s template string, or `nil`.
func subText(_ value: Value?) -> String? {
  guard case .intrinsic(.sub(let text, _))? = value else { return nil }
  return text
}

/// The statements of a role's inline policy in the lowered template, as compact JSON strings.
func statements(of role: String, in template: Template) -> [String] {
  let policies = template.resources[role]?.properties["Policies"]?.listValue ?? []
  return policies.flatMap { $0["PolicyDocument"]?["Statement"]?.listValue ?? [] }.map {
    TemplateWriter.compactJSON($0)
  }
}

/// Resource facts by type name.
enum ResourceFactsLookup {
  static func facts(_ type: String) -> ResourceFacts? { ResourceFacts.for(type: type) }
}
