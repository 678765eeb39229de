import Foundation

/// `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY`, with `AWS_SECURITY_TOKEN` or
/// `AWS_SESSION_TOKEN` (botocore's order) and `AWS_CREDENTIAL_EXPIRATION`.
///
/// Only `AWS_ACCESS_KEY_ID` turns the source on, as in botocore: a secret alone is ignored, a
/// key id without its secret is an error.
struct EnvironmentCredentials {
  /// The environment.
  var environment: AWSEnvironment

  /// The credentials, nil when `AWS_ACCESS_KEY_ID` is not set.
  func load() throws -> AWSCredentials? {
    guard let keyID = environment["AWS_ACCESS_KEY_ID"] else { return nil }
    guard let secret = environment["AWS_SECRET_ACCESS_KEY"] else {
      throw AWSClientError.invalidConfiguration(
        "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
    }
    var expiration: Date?
    if let text = environment["AWS_CREDENTIAL_EXPIRATION"] {
      guard let date = AWSTimestamp.parseISO8601(text) else {
        throw AWSClientError.invalidConfiguration(
          "AWS_CREDENTIAL_EXPIRATION must be an ISO 8601 time like 2026-11-29T05:00:00Z, got "
            + "\"\(text)\"")
      }
      expiration = date
    }
    return AWSCredentials(
      accessKeyID: keyID, secretAccessKey: secret,
      sessionToken: environment["AWS_SECURITY_TOKEN"] ?? environment["AWS_SESSION_TOKEN"],
      expiration: expiration, source: "environment", method: .environment)
  }
}
