import CloudFormation
import Foundation

@testable import Constructs

/// A small environment for construct tests, built with the public initializer.
func testEnvironment(
  network: Environment.Network = .create(cidr: "10.9.0.0/16"),
  fleet: Environment.Fleet = .init(
    instanceType: "t4g.small", minSize: 1, maxSize: 4, desiredCapacity: 2, targetCpuPercent: 60,
    executionsPerInstance: 100)
) -> Environment {
  Environment(
    name: "test", account: "123456789012", region: "eu-west-1", namePrefix: "facestack-test",
    tags: ["Project": "facestack"], alarmEmail: "alarms@example.com", logRetentionDays: 7,
    protectData: false, recognition: .init(faceMatchThreshold: 90, maxFaces: 5),
    functions: [:], fleet: fleet, network: network,
    alarms: .init(
      lambdaErrors: 3, lambdaThrottles: 2, stateMachineFailures: 1, fleetCpuPercent: 80),
    processedRetentionDays: 0)
}

/// A stack for `environment`.
func testStack(_ environment: Environment = testEnvironment()) -> Stack {
  Stack(name: "Test", environment: environment)
}

/// Packages nothing: every asset gets a fixed hash made from its name.
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
