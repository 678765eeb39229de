import Foundation

/// Where and how the instance metadata service (IMDS) is asked, from the variables, else the
/// active profile, as botocore reads them:
///
/// | setting | variable | profile key | default |
/// |---|---|---|---|
/// | off | `AWS_EC2_METADATA_DISABLED=true` | | on |
/// | endpoint | `AWS_EC2_METADATA_SERVICE_ENDPOINT` | `ec2_metadata_service_endpoint` | by mode |
/// | mode | `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` | `ec2_metadata_service_endpoint_mode` | `IPv4`: `http://169.254.169.254`; `IPv6`: `http://[fd00:ec2::254]` |
/// | seconds per request | `AWS_METADATA_SERVICE_TIMEOUT` | `metadata_service_timeout` | 1 |
/// | attempts | `AWS_METADATA_SERVICE_NUM_ATTEMPTS` | `metadata_service_num_attempts` | 1 |
/// | no IMDSv1 fallback | `AWS_EC2_METADATA_V1_DISABLED` | `ec2_metadata_v1_disabled` | false |
struct InstanceMetadataSettings: Sendable, Equatable {
  var disabled: Bool
  var endpoint: URL
  var timeout: Double
  var attempts: Int
  var v1Disabled: Bool

  init(environment: AWSEnvironment, profile: [String: String]) throws {
    func value(_ variable: String, _ key: String) -> (String, String)? {
      if let value = environment[variable] { return (value, variable) }
      if let value = profile[key], !value.isEmpty { return (value, key) }
      return nil
    }
    disabled = environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true"
    v1Disabled =
      value("AWS_EC2_METADATA_V1_DISABLED", "ec2_metadata_v1_disabled")?.0.lowercased() == "true"
    if let (text, origin) = value("AWS_METADATA_SERVICE_TIMEOUT", "metadata_service_timeout") {
      guard let seconds = Double(text), seconds > 0 else {
        throw AWSClientError.invalidConfiguration(
          "\(origin) must be a number of seconds, got \"\(text)\"")
      }
      timeout = seconds
    } else {
      timeout = 1
    }
    if let (text, origin) = value(
      "AWS_METADATA_SERVICE_NUM_ATTEMPTS", "metadata_service_num_attempts")
    {
      guard let count = Int(text), count >= 1 else {
        throw AWSClientError.invalidConfiguration(
          "\(origin) must be a whole number of attempts, got \"\(text)\"")
      }
      attempts = count
    } else {
      attempts = 1
    }
    var mode = "ipv4"
    if let (text, origin) = value(
      "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ec2_metadata_service_endpoint_mode")
    {
      guard ["ipv4", "ipv6"].contains(text.lowercased()) else {
        throw AWSClientError.invalidConfiguration("\(origin) must be IPv4 or IPv6, got \"\(text)\"")
      }
      mode = text.lowercased()
    }
    if let (text, origin) = value(
      "AWS_EC2_METADATA_SERVICE_ENDPOINT", "ec2_metadata_service_endpoint")
    {
      guard let url = URL(string: text), url.scheme != nil, url.host != nil else {
        throw AWSClientError.invalidConfiguration(
          "\(origin) must be a url like http://169.254.169.254, got \"\(text)\"")
      }
      endpoint = url
    } else {
      endpoint =
        URL(string: mode == "ipv6" ? "http://[fd00:ec2::254]" : "http://169.254.169.254")
        ?? URL(fileURLWithPath: "/")
    }
  }
}
