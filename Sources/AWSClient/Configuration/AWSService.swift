import Foundation

/// The AWS services facestack talks to, with what signing and endpoint resolution need.
public struct AWSService: Sendable, Equatable, CustomStringConvertible {
  /// The SigV4 signing name (`cloudformation`, `s3`, `sts`, `iam`).
  public var signingName: String
  /// The endpoint prefix of the default AWS endpoint.
  public var endpointPrefix: String
  /// The suffix of `AWS_ENDPOINT_URL_<SUFFIX>` and the key in a `[services]` section.
  public var environmentKey: String
  /// The Query protocol API version, nil for REST services.
  public var apiVersion: String?
  /// Global services sign with this region whatever the configured one (IAM: `us-east-1`).
  public var globalRegion: String?
  /// The JSON protocol's `X-Amz-Target` prefix and content-type version (`DynamoDB_20120810`,
  /// `1.0`); nil for other protocols.
  public var jsonProtocol: (targetPrefix: String, version: String)?
  /// How requests are signed.
  public var signingOptions: SigningOptions

  /// Creates a service description.
  public init(
    signingName: String, endpointPrefix: String, environmentKey: String, apiVersion: String?,
    globalRegion: String? = nil, signingOptions: SigningOptions = .standard,
    jsonProtocol: (targetPrefix: String, version: String)? = nil
  ) {
    self.jsonProtocol = jsonProtocol
    self.signingName = signingName
    self.endpointPrefix = endpointPrefix
    self.environmentKey = environmentKey
    self.apiVersion = apiVersion
    self.globalRegion = globalRegion
    self.signingOptions = signingOptions
  }

  public var description: String { signingName }

  public static func == (lhs: AWSService, rhs: AWSService) -> Bool {
    lhs.signingName == rhs.signingName && lhs.endpointPrefix == rhs.endpointPrefix
      && lhs.environmentKey == rhs.environmentKey && lhs.apiVersion == rhs.apiVersion
      && lhs.globalRegion == rhs.globalRegion && lhs.signingOptions == rhs.signingOptions
      && lhs.jsonProtocol?.targetPrefix == rhs.jsonProtocol?.targetPrefix
      && lhs.jsonProtocol?.version == rhs.jsonProtocol?.version
  }

  /// AWS CloudFormation (Query protocol, 2010-05-15).
  public static let cloudFormation = AWSService(
    signingName: "cloudformation", endpointPrefix: "cloudformation",
    environmentKey: "CLOUDFORMATION", apiVersion: "2010-05-15")
  /// Amazon S3 (REST-XML).
  public static let s3 = AWSService(
    signingName: "s3", endpointPrefix: "s3", environmentKey: "S3", apiVersion: nil,
    signingOptions: .s3)
  /// AWS STS (Query protocol, 2011-06-15), regional endpoints as the CLI v2 uses.
  public static let sts = AWSService(
    signingName: "sts", endpointPrefix: "sts", environmentKey: "STS", apiVersion: "2011-06-15")
  /// AWS IAM (Query protocol, 2010-05-08), global, signed for `us-east-1`.
  public static let iam = AWSService(
    signingName: "iam", endpointPrefix: "iam", environmentKey: "IAM", apiVersion: "2010-05-08",
    globalRegion: "us-east-1")

  /// Amazon DynamoDB (JSON 1.0, 2012-08-10).
  public static let dynamoDB = AWSService(
    signingName: "dynamodb", endpointPrefix: "dynamodb", environmentKey: "DYNAMODB",
    apiVersion: nil, jsonProtocol: ("DynamoDB_20120810", "1.0"))
  /// Amazon CloudWatch Logs (JSON 1.1, 2014-03-28).
  public static let logs = AWSService(
    signingName: "logs", endpointPrefix: "logs", environmentKey: "CLOUDWATCH_LOGS",
    apiVersion: nil, jsonProtocol: ("Logs_20140328", "1.1"))

  /// The IAM Identity Center portal (REST-JSON, 2019-06-10): `GetRoleCredentials`, called
  /// unsigned with the SSO access token (`AWS_ENDPOINT_URL_SSO`, `[services] sso`).
  public static let sso = AWSService(
    signingName: "awsssoportal", endpointPrefix: "portal.sso", environmentKey: "SSO",
    apiVersion: nil)
  /// IAM Identity Center OIDC (REST-JSON, 2019-06-10): `CreateToken`, called unsigned to
  /// refresh the SSO access token (`AWS_ENDPOINT_URL_SSO_OIDC`, `[services] sso_oidc`).
  public static let ssoOIDC = AWSService(
    signingName: "sso-oauth", endpointPrefix: "oidc", environmentKey: "SSO_OIDC", apiVersion: nil)

  /// The public AWS endpoint in `region`.
  public func defaultEndpoint(region: String) -> URL? {
    let domain = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
    if globalRegion != nil && !region.hasPrefix("cn-") {
      return URL(string: "https://\(endpointPrefix).\(domain)")
    }
    return URL(string: "https://\(endpointPrefix).\(region).\(domain)")
  }
}
