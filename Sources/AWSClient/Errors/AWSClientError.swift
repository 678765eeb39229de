/// Errors of the client itself (as opposed to an answer from AWS, ``AWSServiceError``). Each
/// description is one lowercase line that says what was wrong and where it looked.
public enum AWSClientError: Error, Sendable, Equatable, CustomStringConvertible {
  /// No credentials anywhere; the message lists every place that was searched.
  case missingCredentials(searched: [String])
  /// A named profile is in neither shared file.
  case profileNotFound(name: String, searched: String)
  /// No region anywhere.
  case missingRegion(searched: [String])
  /// A setting has a value that cannot be used.
  case invalidConfiguration(String)
  /// A credential source is configured but gave no credentials: a failing `credential_process`,
  /// an expired SSO session, an unreadable token file, an MFA code that cannot be asked for.
  case credentialSource(String)
  /// The connection failed, or timed out, after every retry.
  case transport(String)
  /// A wait ran out of time.
  case timeout(String)
  /// The response could not be understood.
  case malformedResponse(operation: String, reason: String)
  /// A test double was called for an operation it does not implement.
  case unimplemented(String)

  public var description: String {
    switch self {
    case .missingCredentials(let searched):
      return "no aws credentials found: looked in " + searched.joined(separator: ", ")
    case .profileNotFound(let name, let searched):
      return "aws profile \"\(name)\" not found in \(searched)"
    case .missingRegion(let searched):
      return "no aws region set: looked in " + searched.joined(separator: ", ")
    case .invalidConfiguration(let message), .credentialSource(let message):
      return message
    case .transport(let message), .timeout(let message):
      return message
    case .malformedResponse(let operation, let reason):
      return "unexpected response to \(operation): \(reason)"
    case .unimplemented(let name):
      return "\(name) is not implemented by this test double"
    }
  }
}
