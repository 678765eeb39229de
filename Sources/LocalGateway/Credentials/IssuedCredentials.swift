import Foundation
import IAM

/// What the local cloud issued for an access key: its secret and session token, when it
/// expires, and who it stands for (the emulator's `GET /_facestack/credentials/<key>`).
public struct IssuedCredentials: Hashable, Sendable, CustomStringConvertible {
  /// The access key id.
  public var accessKeyID: String
  /// The secret access key.
  public var secretAccessKey: String
  /// A session's token; nil for an IAM user's key.
  public var sessionToken: String?
  /// When a session expires; nil for an IAM user's key.
  public var expiration: Date?
  /// The account the key belongs to.
  public var accountID: String
  /// The IAM user or the role session.
  public var principal: RequestPrincipal
  /// The session policy passed to `AssumeRole` (JSON text), if any.
  public var sessionPolicy: String?

  /// Credentials.
  public init(
    accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil,
    expiration: Date? = nil, accountID: String, principal: RequestPrincipal,
    sessionPolicy: String? = nil
  ) {
    self.accessKeyID = accessKeyID
    self.secretAccessKey = secretAccessKey
    self.sessionToken = sessionToken
    self.expiration = expiration
    self.accountID = accountID
    self.principal = principal
    self.sessionPolicy = sessionPolicy
  }

  /// The key and principal; never the secret or the token.
  public var description: String { "\(accessKeyID) (\(principal.arn))" }
}
