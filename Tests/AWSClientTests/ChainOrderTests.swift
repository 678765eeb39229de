import Foundation
import Testing

@testable import AWSClient

/// Every source configured at once, then the winner taken away, one at a time: the chain must
/// walk botocore's order (the oracle test checks the same against botocore itself).
@Suite struct ChainOrderTests {
  /// The sources, strongest first, with what each adds to the fixture.
  enum Source: CaseIterable {
    case environment, assumeRole, webIdentity, sso, credentialsFile, process, configFile
    case container, instanceMetadata
  }

  func chain(with sources: Set<Source>) throws -> CredentialChain {
    var variables = ["HOME": "/home/dev", "AWS_PROFILE": "dev"]
    var config = ["[profile dev]", "region = eu-west-1"]
    var credentials = ["[dev]"]
    if sources.contains(.environment) {
      variables["AWS_ACCESS_KEY_ID"] = "AKIA-ENV"
      variables["AWS_SECRET_ACCESS_KEY"] = "e"
    }
    if sources.contains(.assumeRole) {
      config += ["role_arn = arn:aws:iam::1:role/r", "source_profile = base"]
    }
    if sources.contains(.webIdentity) {
      variables["AWS_WEB_IDENTITY_TOKEN_FILE"] = "/tokens/web"
      variables["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/web"
    }
    if sources.contains(.sso) {
      config += ["sso_session = corp", "sso_account_id = 1", "sso_role_name = R"]
    }
    if sources.contains(.credentialsFile) {
      credentials += ["aws_access_key_id = AKIA-CREDENTIALS-FILE", "aws_secret_access_key = c"]
    }
    if sources.contains(.process) { config += ["credential_process = /bin/creds"] }
    if sources.contains(.configFile) {
      config += ["aws_access_key_id = AKIA-CONFIG-FILE", "aws_secret_access_key = f"]
    }
    if sources.contains(.container) {
      variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://127.0.0.1:1/creds"
    }
    if !sources.contains(.instanceMetadata) { variables["AWS_EC2_METADATA_DISABLED"] = "true" }
    config += [
      "[sso-session corp]", "sso_start_url = https://corp/start", "sso_region = eu-west-1",
    ]
    let files = FileSystem.inMemory(
      [
        "/home/dev/.aws/config": config.joined(separator: "\n"),
        "/home/dev/.aws/credentials": credentials.joined(separator: "\n")
          + "\n[base]\naws_access_key_id = AKIA-BASE\naws_secret_access_key = b\n",
        "/tokens/web": "web-token",
        "/home/dev/.aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json":
          #"{"accessToken": "t", "expiresAt": "2026-11-29T06:00:00Z"}"#,
      ], homeDirectory: "/home/dev")
    let environment = AWSEnvironment(variables)
    var services = CredentialServices.unimplemented
    services.assumeRole = { source, _ in
      AWSCredentials(accessKeyID: "ASIA-ROLE-FROM-\(source.accessKeyID)", secretAccessKey: "r")
    }
    services.assumeRoleWithWebIdentity = { _ in
      AWSCredentials(accessKeyID: "ASIA-WEB", secretAccessKey: "w")
    }
    services.sso = SSOClient { _, _ in AWSCredentials(accessKeyID: "ASIA-SSO", secretAccessKey: "s")
    }
    services.processRunner = CredentialProcessRunner { _, _ in
      ProcessOutput(
        status: 0,
        standardOutput: Data(
          #"{"Version": 1, "AccessKeyId": "AKIA-PROC", "SecretAccessKey": "p"}"#.utf8))
    }
    services.metadataTransport = HTTPTransport { request in
      let body: String
      switch request.url.path {
      case "/creds": body = #"{"AccessKeyId": "ASIA-CONTAINER", "SecretAccessKey": "c"}"#
      case "/latest/api/token": body = "imds-token"
      case "/latest/meta-data/iam/security-credentials/": body = "fleet"
      default:
        body =
          #"{"Code": "Success", "AccessKeyId": "ASIA-IMDS", "SecretAccessKey": "i", "Token": "t", "Expiration": "2026-11-29T06:00:00Z"}"#
      }
      return HTTPResponse(statusCode: 200, text: body)
    }
    return try CredentialChain(
      environment: environment,
      sharedConfig: SharedConfig(environment: environment, fileSystem: files),
      fileSystem: files, now: { fixedDate }, services: services)
  }

  @Test func eachSourceWinsOverTheOnesAfterIt() async throws {
    var remaining = Set(Source.allCases)
    var picked: [String] = []
    for _ in Source.allCases {
      let credentials = try await chain(with: remaining).resolve()
      picked.append("\(credentials.method.rawValue) \(credentials.accessKeyID)")
      remaining.remove(Source.allCases.first { remaining.contains($0) } ?? .environment)
    }
    #expect(
      picked == [
        "env AKIA-ENV", "assume-role ASIA-ROLE-FROM-AKIA-BASE",
        "assume-role-with-web-identity ASIA-WEB", "sso ASIA-SSO",
        "shared-credentials-file AKIA-CREDENTIALS-FILE", "custom-process AKIA-PROC",
        "config-file AKIA-CONFIG-FILE", "container-role ASIA-CONTAINER", "iam-role ASIA-IMDS",
      ])
    await #expect(throws: AWSClientError.self) { try await chain(with: []).resolve() }
  }

  @Test func anExplicitProfileSkipsTheEnvironmentVariables() async throws {
    var chain = try chain(with: [.environment, .webIdentity, .configFile])
    chain.explicitProfile = "dev"
    // Neither AWS_ACCESS_KEY_ID nor AWS_WEB_IDENTITY_TOKEN_FILE count with --profile.
    #expect(try await chain.resolve().method == .configFile)
  }
}
