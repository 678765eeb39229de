import Foundation
import Testing

@testable import AWSClient

/// The oracle: for each fixture (shared files, variables, `--profile`), facestack's chain and
/// botocore's (`Fixtures/standins/botocore_chain.py`, botocore 1.43) must pick the same source
/// and resolve the same identity: the same access key id, and the same caller ARN from moto's
/// `GetCallerIdentity`. Every source serves a different moto IAM user's key, so a wrong choice
/// shows as a wrong ARN; roles are assumed through moto's STS (`AWS_ENDPOINT_URL_STS`); IMDS,
/// the container endpoint, the SSO portal and SSO-OIDC are the loopback stand-ins. Each side
/// gets its own copy of the home folder, since both may refresh the SSO token in it.
@Suite(.serialized) struct BotocoreOracleTests {
  struct Case {
    var name: String
    var variables: [String: String] = [:]
    var profile: String?
    /// botocore's method name, or nil for "no credentials".
    var expected: String?
  }

  static let role = "arn:aws:iam::123456789012:role"

  /// The SSO cache file of a session (or of a legacy profile's start URL), below the home.
  static func cacheFile(session: String? = nil, startURL: String = "") -> String {
    ".aws/sso/cache/\(SSOTokenCache.key(session: session, startURL: startURL)).json"
  }

  static func config(tokens: String, process: String) -> String {
    """
    [profile empty]
    region = us-east-1

    [profile config-only]
    aws_access_key_id = {config-user}
    aws_secret_access_key = {config-user-secret}

    [profile process-over-config]
    credential_process = python3 \(process) {process-user} {process-user-secret} --expires-in 3600
    aws_access_key_id = {config-user}
    aws_secret_access_key = {config-user-secret}

    [profile file-over-process]
    credential_process = python3 \(process) {process-user} {process-user-secret}

    [profile role-static]
    role_arn = \(role)/deployer
    source_profile = static
    role_session_name = oracle-static

    [profile role-env]
    role_arn = \(role)/from-env
    credential_source = Environment
    role_session_name = oracle-env

    [profile role-imds]
    role_arn = \(role)/from-imds
    credential_source = Ec2InstanceMetadata
    role_session_name = oracle-imds

    [profile role-container]
    role_arn = \(role)/from-container
    credential_source = EcsContainer
    role_session_name = oracle-container

    [profile role-sso]
    role_arn = \(role)/from-sso
    source_profile = dev-sso
    role_session_name = oracle-sso

    [profile web]
    web_identity_token_file = \(tokens)/web-token
    role_arn = \(role)/web-from-profile
    role_session_name = oracle-web-profile

    [profile dev-sso]
    sso_session = corp
    sso_account_id = 111111111111
    sso_role_name = Deployer

    [profile dev-sso-expired]
    sso_session = corp-expired
    sso_account_id = 111111111111
    sso_role_name = Deployer

    [profile legacy-sso]
    sso_start_url = https://legacy.awsapps.com/start
    sso_region = us-east-1
    sso_account_id = 111111111111
    sso_role_name = Deployer

    [sso-session corp]
    sso_start_url = https://corp.awsapps.com/start
    sso_region = us-east-1

    [sso-session corp-expired]
    sso_start_url = https://corp.awsapps.com/start
    sso_region = us-east-1
    """
  }

  static let credentialsFile = """
    [static]
    aws_access_key_id = {static-user}
    aws_secret_access_key = {static-user-secret}

    [file-over-process]
    aws_access_key_id = {static-user}
    aws_secret_access_key = {static-user-secret}
    """

