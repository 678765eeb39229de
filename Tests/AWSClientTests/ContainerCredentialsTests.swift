import Foundation
import Testing

@testable import AWSClient

/// The ECS / CodeBuild / EKS Pod Identity container endpoint, against a loopback stand-in that
/// checks the `Authorization` header.
@Suite struct ContainerCredentialsTests {
  func variables(_ server: StandInServer, _ extra: [String: String]) -> [String: String] {
    [
      "HOME": "/nonexistent/home", "AWS_REGION": "eu-west-1", "AWS_EC2_METADATA_DISABLED": "true",
      "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.url("/v1/credentials").absoluteString,
    ].merging(extra) { $1 }
  }

  @Test func fullURIWithTheAuthorizationTokenFromTheVariableOrTheFile() async throws {
    let server = try await StandInServer.start([
      "container": ["path": "/v1/credentials", "authorization": "pod-token-1", "prefix": "ASIAPOD"]
    ])
    defer { server.stop() }
    let byVariable = try await AWSConfiguration.resolve(
      isolatedOptions(variables(server, ["AWS_CONTAINER_AUTHORIZATION_TOKEN": "pod-token-1"]))
    ).resolveCredentials()
    #expect(byVariable.method == .container)
    #expect(byVariable.accessKeyID == "ASIAPOD0001")
    #expect(byVariable.sessionToken == "token-ASIAPOD0001")
    #expect(byVariable.expiration != nil)
    #expect(
      byVariable.source == "container endpoint \(server.url("/v1/credentials").absoluteString)")

    // EKS Pod Identity: the token file wins over the variable and is read on every call.
    let home = try TemporaryHome(files: ["eks-pod-identity-token": "pod-token-1\n"])
    defer { home.remove() }
    let byFile = try await AWSConfiguration.resolve(
      isolatedOptions(
        variables(
          server,
          [
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "stale-token",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": home.path + "/eks-pod-identity-token",
          ]))
    ).resolveCredentials()
    #expect(byFile.accessKeyID == "ASIAPOD0002")
    let requests = try await server.requests()
    #expect(requests.map(\.headers["authorization"]) == ["pod-token-1", "pod-token-1"])
  }

  @Test func aRefusedTokenIsAnErrorAfterThreeAttempts() async throws {
    let server = try await StandInServer.start([
      "container": ["path": "/v1/credentials", "authorization": "pod-token-1"]
    ])
    defer { server.stop() }
    let message = await errorMessage {
      _ = try await AWSConfiguration.resolve(
        isolatedOptions(variables(server, ["AWS_CONTAINER_AUTHORIZATION_TOKEN": "wrong-token"]))
      ).resolveCredentials()
    }
    #expect(
      message
        == "the container credentials endpoint \(server.url("/v1/credentials").absoluteString) "
        + "gave no credentials after 3 attempts: http 401: {\"message\": \"wrong or missing "
        + "Authorization header\"}")
    #expect(!message.contains("wrong-token"))
    #expect(try await server.requests().count == 3)
  }

  @Test func relativeURIGoesToTheECSHost() async throws {
    let seen = RecordingTransport([
      { _ in
        HTTPResponse(
          statusCode: 200,
          text:
            #"{"AccessKeyId":"ASIAECS","SecretAccessKey":"s","Token":"t","Expiration":"2026-11-29T06:00:00Z"}"#
        )
      }
    ])
    var options = isolatedOptions([
      "HOME": "/nonexistent/home", "AWS_REGION": "eu-west-1",
      "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/5e6f-task",
      "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:1/ignored",
    ])
    options.metadataTransport = seen.transport
    options.now = { fixedDate }
    let credentials = try await AWSConfiguration.resolve(options).resolveCredentials()
    #expect(credentials.accessKeyID == "ASIAECS")
    #expect(credentials.expiration == AWSTimestamp.parseISO8601("2026-11-29T06:00:00Z"))
    let request = try #require(await seen.requests.first)
    #expect(request.url.absoluteString == "http://169.254.170.2/v2/credentials/5e6f-task")
    #expect(request.header("Accept") == "application/json")
    #expect(request.header("Authorization") == nil)
  }

  @Test func fullURIMustBeHTTPSLoopbackOrAnAWSHost() throws {
    func check(_ uri: String) throws -> URL {
      try ContainerCredentials(
        environment: AWSEnvironment(["AWS_CONTAINER_CREDENTIALS_FULL_URI": uri]),
        fileSystem: .inMemory([:]), transport: .stub { _ in HTTPResponse(statusCode: 500) },
        sleep: { _ in }
      ).endpoint()
    }
    for allowed in [
      "https://creds.example.com/x", "http://127.0.0.1:51679/creds", "http://127.1.2.3/x",
      "http://localhost:8080/x", "http://169.254.170.23/v1/credentials", "http://[::1]:9/x",
      "http://[fd00:ec2::23]/v1/credentials",
    ] {
      #expect(try check(allowed).absoluteString == allowed)
    }
    #expect(throws: AWSClientError.self) { try check("http://169.254.169.254/latest") }
    #expect(throws: AWSClientError.self) { try check("http://creds.example.com/x") }
    #expect(throws: AWSClientError.self) { try check("not a url") }
    let newline = ContainerCredentials(
      environment: AWSEnvironment(["AWS_CONTAINER_AUTHORIZATION_TOKEN": "a\r\nX-Injected: 1"]),
      fileSystem: .inMemory([:]), transport: .stub { _ in HTTPResponse(statusCode: 500) },
      sleep: { _ in })
    #expect(throws: AWSClientError.self) { try newline.authorization() }
  }
}
