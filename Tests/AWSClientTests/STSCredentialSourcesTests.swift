import Foundation
import Testing

@testable import AWSClient

/// Web identity and `role_arn` profiles against moto's STS (`AWS_ENDPOINT_URL_STS`), each
/// identity checked with `GetCallerIdentity` signed by the credentials the chain resolved.
@Suite(.serialized) struct STSCredentialSourcesTests {
  static let role = "arn:aws:iam::123456789012:role"

  @Test(.timeLimit(.minutes(2)))
  func webIdentityFromTheVariablesAndFromTheProfile() async throws {
    let moto = try await startMoto()
    defer { moto.stop() }
    let home = try TemporaryHome(files: ["gha-token": "eyJhbGciOiJSUzI1NiJ9.github-oidc.sig\n"])
    defer { home.remove() }
    try home.write(
      ".aws/config",
      """
      [default]
      aws_access_key_id = AKIACONFIGFILE
      aws_secret_access_key = config-secret

      [profile ci]
      web_identity_token_file = \(home.path)/gha-token
      role_arn = \(Self.role)/from-profile
      role_session_name = profile-session
      region = eu-west-1
      """)
    func identity(_ variables: [String: String], profile: String? = nil) async throws
      -> (AWSCredentials, String)
    {
      let aws = try AWSClient.live(
        isolatedOptions(
          [
            "HOME": home.path, "AWS_REGION": "eu-west-1", "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_ENDPOINT_URL_STS": moto.endpoint.absoluteString,
          ].merging(variables) { $1 }, profile: profile))
      return (try await aws.credentials(), try await aws.sts.getCallerIdentity().arn)
    }
    // GitHub Actions: the variables, before the config file's keys.
    let gha = [
      "AWS_WEB_IDENTITY_TOKEN_FILE": home.path + "/gha-token",
      "AWS_ROLE_ARN": "\(Self.role)/gha-deploy", "AWS_ROLE_SESSION_NAME": "gha-run",
    ]
    let (credentials, arn) = try await identity(gha)
    #expect(credentials.method == .webIdentity)
    #expect(credentials.sessionToken != nil && credentials.expiration != nil)
    #expect(arn == "arn:aws:sts::123456789012:assumed-role/gha-deploy/gha-run")
    #expect(
      credentials.source
        == "web identity role \(Self.role)/gha-deploy (token file \(home.path)/gha-token)")

    // The profile's settings, each overridden by its variable when one is set.
    let (_, mixed) = try await identity([
      "AWS_PROFILE": "ci", "AWS_ROLE_ARN": "\(Self.role)/gha-deploy",
    ])
    #expect(mixed == "arn:aws:sts::123456789012:assumed-role/gha-deploy/profile-session")
    // With --profile the variables are not read at all.
    let (_, explicit) = try await identity(
      ["AWS_ROLE_ARN": "\(Self.role)/gha-deploy"], profile: "ci")
    #expect(explicit == "arn:aws:sts::123456789012:assumed-role/from-profile/profile-session")

