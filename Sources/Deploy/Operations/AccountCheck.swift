import AWSClient
import Foundation

/// What the account check did.
public enum AccountCheckResult: Sendable, Equatable {
  /// The credentials are the environment's account.
  case matched(CallerIdentity)
  /// CloudFormation calls go elsewhere than AWS (the local emulator, another endpoint), whose
  /// accounts are their own: nothing was compared.
  case skipped(endpoint: URL)
}

extension Deployer {
  /// True when CloudFormation calls go to AWS itself: the client's CloudFormation endpoint is in
  /// an AWS partition's domain (public, FIPS or VPC endpoint, however it was configured), or is
  /// unknown. Other `AWS_ENDPOINT_URL_*` variables (an S3 or STS endpoint of their own) do not
  /// matter: the stack still deploys to AWS.
  public var deploysToAWS: Bool {
    aws.cloudFormationEndpoint?.isAWS ?? true
  }

  /// Refuses to touch an account other than the environment's: whenever the stack deploys to
  /// AWS (``deploysToAWS``), the credentials' account (`GetCallerIdentity`) must be `expected`.
  /// Skipped when CloudFormation is elsewhere (the emulator, an endpoint that is not AWS's).
  public func checkAccount(expected: String, environment: String) async throws {
    _ = try await accountCheck(expected: expected, environment: environment)
  }

  /// ``checkAccount(expected:environment:)``, saying what it did: the identity it compared, or
  /// the endpoint that made it skip (for a diagnostic line).
  public func accountCheck(expected: String, environment: String) async throws
    -> AccountCheckResult
  {
    if !deploysToAWS, let endpoint = aws.cloudFormationEndpoint {
      return .skipped(endpoint: endpoint.url)
    }
    let identity = try await aws.sts.getCallerIdentity()
    guard identity.account == expected else {
      throw DeployError.input(
        "the credentials are for account \(identity.account) (\(identity.arn)), but environment "
          + "\(environment) is account \(expected); use that account's credentials")
    }
    return .matched(identity)
  }
}
