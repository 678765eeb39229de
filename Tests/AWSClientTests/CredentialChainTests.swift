import Foundation
import Testing

@testable import AWSClient

@Suite struct CredentialChainTests {
  let home = "/home/dev"

  func chain(
    _ environment: [String: String], files: [String: String] = [:], profile: String? = nil,
    assumeRole:
      @escaping @Sendable (AWSCredentials, AssumeRoleRequest) async throws ->
      AWSCredentials = { _, _ in throw AWSClientError.unimplemented("sts AssumeRole") }
  ) throws -> CredentialChain {
    let env = AWSEnvironment(environment)
    let fileSystem = FileSystem.inMemory(files, homeDirectory: home)
    var services = CredentialServices.unimplemented
    services.assumeRole = assumeRole
    return try CredentialChain(
      environment: env, sharedConfig: SharedConfig(environment: env, fileSystem: fileSystem),
      fileSystem: fileSystem, explicitProfile: profile, now: { fixedDate }, services: services)
  }

  @Test func environmentVariablesComeFirst() async throws {
    let credentials = try await chain(
      [
        "AWS_ACCESS_KEY_ID": "AKIAENVENVENVENV", "AWS_SECRET_ACCESS_KEY": "env-secret",
        "AWS_SESSION_TOKEN": "env-token", "AWS_PROFILE": "dev",
      ],
      files: [
        "/home/dev/.aws/credentials":
          "[dev]\naws_access_key_id = AKIAFILE\naws_secret_access_key = s\n"
      ]
    ).resolve()
    #expect(credentials.accessKeyID == "AKIAENVENVENVENV")
    #expect(credentials.secretAccessKey == "env-secret")
    #expect(credentials.sessionToken == "env-token")
    #expect(credentials.source == "environment")
    #expect(credentials.method == .environment)
  }

  @Test func explicitProfileWinsOverEnvironment() async throws {
    let credentials = try await chain(
      ["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret"],
      files: [
        "/home/dev/.aws/credentials":
          "[ci]\naws_access_key_id = AKIACIFILE\naws_secret_access_key = ci-secret\n"
      ],
      profile: "ci"
    ).resolve()
    #expect(credentials.accessKeyID == "AKIACIFILE")
    #expect(credentials.source == "profile ci")
  }

  @Test func profileFromCredentialsFileAtCustomPath() async throws {
    let credentials = try await chain(
      ["AWS_PROFILE": "dev", "AWS_SHARED_CREDENTIALS_FILE": "/etc/aws/creds"],
      files: [
        "/etc/aws/creds": """
        # team credentials
        [default]
        aws_access_key_id = AKIADEFAULT
        aws_secret_access_key = default-secret

        [dev]
        aws_access_key_id=AKIADEVDEVDEV
        aws_secret_access_key = dev-secret ; trailing comment
        aws_session_token = dev-token
        """
      ]
    ).resolve()
    #expect(credentials.accessKeyID == "AKIADEVDEVDEV")
    #expect(credentials.secretAccessKey == "dev-secret")
    #expect(credentials.sessionToken == "dev-token")
  }

  @Test func configOnlyProfileUsesProfilePrefixSections() async throws {
    let files = [
      "/cfg/config": """
      [dev]
      aws_access_key_id = AKIAWRONGSECTION
      aws_secret_access_key = wrong

      [profile dev]
      region = eu-central-1
      aws_access_key_id = AKIACONFIGONLY
      aws_secret_access_key = config-secret
      """
    ]
    let credentials = try await chain(
      ["AWS_PROFILE": "dev", "AWS_CONFIG_FILE": "/cfg/config"], files: files
    )
    .resolve()
    #expect(credentials.accessKeyID == "AKIACONFIGONLY")
    #expect(credentials.secretAccessKey == "config-secret")
  }

