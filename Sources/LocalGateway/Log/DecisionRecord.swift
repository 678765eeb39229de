import Foundation
import IAM

/// One authorization decision of the local cloud, as the decision log keeps it (one JSON
/// object per line in the log file; `facestack local iam-log` prints ``textLine``).
///
/// ```json
/// {"sequence": 42, "time": "2026-12-04T18:00:00.123Z", "requestId": "9f2c…", "source": "gateway",
///  "principal": "arn:aws:sts::123456789012:assumed-role/StoreRole/store-1",
///  "principalType": "AssumedRole", "session": "store-1", "accessKeyId": "ASIA…",
///  "service": "s3", "operation": "PutObject", "action": "s3:PutObject",
///  "resource": "arn:aws:s3:::images/processed/a.json", "decision": "ImplicitDeny",
///  "missing": "identity", "reason": "no identity-based policy allows the s3:PutObject action",
///  "message": "User: arn:aws:sts::… is not authorized to perform: s3:PutObject on resource: …"}
/// ```
public struct DecisionRecord: Codable, Hashable, Sendable {
  /// The decision.
  public enum Outcome: String, Codable, Hashable, Sendable, CaseIterable {
    /// Allowed.
    case allow = "Allow"
    /// A Deny statement applies.
    case explicitDeny = "ExplicitDeny"
    /// No statement of a required kind allows.
    case implicitDeny = "ImplicitDeny"
    /// The request is no operation the request map knows: denied by name.
    case unmapped = "Unmapped"
    /// A policy that applies could not be read: denied.
    case policyError = "PolicyError"
    /// The signature or the credentials were refused (no principal to evaluate).
    case unauthenticated = "Unauthenticated"
  }

  /// Who made the decision: the gateway (a request) or the runtime (on a principal's behalf).
  public enum Source: String, Codable, Hashable, Sendable {
    /// A request through the gateway.
    case gateway
    /// The runtime's ``Authorizer`` call.
    case runtime
  }

  /// The deciding statement.
  public struct StatementInfo: Codable, Hashable, Sendable {
    /// `identity`, `permissionsBoundary`, `session`, `resource`.
    public var kind: String
    /// The policy's name.
    public var policy: String
    /// The statement's index.
    public var index: Int
    /// Its Sid.
    public var sid: String?
    /// `Allow` or `Deny`.
    public var effect: String
  }

  /// Position in the log, from 1.
  public var sequence: Int
  /// When, ISO 8601 with milliseconds, UTC.
  public var time: String
  /// The request's id (as answered to the client in `x-amz-request-id` / `x-amzn-RequestId`).
  public var requestId: String
  /// Gateway or runtime.
  public var source: Source
  /// The caller's ARN (the access key id when refused before it was known).
  public var principal: String
  /// `User`, `AssumedRole`, `Service`, `Anonymous`; nil when unauthenticated.
  public var principalType: String?
  /// A session's name.
  public var session: String?
  /// The access key that signed.
  public var accessKeyId: String?
  /// The service (SigV4 signing name).
  public var service: String?
  /// The operation.
  public var operation: String?
  /// The IAM action (`s3:PutObject`), or `service:Operation` when unmapped.
  public var action: String
  /// The resource ARN or `*`.
  public var resource: String
  /// The decision.
  public var decision: Outcome
  /// The statement that decided (an Allow, or an explicit Deny).
  public var statement: StatementInfo?
  /// For an implicit deny, the kind of policy that allows nothing.
  public var missing: String?
  /// Why, in a few words.
  public var reason: String
  /// For a denial, AWS's `AccessDenied` message the client received.
  public var message: String?

  /// Whether the request was refused.
  public var isDenied: Bool { decision != .allow }

  /// One line: `TIME DENY principal action resource: reason [request id]`.
  public var textLine: String {
    let verdict = decision == .allow ? "ALLOW" : "DENY "
    let who = Self.shortPrincipal(principal)
    return "\(time) \(verdict) \(who) \(action) \(resource): \(reason) [\(requestId)]"
  }

  /// `assumed-role/StoreRole/s1`, `user/alice`, or the text as it is.
  static func shortPrincipal(_ arn: String) -> String {
    guard let parts = ARNParts(arn), !parts.resource.isEmpty else { return arn }
    return parts.resource
  }

  /// The statement info of a reference.
  static func info(_ reference: StatementReference?) -> StatementInfo? {
    reference.map {
      StatementInfo(
        kind: $0.kind.rawValue, policy: $0.policy, index: $0.index, sid: $0.sid,
        effect: $0.effect.rawValue)
    }
  }

  /// `2026-12-04T18:00:00.123Z`.
  static func timestamp(_ date: Date) -> String {
    UTCTimestamp.iso8601(date, milliseconds: true)
  }
}
