import AWSClient
import Foundation

extension Deployer {
  /// Refuses to touch an account other than the environment's: the credentials' account
  /// (`GetCallerIdentity`) must be `expected`. Skipped for the emulator and custom endpoints,
  /// whose accounts are their own.
  public func checkAccount(expected: String, environment: String) async throws {
    let identity = try await aws.sts.getCallerIdentity()
    guard identity.account == expected else {
      throw DeployError.input(
        "the credentials are for account \(identity.account) (\(identity.arn)), but environment "
          + "\(environment) is account \(expected); use that account's credentials")
    }
  }
}
