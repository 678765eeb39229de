import Foundation
import Testing

@testable import AWSClient

@Suite struct RedactionTests {
  let credentials = AWSCredentials(
    accessKeyID: "AKIAIOSFODNN7EXAMPLE",
    secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    sessionToken: "IQoJb3JpZ2luX2VjEXAMPLETOKEN", source: "profile dev")

  @Test func descriptionsHideSecretAndToken() {
    for text in [
      credentials.description, credentials.debugDescription, "\(credentials)",
      String(describing: credentials), String(reflecting: credentials), "\([credentials])",
    ] {
      #expect(!text.contains("wJalrXUtnFEMI"), "\(text)")
      #expect(!text.contains("IQoJb3JpZ2lu"), "\(text)")
      #expect(!text.contains("AKIAIOSFODNN7EXAMPLE"), "\(text)")
    }
    #expect(
      credentials.description
        == "AWSCredentials(accessKeyID: AKIA…MPLE, secret: <redacted>, sessionToken: <redacted>, source: profile dev)"
    )
  }

  @Test func requestLogNeverCarriesSecrets() async throws {
    let lines = LogLines()
    let transport = RecordingTransport(responses: [xmlResponse(try fixture("get-template.xml"))])
    var sender = makeSender(transport.transport, credentials: credentials)
    sender.log = { line in Task { await lines.append(line) } }
    _ = try await CloudFormationClient.live(sender).getTemplate("s", nil, .original)
    try await Task.sleep(nanoseconds: 50_000_000)
    let logged = await lines.lines.joined(separator: "\n")
    #expect(logged.contains("POST cloudformation GetTemplate -> 200"))
    #expect(!logged.contains("wJalrXUtnFEMI"))
    #expect(!logged.contains("IQoJb3JpZ2lu"))
  }
}

actor LogLines {
  private(set) var lines: [String] = []
  func append(_ line: String) { lines.append(line) }
}

@Suite struct ContainerRedactionTests {
  @Test func configurationDumpHasNoSecrets() throws {
    let files = [
      "/home/t/.aws/credentials":
        "[default]\naws_access_key_id = AKIAFILEFILEFILE\naws_secret_access_key = file-secret-value\n"
    ]
    let configuration = try AWSConfiguration.resolve(
      AWSClientOptions(
        region: "eu-west-1",
        environment: AWSEnvironment([
          "AWS_ACCESS_KEY_ID": "AKIAENVENVENVENV", "AWS_SECRET_ACCESS_KEY": "env-secret-value",
          "AWS_SESSION_TOKEN": "env-token-value",
        ]),
        fileSystem: .inMemory(files, homeDirectory: "/home/t")))
    var dumped = ""
    dump(configuration, to: &dumped)
    for text in [dumped, "\(configuration)", String(reflecting: configuration.credentialChain)] {
      for secret in ["env-secret-value", "env-token-value", "file-secret-value"] {
        #expect(!text.contains(secret), "\(secret) leaked")
      }
    }
    #expect("\(configuration.credentialChain.environment)".contains("AWS_SECRET_ACCESS_KEY"))
  }
}

@Suite struct CredentialSourceRedactionTests {
  @Test func requestsAndTokensDescribeThemselvesWithoutSecrets() {
    let texts = [
      "\(AssumeRoleWithWebIdentityRequest(roleARN: "arn:aws:iam::1:role/r", roleSessionName: "s", webIdentityToken: "eyJ-secret-jwt"))",
      "\(SSORoleRequest(roleName: "R", accountID: "1", accessToken: "sso-access-secret"))",
      "\(SSOCreateTokenRequest(clientID: "client-secret-id", clientSecret: "client-secret-value", refreshToken: "refresh-secret"))",
      "\(SSOCreateTokenResponse(accessToken: "sso-access-secret", expiresIn: 3600, refreshToken: "refresh-secret"))",
    ]
    var dumped = ""
    dump(
      AssumeRoleWithWebIdentityRequest(
        roleARN: "r", roleSessionName: "s", webIdentityToken: "eyJ-secret-jwt"), to: &dumped)
    for text in texts + [dumped] {
      for secret in [
        "eyJ-secret-jwt", "sso-access-secret", "client-secret", "refresh-secret",
      ] {
        #expect(!text.contains(secret), "\(text)")
      }
    }
  }

  /// A whole SSO login with a token refresh, logged line by line: no token, no client secret.
  @Test func theLogOfAnSSORefreshHasNoSecrets() async throws {
    let server = try await StandInServer.start(SSOCredentialsTests.standIns)
    defer { server.stop() }
    let home = try TemporaryHome(files: [
      ".aws/config": SSOCredentialsTests.config,
      SSOCredentialsTests.sessionCache: SSOCredentialsTests.token(expiresIn: -60),
    ])
    defer { home.remove() }
    let lines = LogLines()
    let configuration = try AWSConfiguration.resolve(
      isolatedOptions(
        [
          "HOME": home.path, "AWS_PROFILE": "dev-sso", "AWS_EC2_METADATA_DISABLED": "true",
          "AWS_ENDPOINT_URL_SSO": server.endpoint.absoluteString,
          "AWS_ENDPOINT_URL_SSO_OIDC": server.endpoint.absoluteString,
        ], log: { line in Task { await lines.append(line) } }))
    let credentials = try await configuration.resolveCredentials()
    try await Task.sleep(nanoseconds: 50_000_000)
    let logged = await lines.lines
    #expect(logged.contains { $0.contains("POST sso-oauth CreateToken -> 200") })
    #expect(logged.contains { $0.contains("GET awsssoportal GetRoleCredentials -> 200") })
    var dumped = ""
    dump(configuration, to: &dumped)
    for text in [logged.joined(separator: "\n"), dumped, "\(credentials)"] {
      for secret in [
        "cached-access-token", "access-token-refreshed", "cached-refresh-token", "client-secret-1",
        credentials.secretAccessKey, credentials.sessionToken ?? "?",
      ] {
        #expect(!text.contains(secret), "\(secret) leaked")
      }
    }
  }
}