    let missingRole = await errorMessage {
      _ = try await identity(["AWS_WEB_IDENTITY_TOKEN_FILE": home.path + "/gha-token"])
    }
    #expect(
      missingRole
        == "AWS_WEB_IDENTITY_TOKEN_FILE is set but no role to assume: set AWS_ROLE_ARN or "
        + "role_arn in profile \"default\"")
    let unreadable = await errorMessage {
      _ = try await identity(
        gha.merging(["AWS_WEB_IDENTITY_TOKEN_FILE": "/nonexistent/token"]) {
          $1
        })
    }
    #expect(
      unreadable
        == "cannot read the web identity token file /nonexistent/token (AWS_WEB_IDENTITY_TOKEN_FILE)"
    )
  }

  @Test(.timeLimit(.minutes(2)))
  func roleProfilesWithEveryKindOfSource() async throws {
    let moto = try await startMoto()
    defer { moto.stop() }
    let standIns = try await StandInServer.start([
      "imds": ["role": "fleet-role", "prefix": "ASIAIMDS"],
      "container": ["path": "/v1/credentials", "authorization": "pod-token", "prefix": "ASIAPOD"],
      "sso": [
        "access_tokens": ["cached-access-token"],
        "roles": ["111111111111/Deployer": ["prefix": "ASIASSO"]],
      ],
    ])
    defer { standIns.stop() }
    let home = try TemporaryHome(files: [
      ".aws/config": """
      [default]
      region = eu-west-1

      [profile role-from-env]
      role_arn = \(Self.role)/from-env
      credential_source = Environment
      role_session_name = env-session

      [profile role-from-imds]
      role_arn = \(Self.role)/from-imds
      credential_source = Ec2InstanceMetadata
      role_session_name = imds-session

      [profile role-from-container]
      role_arn = \(Self.role)/from-container
      credential_source = EcsContainer
      role_session_name = container-session

      [profile role-from-sso]
      role_arn = \(Self.role)/from-sso
      source_profile = dev-sso
      role_session_name = sso-session
      external_id = facestack-external
      duration_seconds = 1800

      [profile dev-sso]
      sso_session = corp
      sso_account_id = 111111111111
      sso_role_name = Deployer

      [sso-session corp]
      sso_start_url = https://corp.awsapps.com/start
      sso_region = eu-west-1

      [profile chained]
      role_arn = \(Self.role)/second-hop
      source_profile = role-from-sso
      role_session_name = chained-session

      [profile with-mfa]
      role_arn = \(Self.role)/with-mfa
      source_profile = static
      mfa_serial = arn:aws:iam::123456789012:mfa/dev
      role_session_name = mfa-session
      """,
      ".aws/credentials": "[static]\naws_access_key_id = AKIASTATIC\naws_secret_access_key = s\n",
      SSOCredentialsTests.sessionCache: SSOCredentialsTests.token(expiresIn: 3600),
    ])
    defer { home.remove() }
    let variables = [
      "HOME": home.path, "AWS_ACCESS_KEY_ID": "AKIAENVIRONMENT", "AWS_SECRET_ACCESS_KEY": "e",
      "AWS_REGION": "eu-west-1",
      "AWS_ENDPOINT_URL_STS": moto.endpoint.absoluteString,
      "AWS_ENDPOINT_URL_SSO": standIns.endpoint.absoluteString,
      "AWS_EC2_METADATA_SERVICE_ENDPOINT": standIns.endpoint.absoluteString,
      "AWS_CONTAINER_CREDENTIALS_FULL_URI": standIns.url("/v1/credentials").absoluteString,
      "AWS_CONTAINER_AUTHORIZATION_TOKEN": "pod-token",
    ]
    func arn(_ profile: String, mfa: MFAPrompt = .terminal(device: "/nonexistent/tty"))
      async throws -> String
    {
      let aws = try AWSClient.live(isolatedOptions(variables, profile: profile, mfaPrompt: mfa))
      let credentials = try await aws.credentials()
      #expect(credentials.method == .assumeRole)
      return try await aws.sts.getCallerIdentity().arn
    }
    let assumed = "arn:aws:sts::123456789012:assumed-role"
    #expect(try await arn("role-from-env") == "\(assumed)/from-env/env-session")
    #expect(try await arn("role-from-imds") == "\(assumed)/from-imds/imds-session")
    #expect(try await arn("role-from-container") == "\(assumed)/from-container/container-session")
    #expect(try await arn("role-from-sso") == "\(assumed)/from-sso/sso-session")
    #expect(try await arn("chained") == "\(assumed)/second-hop/chained-session")
    #expect(try await arn("with-mfa", mfa: .fixed("123456")) == "\(assumed)/with-mfa/mfa-session")
    let paths = try await standIns.requests().map { $0.path.prefix { $0 != "?" } }
    #expect(paths.contains("/latest/meta-data/iam/security-credentials/fleet-role"))
    #expect(paths.contains("/v1/credentials"))
    #expect(paths.filter { $0 == "/federation/credentials" }.count == 2)

    let noTerminal = await errorMessage { _ = try await arn("with-mfa") }
    #expect(
      noTerminal
        == "profile \"with-mfa\" needs a code from the mfa device arn:aws:iam::123456789012:mfa/dev "
        + "(mfa_serial), but there is no terminal to ask on; run facestack on a terminal, or use "
        + "credentials that need no mfa code")
  }

  @Test func assumeRoleSendsTheMFACodeAndWebIdentityIsUnsigned() async throws {
    let transport = RecordingTransport(responses: [
      xmlResponse(try fixture("assume-role.xml")),
      xmlResponse(
        try fixture("assume-role.xml").replacingOccurrences(
          of: "AssumeRole", with: "AssumeRoleWithWebIdentity")),
    ])
    let files = [
      "/home/dev/.aws/config": """
      [profile admin]
      role_arn = arn:aws:iam::123456789012:role/admin
      source_profile = base
      mfa_serial = arn:aws:iam::123456789012:mfa/dev
      region = eu-west-1
      """,
      "/home/dev/.aws/credentials":
        "[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = b\n",
      "/tokens/oidc": "header.payload.signature",
    ]
    let asked = LogLines()
    let options = AWSClientOptions(
      profile: "admin", environment: AWSEnvironment(["HOME": "/home/dev"]),
      fileSystem: .inMemory(files, homeDirectory: "/elsewhere"), transport: transport.transport,
      retry: .none, now: { fixedDate },
      mfaPrompt: MFAPrompt { serial, profile in
        await asked.append("\(profile) \(serial)")
        return "654321"
      })
    _ = try await AWSConfiguration.resolve(options).resolveCredentials()
    #expect(await asked.lines == ["admin arn:aws:iam::123456789012:mfa/dev"])
    let form = await transport.formParameters(0)
    #expect(form["SerialNumber"] == "arn:aws:iam::123456789012:mfa/dev")
    #expect(form["TokenCode"] == "654321")
    #expect(form["RoleSessionName"] == "facestack-\(Int(fixedDate.timeIntervalSince1970))")

    let web = try AWSConfiguration.resolve(
      AWSClientOptions(
        environment: AWSEnvironment([
          "HOME": "/home/dev", "AWS_REGION": "eu-west-1",
          "AWS_WEB_IDENTITY_TOKEN_FILE": "/tokens/oidc",
          "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/gha",
        ]), fileSystem: .inMemory(files), transport: transport.transport, retry: .none,
        now: { fixedDate }))
    _ = try await web.resolveCredentials()
    let request = try #require(await transport.requests.last)
    #expect(request.url.absoluteString == "https://sts.eu-west-1.amazonaws.com/")
    #expect(request.header("Authorization") == nil)
    #expect(request.header("X-Amz-Security-Token") == nil)
    let webForm = await transport.formParameters(1)
    #expect(webForm["Action"] == "AssumeRoleWithWebIdentity")
    #expect(webForm["WebIdentityToken"] == "header.payload.signature")
    #expect(webForm["RoleArn"] == "arn:aws:iam::123456789012:role/gha")
  }
}