  @Test func bareSectionInConfigFileIsNotAProfile() async throws {
    let files = ["/cfg/config": "[dev]\naws_access_key_id = AKIA\naws_secret_access_key = s\n"]
    await #expect(
      throws: AWSClientError.profileNotFound(
        name: "dev",
        searched:
          "the shared credentials file /home/dev/.aws/credentials (not found) and the config file /cfg/config"
      )
    ) {
      try await chain(["AWS_PROFILE": "dev", "AWS_CONFIG_FILE": "/cfg/config"], files: files)
        .resolve()
    }
  }

  @Test func roleARNWithSourceProfileAssumesRoleThroughSTS() async throws {
    let transport = RecordingTransport(responses: [xmlResponse(try fixture("assume-role.xml"))])
    let files = [
      "/home/dev/.aws/config": """
      [profile deploy]
      role_arn = arn:aws:iam::123456789012:role/deployer
      source_profile = base
      role_session_name = facestack-ci
      external_id = ext-42
      duration_seconds = 1800
      region = eu-west-1
      """,
      "/home/dev/.aws/credentials": """
      [base]
      aws_access_key_id = AKIABASEBASEBASE
      aws_secret_access_key = base-secret
      """,
    ]
    let configuration = try AWSConfiguration.resolve(
      AWSClientOptions(
        environment: AWSEnvironment(["AWS_PROFILE": "deploy"]),
        fileSystem: .inMemory(files, homeDirectory: home), transport: transport.transport,
        retry: .none, now: { fixedDate }))
    let credentials = try await configuration.resolveCredentials()
    #expect(credentials.accessKeyID == "ASIAIOSFODNN7EXAMPLE")
    #expect(credentials.secretAccessKey == "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY")
    #expect(credentials.sessionToken == "IQoJb3JpZ2luX2VjEXAMPLETOKEN")
    #expect(credentials.expiration == AWSTimestamp.parseISO8601("2026-11-29T06:00:00Z"))
    let requests = await transport.requests
    #expect(requests.count == 1)
    #expect(requests.first?.url.absoluteString == "https://sts.eu-west-1.amazonaws.com/")
    #expect(
      requests.first?.header("Authorization")?.contains(
        "Credential=AKIABASEBASEBASE/20261129/eu-west-1/sts/aws4_request") == true)
    let form = await transport.formParameters(0)
    #expect(form["Action"] == "AssumeRole")
    #expect(form["Version"] == "2011-06-15")
    #expect(form["RoleArn"] == "arn:aws:iam::123456789012:role/deployer")
    #expect(form["RoleSessionName"] == "facestack-ci")
    #expect(form["ExternalId"] == "ext-42")
    #expect(form["DurationSeconds"] == "1800")
    // Cached: a second call does not assume the role again.
    _ = try await configuration.resolveCredentials()
    #expect(await transport.requests.count == 1)
  }

  @Test func chainedRolesUseTheFirstRolesCredentials() async throws {
    let files = [
      "/home/dev/.aws/config": """
      [profile a]
      role_arn = arn:aws:iam::1:role/a
      source_profile = b
      [profile b]
      role_arn = arn:aws:iam::1:role/b
      source_profile = c
      [profile c]
      aws_access_key_id = AKIACCCCCCCC
      aws_secret_access_key = c-secret
      """
    ]
    let credentials = try await chain(["AWS_PROFILE": "a"], files: files) { source, request in
      AWSCredentials(
        accessKeyID: "ASIA-\(request.roleARN.suffix(1))-from-\(source.accessKeyID)",
        secretAccessKey: "s", sessionToken: "t", source: "assumed")
    }.resolve()
    #expect(credentials.accessKeyID == "ASIA-a-from-ASIA-b-from-AKIACCCCCCCC")
  }

  @Test func sourceProfileLoopIsReported() async throws {
    let files = [
      "/home/dev/.aws/config": """
      [profile a]
      role_arn = arn:aws:iam::1:role/a
      source_profile = b
      [profile b]
      role_arn = arn:aws:iam::1:role/b
      source_profile = a
      """
    ]
    await #expect(throws: AWSClientError.invalidConfiguration("source_profile loop: a -> b -> a")) {
      try await chain(["AWS_PROFILE": "a"], files: files) { _, _ in testCredentials }.resolve()
    }
  }

  @Test func missingCredentialsNameEveryPlaceLooked() async throws {
    do {
      _ = try await chain(["AWS_EC2_METADATA_DISABLED": "true"]).resolve()
      Issue.record("expected missing credentials")
    } catch let error as AWSClientError {
      #expect(
        error.description
          == "no aws credentials found: looked in the environment (AWS_ACCESS_KEY_ID and "
          + "AWS_SECRET_ACCESS_KEY), web identity (AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN), "
          + "profile \"default\" in the shared credentials "
          + "file /home/dev/.aws/credentials (not found) and the config file "
          + "/home/dev/.aws/config (not found), the container endpoint "
          + "(AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are "
          + "not set), the instance metadata service at http://169.254.169.254 (disabled by "
          + "AWS_EC2_METADATA_DISABLED)")
      #expect(!error.description.contains("\n"))
      #expect(
        error.description == error.description.lowercased() || error.description.contains("AWS_"))
    }
  }

  @Test func halfSetEnvironmentIsAnError() async throws {
    await #expect(
      throws: AWSClientError.invalidConfiguration(
        "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
    ) {
      try await chain(["AWS_ACCESS_KEY_ID": "AKIA"]).resolve()
    }
    // As in botocore, only the key id turns the source on: a secret alone is passed over.
    let credentials = try await chain(
      ["AWS_SECRET_ACCESS_KEY": "orphan"],
      files: [
        "/home/dev/.aws/credentials":
          "[default]\naws_access_key_id = AKIAF\naws_secret_access_key = f\n"
      ]
    ).resolve()
    #expect(credentials.method == .sharedCredentialsFile)
  }

  @Test func regionComesFromOptionThenEnvironmentThenProfile() throws {
    let files = ["/home/dev/.aws/config": "[profile dev]\nregion = ap-south-1\n"]
    func region(_ env: [String: String], explicit: String? = nil) throws -> String {
      try AWSConfiguration.resolve(
        AWSClientOptions(
          region: explicit, environment: AWSEnvironment(env),
          fileSystem: .inMemory(files, homeDirectory: home))
      ).region
    }
    #expect(try region(["AWS_PROFILE": "dev"]) == "ap-south-1")
    #expect(try region(["AWS_PROFILE": "dev", "AWS_DEFAULT_REGION": "us-west-2"]) == "us-west-2")
    #expect(
      try region([
        "AWS_PROFILE": "dev", "AWS_DEFAULT_REGION": "us-west-2", "AWS_REGION": "eu-north-1",
      ])
        == "eu-north-1")
    #expect(try region(["AWS_REGION": "eu-north-1"], explicit: "sa-east-1") == "sa-east-1")
    #expect(throws: AWSClientError.self) { try region([:]) }
  }

  @Test func concurrentCallersShareOneResolutionAndExpiringCredentialsAreRefreshed() async throws {
    let resolutions = Counter()
    let clock = TestClock(fixedDate)
    let provider = CredentialsProvider(now: { clock.now }) {
      let count = await resolutions.next()
      try await Task.sleep(nanoseconds: 20_000_000)
      return AWSCredentials(
        accessKeyID: "ASIA\(count)", secretAccessKey: "s", sessionToken: "t",
        expiration: fixedDate.addingTimeInterval(3600))
    }
    async let first = provider.credentials()
    async let second = provider.credentials()
    let keys = try await [first.accessKeyID, second.accessKeyID]
    #expect(keys == ["ASIA1", "ASIA1"])
    #expect(await resolutions.value == 1)
    clock.now = fixedDate.addingTimeInterval(3600 - 200)
    #expect(try await provider.credentials().accessKeyID == "ASIA2")
  }

  @Test func unknownProfileIsReportedBeforeAMissingRegion() throws {
    #expect(
      throws: AWSClientError.profileNotFound(
        name: "prod",
        searched: "the shared credentials file /home/dev/.aws/credentials (not found) and the "
          + "config file /home/dev/.aws/config (not found)")
    ) {
      try AWSConfiguration.resolve(
        AWSClientOptions(
          environment: AWSEnvironment(["AWS_PROFILE": "prod"]),
          fileSystem: .inMemory([:], homeDirectory: home)))
    }
  }
}

/// A settable clock for `@Sendable` closures.
final class TestClock: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Date
  init(_ start: Date) { value = start }
  var now: Date {
    get { lock.withLock { value } }
    set { lock.withLock { value = newValue } }
  }
}
