import AWSClient
import Foundation
import Testing

@testable import Deploy

/// The account guard runs whenever CloudFormation is AWS's own endpoint, whatever other
/// endpoint variables say, and only then.
@Suite struct AccountCheckTests {
  /// A live client for `variables` (no network: only its endpoint matters), whose
  /// `GetCallerIdentity` answers `account` and counts its calls.
  func deployer(
    _ variables: [String: String], endpointURL: URL? = nil, account: String, calls: CallCounter
  ) throws -> Deployer {
    var aws = try AWSClient.live(
      AWSClientOptions(
        region: "eu-west-1", endpointURL: endpointURL,
        environment: AWSEnvironment(
          variables.merging([
            "HOME": "/nonexistent", "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "s",
          ]) { $1 }),
        fileSystem: .inMemory([:]), transport: .stub { _ in HTTPResponse(statusCode: 500) }))
    aws.sts.getCallerIdentity = {
      await calls.increment()
      return CallerIdentity(
        account: account, arn: "arn:aws:iam::\(account):user/deployer", userID: "AIDA")
    }
    return Deployer(aws: aws, policy: .never, reporter: .silent) { _ in true }
  }

  @Test func anEndpointVariableForAnotherServiceDoesNotTurnTheGuardOff() async throws {
    for variables in [
      [:], ["AWS_ENDPOINT_URL_S3": "http://127.0.0.1:9000"],
      ["AWS_ENDPOINT_URL_STS": "https://sts-fips.eu-west-1.amazonaws.com"],
      [
        "AWS_ENDPOINT_URL_CLOUDFORMATION":
          "https://vpce-0a1b2c3d-x1y2.cloudformation.eu-west-1.vpce.amazonaws.com"
      ],
      ["AWS_ENDPOINT_URL": "http://127.0.0.1:5000", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"],
    ] {
      let calls = CallCounter()
      let wrong = try deployer(variables, account: "999999999999", calls: calls)
      #expect(wrong.deploysToAWS, "\(variables)")
      await #expect(throws: DeployError.self, "\(variables)") {
        try await wrong.checkAccount(expected: "111111111111", environment: "prod")
      }
      let right = try deployer(variables, account: "111111111111", calls: calls)
      let result = try await right.accountCheck(expected: "111111111111", environment: "prod")
      #expect(
        result
          == .matched(
            CallerIdentity(
              account: "111111111111", arn: "arn:aws:iam::111111111111:user/deployer",
              userID: "AIDA")))
      #expect(await calls.count == 2)
    }
  }

  @Test func theEmulatorOrAnotherCloudFormationEndpointIsSkipped() async throws {
    let local = URL(string: "http://127.0.0.1:5000")
    for (variables, override) in [
      (["AWS_ENDPOINT_URL": "http://127.0.0.1:5000"], nil),
      (["AWS_ENDPOINT_URL_CLOUDFORMATION": "http://localhost:4566"], nil),
      ([:], local),
    ] as [([String: String], URL?)] {
      let calls = CallCounter()
      let deployer = try deployer(
        variables, endpointURL: override, account: "999999999999", calls: calls)
      #expect(!deployer.deploysToAWS)
      let result = try await deployer.accountCheck(expected: "111111111111", environment: "dev")
      guard case .skipped(let endpoint) = result else {
        Issue.record("expected a skip, got \(result)")
        continue
      }
      #expect(endpoint.host == "127.0.0.1" || endpoint.host == "localhost")
      #expect(await calls.count == 0)
    }
  }

  @Test func anUnknownEndpointIsChecked() async throws {
    var aws = AWSClient.unimplemented
    aws.sts.getCallerIdentity = {
      CallerIdentity(account: "999999999999", arn: "arn:aws:iam::999999999999:user/x", userID: "x")
    }
    let deployer = Deployer(aws: aws, policy: .never, reporter: .silent) { _ in true }
    #expect(deployer.deploysToAWS)
    await #expect(throws: DeployError.self) {
      try await deployer.checkAccount(expected: "111111111111", environment: "dev")
    }
  }
}

actor CallCounter {
  private(set) var count = 0
  func increment() { count += 1 }
}