  static let cases: [Case] = [
    Case(
      name: "the environment beats a profile from AWS_PROFILE",
      variables: [
        "AWS_PROFILE": "static", "AWS_ACCESS_KEY_ID": "{env-user}",
        "AWS_SECRET_ACCESS_KEY": "{env-user-secret}",
      ], expected: "env"),
    Case(
      name: "--profile beats the environment",
      variables: ["AWS_ACCESS_KEY_ID": "{env-user}", "AWS_SECRET_ACCESS_KEY": "{env-user-secret}"],
      profile: "static", expected: "shared-credentials-file"),
    Case(
      name: "role_arn with source_profile", variables: ["AWS_PROFILE": "role-static"],
      expected: "assume-role"),
    Case(
      name: "role_arn with credential_source Environment",
      variables: ["AWS_ACCESS_KEY_ID": "{env-user}", "AWS_SECRET_ACCESS_KEY": "{env-user-secret}"],
      profile: "role-env", expected: "assume-role"),
    Case(
      name: "role_arn with credential_source Ec2InstanceMetadata",
      variables: ["AWS_PROFILE": "role-imds"], expected: "assume-role"),
    Case(
      name: "role_arn with credential_source EcsContainer",
      variables: [
        "AWS_PROFILE": "role-container", "AWS_CONTAINER_CREDENTIALS_FULL_URI": "{container}",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN": "pod-token",
      ], expected: "assume-role"),
    Case(
      name: "role_arn whose source_profile is an sso profile",
      variables: ["AWS_PROFILE": "role-sso"], expected: "assume-role"),
    Case(
      name: "web identity variables beat the profile's keys",
      variables: [
        "AWS_PROFILE": "config-only", "AWS_WEB_IDENTITY_TOKEN_FILE": "{tokens}/web-token",
        "AWS_ROLE_ARN": "\(role)/gha-deploy", "AWS_ROLE_SESSION_NAME": "oracle-gha",
      ],
      expected: "assume-role-with-web-identity"),
    Case(
      name: "web identity profile, role from AWS_ROLE_ARN",
      variables: ["AWS_PROFILE": "web", "AWS_ROLE_ARN": "\(role)/gha-deploy"],
      expected: "assume-role-with-web-identity"),
    Case(
      name: "web identity profile with --profile ignores the variables",
      variables: ["AWS_ROLE_ARN": "\(role)/gha-deploy"], profile: "web",
      expected: "assume-role-with-web-identity"),
    Case(name: "sso_session profile", variables: ["AWS_PROFILE": "dev-sso"], expected: "sso"),
    Case(
      name: "sso_session profile whose token expired: refreshed with CreateToken",
      variables: ["AWS_PROFILE": "dev-sso-expired"], expected: "sso"),
    Case(
      name: "legacy sso_start_url profile", variables: ["AWS_PROFILE": "legacy-sso"],
      expected: "sso"),
    Case(
      name: "the credentials file beats credential_process",
      variables: ["AWS_PROFILE": "file-over-process"], expected: "shared-credentials-file"),
    Case(
      name: "credential_process beats the config file's keys",
      variables: ["AWS_PROFILE": "process-over-config"], expected: "custom-process"),
    Case(
      name: "the config file's keys", variables: ["AWS_PROFILE": "config-only"],
      expected: "config-file"),
    Case(
      name: "the container endpoint beats the instance metadata",
      variables: [
        "AWS_PROFILE": "empty", "AWS_CONTAINER_CREDENTIALS_FULL_URI": "{container}",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN": "pod-token",
      ], expected: "container-role"),
    Case(
      name: "the instance metadata comes last", variables: ["AWS_PROFILE": "empty"],
      expected: "iam-role"),
    Case(
      name: "nothing at all",
      variables: ["AWS_PROFILE": "empty", "AWS_EC2_METADATA_DISABLED": "true"], expected: nil),
  ]

  /// What one side resolved.
  struct Resolution: Decodable, Equatable, CustomStringConvertible {
    var name: String
    var method: String?
    var accessKey: String?
    var arn: String?
    var error: String?

    enum CodingKeys: String, CodingKey {
      case name, method, arn, error
      case accessKey = "access_key"
    }

    var description: String {
      "\(method ?? "none") \(accessKey ?? "-") \(arn ?? "-")\(error.map { " error: \($0)" } ?? "")"
    }
  }

