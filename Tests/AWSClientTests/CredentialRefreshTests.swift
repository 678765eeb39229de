import Foundation
import Testing

@testable import AWSClient

/// Temporary credentials during a long operation: refreshed before they expire, one refresh at
/// a time however many requests are in flight, as botocore's advisory (15 min) and mandatory
/// (10 min) windows say.
@Suite struct CredentialRefreshTests {
  /// An hour and forty minutes of signed calls, 16 at a time every ten minutes, on instance
  /// profile credentials that live 55.5 minutes: the stand-in IMDS hands out a new key each time
  /// it is asked, and its STS names the key each call was signed with.
  @Test func aLongOperationRefreshesOncePerWindow() async throws {
    let server = try await StandInServer.start([
      "imds": ["role": "fleet-role", "prefix": "ASIAIMDS", "lifetime": 3330]
    ])
    defer { server.stop() }
    let clock = TestClock(Date())
    let logged = LogLines()
    let aws = try AWSClient.live(
      isolatedOptions(
        [
          "HOME": "/nonexistent/home", "AWS_REGION": "eu-west-1",
          "AWS_EC2_METADATA_SERVICE_ENDPOINT": server.endpoint.absoluteString,
          "AWS_ENDPOINT_URL_STS": server.endpoint.absoluteString,
        ], now: { clock.now }, log: { line in Task { await logged.append(line) } }))
    var keysByStep: [[String]] = []
    for step in 0...10 {
      let keys = try await withThrowingTaskGroup(of: String.self) { group in
        for _ in 0..<16 {
          group.addTask {
            try await aws.sts.getCallerIdentity().arn.components(separatedBy: "/").last ?? ""
          }
        }
        return try await group.reduce(into: [String]()) { $0.append($1) }
      }
      keysByStep.append(Array(Set(keys)).sorted())
      if step < 10 {
        clock.now = clock.now.addingTimeInterval(600)
        try await server.advanceClock(600)
      }
    }
    // Each step signed with one key only. The first key (expiring at 55.5 min) is kept at 40
    // (15.5 minutes left) and replaced at 50 (5.5 left: every caller waits for the one refresh);
    // the second (expiring at 105.5) at 100.
    #expect(keysByStep.allSatisfy { $0.count == 1 })
    #expect(
      keysByStep.map { $0.first ?? "" }
        == Array(repeating: "ASIAIMDS0001", count: 5) + Array(repeating: "ASIAIMDS0002", count: 5)
        + ["ASIAIMDS0003"])
    let fetches = try await server.requests().filter {
      $0.path == "/latest/meta-data/iam/security-credentials/fleet-role"
    }
    #expect(fetches.count == 3)
    let lines = await logged.lines
    #expect(lines.filter { $0.contains("GetCallerIdentity -> 200") }.count == 16 * 11)
  }

  @Test func concurrentCallersShareOneRefresh() async throws {
    let resolutions = Counter()
    let clock = TestClock(fixedDate)
    let provider = CredentialsProvider(now: { clock.now }) {
      let count = await resolutions.next()
      try await Task.sleep(nanoseconds: 50_000_000)
      return AWSCredentials(
        accessKeyID: "ASIA\(count)", secretAccessKey: "s", sessionToken: "t",
        expiration: clock.now.addingTimeInterval(3600))
    }
    #expect(try await provider.credentials().accessKeyID == "ASIA1")
    clock.now = clock.now.addingTimeInterval(3600 - 300)  // five minutes left: mandatory
    let keys = try await withThrowingTaskGroup(of: String.self) { group in
      for _ in 0..<50 { group.addTask { try await provider.credentials().accessKeyID } }
      return try await group.reduce(into: Set<String>()) { $0.insert($1) }
    }
    #expect(keys == ["ASIA2"])
    #expect(await resolutions.value == 2)
    #expect(await provider.resolutionCount == 2)
  }

  @Test func aFailedRefreshIsToleratedOnlyInTheAdvisoryWindow() async throws {
    let clock = TestClock(fixedDate)
    let failing = FailSwitch()
    let logged = LogLines()
    let provider = CredentialsProvider(
      now: { clock.now }, log: { line in Task { await logged.append(line) } }
    ) {
      if await failing.isOn { throw AWSClientError.transport("sts is unreachable") }
      return AWSCredentials(
        accessKeyID: "ASIAFIRST", secretAccessKey: "s", sessionToken: "t",
        expiration: fixedDate.addingTimeInterval(3600), source: "assumed role x")
    }
    _ = try await provider.credentials()
    await failing.set(true)
    clock.now = fixedDate.addingTimeInterval(3600 - 12 * 60)  // 12 minutes left: advisory
    #expect(try await provider.credentials().accessKeyID == "ASIAFIRST")
    // Not tried again within a minute.
    #expect(try await provider.credentials().accessKeyID == "ASIAFIRST")
    #expect(await provider.resolutionCount == 2)
    try await Task.sleep(nanoseconds: 50_000_000)
    #expect(
      await logged.lines == [
        "refreshing the credentials from assumed role x failed (sts is unreachable); the current "
          + "ones stay in use until 120s before they expire"
      ])
    clock.now = fixedDate.addingTimeInterval(3600 - 9 * 60)  // 9 minutes left: mandatory
    await #expect(throws: AWSClientError.transport("sts is unreachable")) {
      try await provider.credentials()
    }
  }

  @Test func credentialsThatArriveExpiredAreAnError() async throws {
    let provider = CredentialsProvider(now: { fixedDate }) {
      AWSCredentials(
        accessKeyID: "ASIAOLD", secretAccessKey: "s", expiration: fixedDate.addingTimeInterval(-1),
        source: "environment")
    }
    await #expect(
      throws: AWSClientError.credentialSource(
        "the credentials from environment are already expired (expiration 2026-11-29T04:59:59Z)")
    ) {
      try await provider.credentials()
    }
  }
}

actor FailSwitch {
  private(set) var isOn = false
  func set(_ value: Bool) { isOn = value }
}
