import Foundation
import Testing

@testable import AWSClient

@Suite struct EndpointResolverTests {
  func endpoint(
    _ service: AWSService, env: [String: String] = [:], profile: [String: String] = [:],
    services: [String: String] = [:], override: URL? = nil
  ) throws -> ResolvedEndpoint {
    try EndpointResolver(
      override: override, environment: AWSEnvironment(env), profile: profile,
      servicesSection: services
    ).endpoint(for: service, region: "eu-west-1")
  }

  @Test func defaultsToAWS() throws {
    #expect(
      try endpoint(.cloudFormation).url.absoluteString
        == "https://cloudformation.eu-west-1.amazonaws.com")
    #expect(try endpoint(.s3).url.absoluteString == "https://s3.eu-west-1.amazonaws.com")
    #expect(try endpoint(.iam).url.absoluteString == "https://iam.amazonaws.com")
    #expect(try endpoint(.s3).isCustom == false)
  }

  @Test func serviceVariableBeatsGlobalVariableBeatsProfile() throws {
    let env = [
      "AWS_ENDPOINT_URL": "http://127.0.0.1:5000",
      "AWS_ENDPOINT_URL_S3": "http://127.0.0.1:9000",
    ]
    let profile = ["endpoint_url": "http://127.0.0.1:7000"]
    #expect(
      try endpoint(.s3, env: env, profile: profile).url.absoluteString == "http://127.0.0.1:9000")
    #expect(
      try endpoint(.cloudFormation, env: env, profile: profile).url.absoluteString
        == "http://127.0.0.1:5000")
    #expect(
      try endpoint(.cloudFormation, profile: profile).url.absoluteString == "http://127.0.0.1:7000")
    #expect(try endpoint(.cloudFormation, profile: profile).isCustom)
    #expect(
      try endpoint(.s3, profile: profile, services: ["s3.endpoint_url": "http://s3.local:1"]).url
        .absoluteString == "http://s3.local:1")
  }

  @Test func explicitOverrideWinsAndIgnoreFlagSkipsConfigured() throws {
    let env = [
      "AWS_ENDPOINT_URL": "http://127.0.0.1:5000", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true",
    ]
    #expect(
      try endpoint(.sts, env: env).url.absoluteString == "https://sts.eu-west-1.amazonaws.com")
    #expect(
      try endpoint(.sts, env: env, override: URL(string: "http://localhost:1"))
        .url.absoluteString == "http://localhost:1")
  }

  @Test func malformedEndpointIsRejectedWithItsSource() throws {
    #expect(
      throws: AWSClientError.invalidConfiguration(
        "AWS_ENDPOINT_URL_CLOUDFORMATION must be a url like http://127.0.0.1:5000, got \"localhost\""
      )
    ) {
      try endpoint(.cloudFormation, env: ["AWS_ENDPOINT_URL_CLOUDFORMATION": "localhost"])
    }
  }

  @Test func configurationReadsProfileEndpointAndServicesSection() throws {
    let files = [
      "/home/t/.aws/config": """
      [profile local]
      region = us-east-1
      endpoint_url = http://127.0.0.1:5000
      services = local-services

      [services local-services]
      s3 =
        endpoint_url = http://127.0.0.1:5001
      """
    ]
    let configuration = try AWSConfiguration.resolve(
      AWSClientOptions(
        environment: AWSEnvironment(["AWS_PROFILE": "local"]),
        fileSystem: .inMemory(files, homeDirectory: "/home/t")))
    let endpoints = configuration.sender.endpoints
    #expect(
      try endpoints.endpoint(for: .s3, region: "us-east-1").url.absoluteString
        == "http://127.0.0.1:5001")
    #expect(
      try endpoints.endpoint(for: .cloudFormation, region: "us-east-1").url.absoluteString
        == "http://127.0.0.1:5000")
  }
}
