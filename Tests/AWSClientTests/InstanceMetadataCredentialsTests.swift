import Foundation
import Testing

@testable import AWSClient

/// IMDSv2 against a loopback stand-in that requires a session token, honours its lifetime and
/// answers 401 to a missing or expired one.
@Suite struct InstanceMetadataCredentialsTests {
  /// Options for the stand-in. Its answers may take longer than botocore's one-second timeout
  /// when the whole suite runs in parallel on two cores, so the tests that expect an answer
  /// allow ten; the one about that timeout sets it back to one.
  func options(_ server: StandInServer, _ extra: [String: String] = [:]) -> AWSClientOptions {
    isolatedOptions(
      [
        "HOME": "/nonexistent/home", "AWS_REGION": "eu-west-1",
        "AWS_EC2_METADATA_SERVICE_ENDPOINT": server.endpoint.absoluteString,
        "AWS_METADATA_SERVICE_TIMEOUT": "10",
      ].merging(extra) { $1 })
  }

  @Test func tokenFirstThenRoleThenCredentials() async throws {
    let server = try await StandInServer.start([
      "imds": ["role": "fleet-role", "prefix": "ASIAIMDS"]
    ])
    defer { server.stop() }
    let started = Date()
    let credentials = try await AWSConfiguration.resolve(options(server)).resolveCredentials()
    #expect(credentials.method == .instanceMetadata)
    #expect(credentials.accessKeyID == "ASIAIMDS0001")
    #expect(credentials.secretAccessKey == "secret-ASIAIMDS0001")
    #expect(credentials.sessionToken == "token-ASIAIMDS0001")
    #expect(credentials.source == "instance profile role fleet-role")
    let finished = Date()
    let expiration = try #require(credentials.expiration)
    // An hour after the fetch, to the second (the stand-in writes whole seconds).
    #expect(expiration >= started.addingTimeInterval(3600 - 1))
    #expect(expiration <= finished.addingTimeInterval(3600))
    let requests = try await server.requests()
    #expect(
      requests.map { "\($0.method) \($0.path)" } == [
        "PUT /latest/api/token", "GET /latest/meta-data/iam/security-credentials/",
        "GET /latest/meta-data/iam/security-credentials/fleet-role",
      ])
    #expect(requests[0].headers["x-aws-ec2-metadata-token-ttl-seconds"] == "21600")
    let token = try #require(requests[1].headers["x-aws-ec2-metadata-token"])
    #expect(requests[2].headers["x-aws-ec2-metadata-token"] == token)
    // The stand-in really requires the token: the same GET without it is refused.
    let bare = try await HTTPTransport.live(timeout: 5).send(
      HTTPRequest(method: "GET", url: server.url("/latest/meta-data/iam/security-credentials/")))
    #expect(bare.statusCode == 401)
  }

  @Test func anExpiredSessionTokenIsReplaced() async throws {
    // The stand-in caps token lifetimes at 60 s; the client keeps its token for six hours.
    let server = try await StandInServer.start([
      "imds": ["role": "fleet-role", "prefix": "ASIAIMDS", "token_ttl_cap": 60]
    ])
    defer { server.stop() }
    let chain = try AWSConfiguration.resolve(options(server)).credentialChain
    #expect(try await chain.resolve().accessKeyID == "ASIAIMDS0001")
    #expect(try await chain.resolve().accessKeyID == "ASIAIMDS0002")
    #expect(try await server.requests().filter { $0.method == "PUT" }.count == 1)
    try await server.advanceClock(120)
    #expect(try await chain.resolve().accessKeyID == "ASIAIMDS0003")
    let requests = try await server.requests().filter { !$0.path.hasPrefix("/_standin") }
    #expect(requests.filter { $0.method == "PUT" }.count == 2)
    // After the clock moved: the old token refused (401), a new one, the same GET again.
    #expect(
      requests.suffix(4).map { "\($0.method) \($0.path)" } == [
        "GET /latest/meta-data/iam/security-credentials/", "PUT /latest/api/token",
        "GET /latest/meta-data/iam/security-credentials/",
        "GET /latest/meta-data/iam/security-credentials/fleet-role",
      ])
  }

  @Test func anEndpointWithoutTokensIsAskedWithoutOneUnlessV1IsDisabled() async throws {
    let server = try await StandInServer.start([
      "imds": [
        "role": "legacy-role", "prefix": "ASIAVONE", "refuse_tokens": true, "require_token": false,
      ]
    ])
    defer { server.stop() }
    let credentials = try await AWSConfiguration.resolve(options(server)).resolveCredentials()
    #expect(credentials.accessKeyID == "ASIAVONE0001")
    let gets = try await server.requests().filter { $0.method == "GET" }
    #expect(gets.count == 2)
    #expect(gets.allSatisfy { $0.headers["x-aws-ec2-metadata-token"] == nil })
    let message = await errorMessage {
      _ = try await AWSConfiguration.resolve(
        options(server, ["AWS_EC2_METADATA_V1_DISABLED": "true"])
      ).resolveCredentials()
    }
    #expect(
      message.hasSuffix(
        "the instance metadata service at \(server.endpoint.absoluteString) (it refused a session "
          + "token (http 403) and AWS_EC2_METADATA_V1_DISABLED forbids asking without one)"))
  }

  @Test func noInstanceProfileDisabledOrUnreachableMeansNoCredentialsHere() async throws {
    let server = try await StandInServer.start(["imds": ["role": ""]])
    defer { server.stop() }
    let noRole = await errorMessage {
      _ = try await AWSConfiguration.resolve(options(server)).resolveCredentials()
    }
    #expect(noRole.hasSuffix("(no instance profile attached)"))
    #expect(noRole.hasPrefix("no aws credentials found: looked in the environment"))

    let disabled = await errorMessage {
      _ = try await AWSConfiguration.resolve(
        options(server, ["AWS_EC2_METADATA_DISABLED": "TRUE"])
      ).resolveCredentials()
    }
    #expect(disabled.hasSuffix("(disabled by AWS_EC2_METADATA_DISABLED)"))
    #expect(try await server.requests().filter { $0.method == "PUT" }.count == 1)

    // Nothing listening: no credentials here, at once.
    let port = try closedPort()
    let refused = await errorMessage {
      _ = try await AWSConfiguration.resolve(
        isolatedOptions([
          "HOME": "/nonexistent/home", "AWS_REGION": "eu-west-1",
          "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:\(port)",
        ])
      ).resolveCredentials()
    }
    #expect(refused.contains("the instance metadata service at http://127.0.0.1:\(port) ("))
  }

  /// A service that does not answer (off EC2, a firewall dropping packets) costs the one-second
  /// timeout of botocore, whatever the transport's: here the transport would wait 30 seconds.
  @Test func aSilentServiceCostsOneSecond() async throws {
    let server = try await StandInServer.start(["imds": ["role": "fleet-role", "delay": 30]])
    defer { server.stop() }
    var options = options(server, ["AWS_METADATA_SERVICE_TIMEOUT": "1"])
    options.metadataTransport = try .live(timeout: 30)
    // The chain's own one-second deadline ends the wait (its message says so), not the
    // transport's 30 seconds; how long that takes is for benchmarks, not tests.
    let message = await errorMessage {
      _ = try await AWSConfiguration.resolve(options).resolveCredentials()
    }
    #expect(
      message.hasSuffix(
        "the instance metadata service at \(server.endpoint.absoluteString) (PUT "
          + "\(server.endpoint.absoluteString): no answer within 1s)"))
  }

  @Test func settingsComeFromVariablesThenProfile() throws {
    let defaults = try InstanceMetadataSettings(environment: AWSEnvironment(), profile: [:])
    #expect(defaults.endpoint.absoluteString == "http://169.254.169.254")
    #expect(defaults.timeout == 1)
    #expect(defaults.attempts == 1)
    #expect(!defaults.disabled && !defaults.v1Disabled)
    let ipv6 = try InstanceMetadataSettings(
      environment: AWSEnvironment(), profile: ["ec2_metadata_service_endpoint_mode": "IPv6"])
    #expect(ipv6.endpoint.absoluteString == "http://[fd00:ec2::254]")
    let fromProfile = try InstanceMetadataSettings(
      environment: AWSEnvironment(["AWS_METADATA_SERVICE_NUM_ATTEMPTS": "3"]),
      profile: [
        "ec2_metadata_service_endpoint": "http://10.0.0.1:8080", "metadata_service_timeout": "2",
        "metadata_service_num_attempts": "5",
      ])
    #expect(fromProfile.endpoint.absoluteString == "http://10.0.0.1:8080")
    #expect(fromProfile.timeout == 2)
    #expect(fromProfile.attempts == 3)
    #expect(
      throws: AWSClientError.invalidConfiguration(
        "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE must be IPv4 or IPv6, got \"ipv5\"")
    ) {
      try InstanceMetadataSettings(
        environment: AWSEnvironment(["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "ipv5"]),
        profile: [:])
    }
  }
}