  @Test(.timeLimit(.minutes(3)))
  func facestackPicksWhatBotocorePicks() async throws {
    let moto = try await startMoto()
    defer { moto.stop() }
    // One IAM user per source, so each source's key has an ARN of its own.
    let iam = IAMClient.live(
      SignedRequestSender(
        transport: try .live(timeout: 20),
        credentials: .fixed(AWSCredentials(accessKeyID: "test", secretAccessKey: "test")),
        region: "us-east-1",
        endpoints: EndpointResolver(override: moto.endpoint, environment: AWSEnvironment()),
        retry: .none))
    var placeholders: [String: String] = [:]
    var keys: [String: [String: String]] = [:]
    for user in [
      "env-user", "static-user", "config-user", "process-user", "imds-user", "container-user",
      "sso-user",
    ] {
      try await iam.createUser(user)
      let key = try await iam.createAccessKey(user)
      placeholders["{\(user)}"] = key.accessKeyID
      placeholders["{\(user)-secret}"] = key.secretAccessKey
      keys[user] = ["AccessKeyId": key.accessKeyID, "SecretAccessKey": key.secretAccessKey]
    }
    let standIns = try await StandInServer.start([
      "imds": ["role": "fleet-role", "keys": [keys["imds-user"] ?? [:]]],
      "container": [
        "path": "/v1/credentials", "authorization": "pod-token",
        "keys": [keys["container-user"] ?? [:]],
      ],
      "sso": [
        "access_tokens": ["cached-access-token"],
        "roles": ["111111111111/Deployer": ["keys": [keys["sso-user"] ?? [:]]]],
      ],
      "oidc": [
        "client_id": "client-id-1", "client_secret": "client-secret-1",
        "refresh_tokens": ["cached-refresh-token"],
      ],
    ])
    defer { standIns.stop() }
    let shared = try TemporaryHome(files: ["web-token": "eyJ.oracle-web-identity.sig"])
    defer { shared.remove() }
    placeholders["{tokens}"] = shared.path
    placeholders["{container}"] = standIns.url("/v1/credentials").absoluteString
    func fill(_ text: String) -> String {
      placeholders.reduce(text) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
    }
    let files = [
      ".aws/config": fill(
        Self.config(tokens: shared.path, process: try fixtureScript("credential_process.py"))),
      ".aws/credentials": fill(Self.credentialsFile),
      SSOCredentialsTests.sessionCache: SSOCredentialsTests.token(expiresIn: 3600),
      Self.cacheFile(session: "corp-expired"): SSOCredentialsTests.token(expiresIn: -600),
      Self.cacheFile(startURL: "https://legacy.awsapps.com/start"):
        SSOCredentialsTests.token(expiresIn: 3600),
    ]
    let ours = try TemporaryHome(files: files)
    let theirs = try TemporaryHome(files: files)
    defer {
      ours.remove()
      theirs.remove()
    }
    func environment(_ testCase: Case, home: TemporaryHome) -> [String: String] {
      var variables = [
        "HOME": home.path, "AWS_DEFAULT_REGION": "us-east-1",
        "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        "AWS_ENDPOINT_URL_STS": moto.endpoint.absoluteString,
        "AWS_ENDPOINT_URL_SSO": standIns.endpoint.absoluteString,
        "AWS_ENDPOINT_URL_SSO_OIDC": standIns.endpoint.absoluteString,
        "AWS_EC2_METADATA_SERVICE_ENDPOINT": standIns.endpoint.absoluteString,
      ]
      for (name, value) in testCase.variables { variables[name] = fill(value) }
      return variables
    }

    // botocore, all cases in one process.
    let input = try JSONSerialization.data(
      withJSONObject: Self.cases.map { testCase -> [String: Any] in
        var object: [String: Any] = [
          "name": testCase.name, "environment": environment(testCase, home: theirs),
        ]
        object["profile"] = testCase.profile
        return object
      })
    let botocore = try await runPythonOffPool(try fixtureScript("botocore_chain.py"), input: input)
    try #require(
      botocore.status == 0,
      "botocore_chain.py failed: \(String(decoding: botocore.standardError, as: UTF8.self))")
    let answers = try JSONDecoder().decode([Resolution].self, from: botocore.standardOutput)

    for (testCase, theirAnswer) in zip(Self.cases, answers) {
      var mine = Resolution(name: testCase.name)
      do {
        let aws = try AWSClient.live(
          isolatedOptions(environment(testCase, home: ours), profile: testCase.profile))
        let credentials = try await aws.credentials()
        mine.method = credentials.method.rawValue
        mine.accessKey = credentials.accessKeyID
        mine.arn = try await aws.sts.getCallerIdentity().arn
      } catch let error as AWSClientError {
        if case .missingCredentials = error { mine.method = nil } else { mine.error = "\(error)" }
      }
      #expect(theirAnswer.error == nil, "\(testCase.name): botocore: \(theirAnswer)")
      #expect(mine.error == nil, "\(testCase.name): facestack: \(mine)")
      #expect(mine.method == testCase.expected, "\(testCase.name): facestack: \(mine)")
      #expect(theirAnswer.method == testCase.expected, "\(testCase.name): botocore: \(theirAnswer)")
      #expect(mine.arn == theirAnswer.arn, "\(testCase.name): \(mine) vs \(theirAnswer)")
      if mine.method == "assume-role" || mine.method == "assume-role-with-web-identity" {
        // moto hands every AssumeRole a new key: the ARN says whose it is.
        #expect(
          mine.accessKey?.hasPrefix("ASIA") == true
            && theirAnswer.accessKey?.hasPrefix("ASIA") == true)
      } else {
        #expect(
          mine.accessKey == theirAnswer.accessKey, "\(testCase.name): \(mine) vs \(theirAnswer)")
      }
    }
    #expect(answers.count == Self.cases.count)
    // The expired sso-session token was refreshed in both homes.
    for home in [ours, theirs] {
      let cached = home.read(Self.cacheFile(session: "corp-expired")) ?? ""
      #expect(cached.contains("access-token-refreshed-"))
    }
  }
}
