import Foundation
import Testing

@testable import AWSClient

/// `--profile` and `--region` as the CLI passes them (``AWSOverrides``), the environment
/// file's ownership of its region, and the files named after `HOME`.
@Suite struct ProfileAndRegionTests {
  @Test func anEnvironmentOwnsItsRegion() throws {
    let file = "stacks/environments/dev.yaml"
    #expect(
      try AWSOverrides().region(forEnvironment: "dev", declaredRegion: "eu-west-1", file: file)
        == "eu-west-1")
    #expect(
      try AWSOverrides(region: "eu-west-1").region(
        forEnvironment: "dev", declaredRegion: "eu-west-1", file: file) == "eu-west-1")
    do {
      _ = try AWSOverrides(profile: "dev", region: "us-west-2").region(
        forEnvironment: "dev", declaredRegion: "eu-west-1", file: file)
      Issue.record("expected a conflict")
    } catch {
      #expect(
        error
          == RegionConflictError(
            requested: "us-west-2", declared: "eu-west-1", environment: "dev", file: file))
      #expect(
        error.description
          == "--region us-west-2 differs from the region of environment dev, eu-west-1 in "
          + "stacks/environments/dev.yaml; the environment owns its region: drop --region or "
          + "change the file")
    }
    #expect(AWSOverrides(profile: "", region: "") == AWSOverrides())
  }

  @Test func overridesReachTheConfiguration() async throws {
    let files = [
      "/home/dev/.aws/config": "[profile ops]\nregion = ap-south-1\n",
      "/home/dev/.aws/credentials":
        "[ops]\naws_access_key_id = AKIAOPS\naws_secret_access_key = o\n",
    ]
    func configuration(_ overrides: AWSOverrides, region: String? = nil) throws -> AWSConfiguration
    {
      var options = AWSClientOptions(overrides, region: region)
      options.environment = AWSEnvironment([
        "HOME": "/home/dev", "AWS_PROFILE": "missing", "AWS_ACCESS_KEY_ID": "AKIAENV",
        "AWS_SECRET_ACCESS_KEY": "e", "AWS_REGION": "eu-north-1",
      ])
      options.fileSystem = .inMemory(files, homeDirectory: "/elsewhere")
      return try AWSConfiguration.resolve(options)
    }
    // --profile wins over AWS_PROFILE (which names a profile that does not exist) and over
    // the keys in the environment; --region over AWS_REGION and the profile's region.
    let ops = try configuration(AWSOverrides(profile: "ops"))
    #expect(ops.profileName == "ops")
    #expect(ops.region == "eu-north-1")
    #expect(try await ops.resolveCredentials().accessKeyID == "AKIAOPS")
    #expect(
      try configuration(AWSOverrides(profile: "ops", region: "sa-east-1")).region == "sa-east-1")
    #expect(
      try configuration(AWSOverrides(profile: "ops", region: "sa-east-1"), region: "eu-west-1")
        .region == "eu-west-1")
    #expect(
      AWSClientOptions(AWSOverrides(profile: "p", region: "r")).overrides
        == AWSOverrides(profile: "p", region: "r"))
    #expect(throws: AWSClientError.self) { try configuration(AWSOverrides()) }
  }

  @Test func messagesNameTheFilesOfTheCurrentHome() async throws {
    let home = try TemporaryHome()
    defer { home.remove() }
    let environment = [
      "HOME": home.path, "AWS_REGION": "eu-west-1", "AWS_EC2_METADATA_DISABLED": "true",
    ]
    let missing = await errorMessage {
      _ = try await AWSConfiguration.resolve(isolatedOptions(environment)).resolveCredentials()
    }
    #expect(
      missing.contains(
        "profile \"default\" in the shared credentials file \(home.path)/.aws/credentials (not "
          + "found) and the config file \(home.path)/.aws/config (not found)"))
    #expect(!missing.contains(NSHomeDirectory() + "/.aws"))
    let unknown = await errorMessage {
      _ = try AWSConfiguration.resolve(isolatedOptions(environment, profile: "prod"))
    }
    #expect(
      unknown
        == "aws profile \"prod\" not found in the shared credentials file \(home.path)/.aws/"
        + "credentials (not found) and the config file \(home.path)/.aws/config (not found)")
    // The file variables, with ~ meaning the same HOME.
    try home.write("team/config", "[profile t]\nregion = eu-central-1\n")
    let custom = try AWSConfiguration.resolve(
      isolatedOptions(
        environment.merging([
          "AWS_CONFIG_FILE": "~/team/config", "AWS_SHARED_CREDENTIALS_FILE": "~/team/credentials",
          "AWS_PROFILE": "t",
        ]) { $1 }))
    #expect(custom.credentialChain.sharedConfig.configPath == home.path + "/team/config")
    #expect(custom.credentialChain.sharedConfig.credentialsPath == home.path + "/team/credentials")
    let noKeys = await errorMessage { _ = try await custom.resolveCredentials() }
    #expect(
      noKeys.contains(
        "profile \"t\" (AWS_PROFILE) in the shared credentials file \(home.path)/team/credentials "
          + "(not found) and the config file \(home.path)/team/config, which has no "
          + "aws_access_key_id, role_arn, sso_session, sso_start_url, credential_process or "
          + "web_identity_token_file"))
  }

  @Test func theChainsOwnCallsUseAWSEndpointVariables() throws {
    func url(
      _ service: AWSService, _ variables: [String: String], profile: [String: String] = [:],
      services: [String: String] = [:]
    ) throws -> String {
      try EndpointResolver(
        override: nil, environment: AWSEnvironment(variables), profile: profile,
        servicesSection: services
      ).endpoint(for: service, region: "eu-west-1").url.absoluteString
    }
    #expect(try url(.sso, [:]) == "https://portal.sso.eu-west-1.amazonaws.com")
    #expect(try url(.ssoOIDC, [:]) == "https://oidc.eu-west-1.amazonaws.com")
    #expect(try url(.sts, [:]) == "https://sts.eu-west-1.amazonaws.com")
    let all = ["AWS_ENDPOINT_URL": "http://127.0.0.1:4566"]
    #expect(try url(.sso, all) == "http://127.0.0.1:4566")
    #expect(
      try url(.ssoOIDC, all.merging(["AWS_ENDPOINT_URL_SSO_OIDC": "http://127.0.0.1:9"]) { $1 })
        == "http://127.0.0.1:9")
    #expect(
      try url(.sso, [:], services: ["sso.endpoint_url": "http://127.0.0.1:7"])
        == "http://127.0.0.1:7")
    #expect(
      try url(.ssoOIDC, [:], services: ["sso_oidc.endpoint_url": "http://127.0.0.1:8"])
        == "http://127.0.0.1:8")
    #expect(
      try url(.sts, all.merging(["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"]) { $1 })
        == "https://sts.eu-west-1.amazonaws.com")
  }

  @Test func theProfilesServicesSectionRoutesSSO() async throws {
    let server = try await StandInServer.start(SSOCredentialsTests.standIns)
    defer { server.stop() }
    let home = try TemporaryHome(files: [
      ".aws/config": SSOCredentialsTests.config.replacingOccurrences(
        of: "[profile dev-sso]", with: "[profile dev-sso]\nservices = local")
        + "\n[services local]\nsso =\n  endpoint_url = \(server.endpoint.absoluteString)\n",
      SSOCredentialsTests.sessionCache: SSOCredentialsTests.token(expiresIn: 3600),
    ])
    defer { home.remove() }
    let credentials = try await AWSConfiguration.resolve(
      isolatedOptions([
        "HOME": home.path, "AWS_PROFILE": "dev-sso", "AWS_EC2_METADATA_DISABLED": "true",
      ])
    ).resolveCredentials()
    #expect(credentials.method == .sso)
    #expect(try await server.requests().count == 1)
  }

  @Test func theClientKnowsWhetherCloudFormationIsAWS() throws {
    func endpoint(_ variables: [String: String], override: URL? = nil) throws -> ResolvedEndpoint? {
      var options = AWSClientOptions(
        region: "eu-west-1", endpointURL: override,
        environment: AWSEnvironment(variables.merging(["HOME": "/h"]) { $1 }),
        fileSystem: .inMemory([:]))
      options.transport = .stub { _ in HTTPResponse(statusCode: 500) }
      return try AWSClient.live(options).cloudFormationEndpoint
    }
    #expect(try endpoint([:])?.isAWS == true)
    #expect(try endpoint(["AWS_ENDPOINT_URL_S3": "http://127.0.0.1:9000"])?.isAWS == true)
    #expect(try endpoint(["AWS_ENDPOINT_URL_STS": "http://127.0.0.1:5000"])?.isAWS == true)
    #expect(
      try endpoint([
        "AWS_ENDPOINT_URL_CLOUDFORMATION":
          "https://vpce-0a1b2c3d-x1y2.cloudformation.eu-west-1.vpce.amazonaws.com"
      ])?.isAWS == true)
    #expect(try endpoint(["AWS_ENDPOINT_URL": "http://127.0.0.1:5000"])?.isAWS == false)
    #expect(try endpoint([:], override: URL(string: "http://127.0.0.1:5000"))?.isAWS == false)
    #expect(AWSPartition.isAWSHost("cloudformation.cn-north-1.amazonaws.com.cn"))
    #expect(AWSPartition.isAWSHost("cloudformation.us-gov-west-1.amazonaws.com."))
    #expect(!AWSPartition.isAWSHost("amazonaws.com.attacker.example"))
    #expect(!AWSPartition.isAWSHost("localhost"))
  }
}
