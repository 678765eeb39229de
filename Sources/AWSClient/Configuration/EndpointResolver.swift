import Foundation

/// Finds the endpoint of a service as the AWS CLI does, first match wins:
/// 1. the explicit override (`--endpoint-url`, or the local emulator's address);
/// 2. `AWS_ENDPOINT_URL_<SERVICE>` (`AWS_ENDPOINT_URL_CLOUDFORMATION`, `AWS_ENDPOINT_URL_S3`);
/// 3. `AWS_ENDPOINT_URL`;
/// 4. the profile's `services` section (`cloudformation =` / `  endpoint_url = ...`);
/// 5. the profile's `endpoint_url`;
/// 6. the public AWS endpoint of the region.
///
/// Steps 2 to 5 are skipped when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`.
public struct EndpointResolver: Sendable {
  /// An endpoint used for every service, when set.
  public var override: URL?
  /// The environment.
  public var environment: AWSEnvironment
  /// The endpoint settings of the active profile (`endpoint_url`,
  /// `ignore_configured_endpoint_urls`); other keys, secrets among them, are not kept.
  public var profile: [String: String]
  /// The profile's `[services NAME]` section, if it names one.
  public var servicesSection: [String: String]

  /// Creates a resolver.
  public init(
    override: URL?, environment: AWSEnvironment, profile: [String: String] = [:],
    servicesSection: [String: String] = [:]
  ) {
    self.override = override
    self.environment = environment
    self.profile = profile.filter {
      $0.key == "endpoint_url" || $0.key == "ignore_configured_endpoint_urls"
    }
    self.servicesSection = servicesSection
  }

  /// The endpoint of `service` in `region`, and whether it is a custom one (custom endpoints
  /// get path-style S3 addressing).
  public func endpoint(for service: AWSService, region: String) throws -> ResolvedEndpoint {
    if let override { return ResolvedEndpoint(url: override, isCustom: true) }
    let ignoreConfigured =
      environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() == "true"
      || profile["ignore_configured_endpoint_urls"]?.lowercased() == "true"
    if !ignoreConfigured {
      let candidates: [(String, String?)] = [
        (
          "AWS_ENDPOINT_URL_\(service.environmentKey)",
          environment["AWS_ENDPOINT_URL_\(service.environmentKey)"]
        ),
        ("AWS_ENDPOINT_URL", environment["AWS_ENDPOINT_URL"]),
        (
          "services \(service.environmentKey.lowercased()).endpoint_url",
          servicesSection["\(service.environmentKey.lowercased()).endpoint_url"]
        ),
        ("endpoint_url", profile["endpoint_url"]),
      ]
      for (origin, value) in candidates {
        guard let value else { continue }
        guard let url = URL(string: value), url.scheme != nil, url.host != nil else {
          throw AWSClientError.invalidConfiguration(
            "\(origin) must be a url like http://127.0.0.1:5000, got \"\(value)\"")
        }
        return ResolvedEndpoint(url: url, isCustom: true)
      }
    }
    guard let url = service.defaultEndpoint(region: region) else {
      throw AWSClientError.invalidConfiguration(
        "no endpoint for \(service) in region \"\(region)\"")
    }
    return ResolvedEndpoint(url: url, isCustom: false)
  }
}

/// An endpoint and where it came from.
public struct ResolvedEndpoint: Sendable, Equatable {
  /// The base URL (`https://cloudformation.eu-west-1.amazonaws.com`, `http://127.0.0.1:5000`).
  public var url: URL
  /// True for endpoints set by the user rather than AWS's own.
  public var isCustom: Bool

  /// Creates an endpoint.
  public init(url: URL, isCustom: Bool) {
    self.url = url
    self.isCustom = isCustom
  }
}
