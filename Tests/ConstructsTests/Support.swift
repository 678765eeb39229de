import CloudFormation
import Foundation
import IAM
import ResourceTypes

@testable import Constructs

/// An environment for tests, small and fixed.
func testEnvironment(name: String = "test", protectData: Bool = false) -> Environment {
  Environment(
    name: name, account: "123456789012", region: "eu-west-1", namePrefix: "fs-\(name)",
    tags: ["Project": "facestack"], alarmEmail: "team@example.com", logRetentionDays: 30,
    protectData: protectData, recognition: .init(faceMatchThreshold: 90, maxFaces: 5),
    functions: [
      "detect": .init(memorySize: 1024, timeout: 60, reservedConcurrency: 5),
      "store": .init(memorySize: 256, timeout: 30, reservedConcurrency: nil),
      "enroll": .init(memorySize: 256, timeout: 30, reservedConcurrency: 1),
    ],
    fleet: .init(
      instanceType: "t4g.small", minSize: 0, maxSize: 2, desiredCapacity: 1, targetCpuPercent: 60,
      executionsPerInstance: 100),
    network: .create(cidr: "10.9.0.0/16"),
    alarms: .init(
      lambdaErrors: 1, lambdaThrottles: 1, stateMachineFailures: 1, fleetCpuPercent: 80),
    processedRetentionDays: 30)
}

/// Packages nothing: every asset is named by a hash of its name.
struct FakePackager: AssetPackaging {
  func package(_ asset: Asset) throws -> PackagedAsset {
    PackagedAsset(
      name: asset.name,
      sha256: String(repeating: "0", count: 56)
        + String(asset.name.prefix(8)).padding(toLength: 8, withPad: "0", startingAt: 0), size: 1)
  }
}

/// The repository's root, from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent()
  .deletingLastPathComponent()

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
