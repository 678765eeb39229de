import AWSClient
import Foundation

/// Credentials of a role's sessions, as a service obtains them to act as the role (Lambda for a
/// function's execution role, the fleet's instances for their profile's role): only when the
/// role's deployed trust policy trusts that service — asked of the local cloud's authorizer,
/// the same evaluation as every other request — then `AssumeRole` in the emulator's STS.
struct RoleCredentials: Sendable {
  /// A session's credentials.
  struct Session: Sendable, Equatable {
    var accessKeyID: String
    var secretAccessKey: String
    var sessionToken: String
    var expiration: Date
  }

  let emulator: EmulatorAPI
  let authorizer: any RuntimeAuthorizer

  /// A session of `role` for `service` (`lambda.amazonaws.com`), named `sessionName`.
  func session(
    role: String, service: String, sessionName: String, sourceArn: String? = nil,
    sourceAccount: String? = nil
  ) async throws -> Session {
    let decision = await authorizer.mayAssume(
      role: role, service: service, sourceArn: sourceArn, sourceAccount: sourceAccount)
    guard decision.allowed else {
      throw LambdaServiceError.roleNotAssumable(
        "The role defined for the function cannot be assumed by Lambda: \(role) "
          + "(\(decision.explanation))")
    }
    let response = try await emulator.query(
      "sts", action: "AssumeRole", version: "2011-06-15",
      parameters: [
        ("RoleArn", role), ("RoleSessionName", sessionName), ("DurationSeconds", "3600"),
      ])
    guard let credentials = response.first(named: "Credentials"),
      let key = credentials.string("AccessKeyId"),
      let secret = credentials.string("SecretAccessKey"),
      let token = credentials.string("SessionToken")
    else {
      throw LambdaServiceError.runner("the emulator's STS AssumeRole answer has no credentials")
    }
    let expiration =
      credentials.string("Expiration").flatMap { ISO8601DateFormatter().date(from: $0) }
      ?? Date().addingTimeInterval(3600)
    return Session(
      accessKeyID: key, secretAccessKey: secret, sessionToken: token, expiration: expiration)
  }
}

/// A decision of the local cloud's authorizer, with its one-line explanation.
public struct AuthorizationDecision: Sendable, Equatable {
  /// Whether the request is allowed.
  public var allowed: Bool
  /// Why: the statement that allowed or denied, or the one missing.
  public var explanation: String

  /// A decision.
  public init(allowed: Bool, explanation: String) {
    self.allowed = allowed
    self.explanation = explanation
  }
}

/// What the runtime asks of the IAM gateway's evaluator for what it does on a principal's
/// behalf: a service assuming a role (trust policy), a role or service acting on a resource
/// (identity and resource policies). Every answer is logged where `facestack local iam-log`
/// reads it.
public protocol RuntimeAuthorizer: Sendable {
  /// Whether `service` may assume `role` (its trust policy), with the source context a service
  /// passes.
  func mayAssume(role: String, service: String, sourceArn: String?, sourceAccount: String?)
    async -> AuthorizationDecision
  /// Whether `principal` — a role's ARN, or a service principal (`events.amazonaws.com`) with
  /// `sourceArn` — may perform `action` on `resource`.
  func authorize(
    principal: String, action: String, resource: String, sourceArn: String?,
    sourceAccount: String?
  ) async -> AuthorizationDecision
}
