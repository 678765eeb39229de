import Foundation

/// An access key pair with an optional session token, and where it came from.
///
/// `description` and `debugDescription` never show the secret or the token, so credentials can
/// be interpolated into logs and error messages safely:
/// `AWSCredentials(accessKeyID: AKIA…MPLE, secret: <redacted>, sessionToken: <redacted>, source: env)`.
public struct AWSCredentials: Sendable, Equatable, CustomStringConvertible,
  CustomDebugStringConvertible, CustomReflectable
{
  /// The access key id (`AKIA…`, `ASIA…`). Not a secret, but shortened in descriptions anyway.
  public var accessKeyID: String
  /// The secret access key.
  public var secretAccessKey: String
  /// The session token of temporary credentials.
  public var sessionToken: String?
  /// When temporary credentials expire.
  public var expiration: Date?
  /// Where the credentials were found, for messages: `environment`, `profile dev`, ...
  public var source: String
  /// Which source of the chain gave them, in botocore's names.
  public var method: CredentialMethod

  /// Creates credentials.
  public init(
    accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil,
    expiration: Date? = nil, source: String = "explicit", method: CredentialMethod = .explicit
  ) {
    self.accessKeyID = accessKeyID
    self.secretAccessKey = secretAccessKey
    self.sessionToken = sessionToken
    self.expiration = expiration
    self.source = source
    self.method = method
  }

  /// The access key id with all but its first 4 and last 4 characters hidden.
  public var redactedAccessKeyID: String {
    guard accessKeyID.count > 8 else { return "<redacted>" }
    return "\(accessKeyID.prefix(4))…\(accessKeyID.suffix(4))"
  }

  public var description: String {
    var text = "AWSCredentials(accessKeyID: \(redactedAccessKeyID), secret: <redacted>"
    if sessionToken != nil { text += ", sessionToken: <redacted>" }
    return text + ", source: \(source))"
  }

  public var debugDescription: String { description }

  /// `dump` and reflection show the redacted description too.
  public var customMirror: Mirror {
    Mirror(self, children: ["redacted": description], displayStyle: .struct)
  }
}
