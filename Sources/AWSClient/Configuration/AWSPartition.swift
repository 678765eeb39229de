import Foundation

/// AWS's partitions as far as endpoints go: the DNS suffixes of their service endpoints, from
/// botocore's `partitions.json` (`dnsSuffix` and `dualStackDnsSuffix` of each partition).
///
/// ```swift
/// AWSPartition.isAWSHost("cloudformation.eu-west-1.amazonaws.com")                   // true
/// AWSPartition.isAWSHost("vpce-0a1b-cf.cloudformation.eu-west-1.vpce.amazonaws.com") // true
/// AWSPartition.isAWSHost("127.0.0.1")                                                // false
/// ```
public enum AWSPartition {
  /// The DNS suffixes of AWS endpoints in every partition (aws, aws-cn, aws-us-gov, aws-eusc,
  /// aws-iso, aws-iso-b, aws-iso-e, aws-iso-f), standard and dual-stack.
  public static let dnsSuffixes: [String] = [
    "amazonaws.com", "api.aws", "amazonaws.com.cn", "api.amazonwebservices.com.cn",
    "amazonaws.eu", "api.amazonwebservices.eu", "c2s.ic.gov", "api.aws.ic.gov", "sc2s.sgov.gov",
    "api.aws.scloud", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk", "csp.hci.ic.gov",
    "api.aws.hci.ic.gov",
  ]

  /// True when `host` is an AWS service endpoint (public, FIPS, dual-stack or a VPC endpoint's
  /// DNS name), whichever way it was configured.
  public static func isAWSHost(_ host: String) -> Bool {
    var name = host.lowercased()
    while name.hasSuffix(".") { name.removeLast() }
    return dnsSuffixes.contains { name.hasSuffix("." + $0) }
  }
}

extension ResolvedEndpoint {
  /// True when the endpoint is AWS's own (see ``AWSPartition/isAWSHost(_:)``), even when it was
  /// set through `AWS_ENDPOINT_URL_*` or a profile; false for an emulator or any other host.
  public var isAWS: Bool {
    url.host.map(AWSPartition.isAWSHost) ?? false
  }
}
