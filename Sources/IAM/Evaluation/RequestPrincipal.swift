/// Who makes a request: an IAM user, a role session, an AWS service, or nobody (anonymous).
///
/// ```swift
/// let session = RequestPrincipal.assumedRole(
///   roleARN: "arn:aws:iam::123456789012:role/StoreRole", sessionName: "store-1")
/// session.arn        // arn:aws:sts::123456789012:assumed-role/StoreRole/store-1
/// ```
public struct RequestPrincipal: Hashable, Sendable, CustomStringConvertible {
  /// The kind of principal, as `aws:PrincipalType` names it.
  public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
    /// An IAM user.
    case user = "User"
    /// A session of an IAM role (`sts:AssumeRole*`).
    case assumedRole = "AssumedRole"
    /// An AWS service principal (`events.amazonaws.com`), acting under a resource policy.
    case service = "Service"
    /// An unauthenticated request.
    case anonymous = "Anonymous"
  }

  /// The kind.
  public var kind: Kind
  /// The ARN AWS names the caller by: the user's ARN, the session's
  /// `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`, the service principal's name, or `*`
  /// for anonymous.
  public var arn: String
  /// The caller's account (nil for services and anonymous).
  public var account: String?
  /// A session's role ARN (with its path).
  public var roleARN: String?
  /// A user's name.
  public var userName: String?
  /// A session's name.
  public var sessionName: String?
  /// The unique id (`aws:userid`): `AIDA…` for a user, `AROA…:session` for a session, when known.
  public var userID: String?
  /// Tags of the user or role (`aws:PrincipalTag/…`).
  public var tags: [String: String]

  /// A principal; prefer the static constructors.
  public init(
    kind: Kind, arn: String, account: String?, roleARN: String? = nil, userName: String? = nil,
    sessionName: String? = nil, userID: String? = nil, tags: [String: String] = [:]
  ) {
    self.kind = kind
    self.arn = arn
    self.account = account
    self.roleARN = roleARN
    self.userName = userName
    self.sessionName = sessionName
    self.userID = userID
    self.tags = tags
  }

  /// An IAM user, by ARN (`arn:aws:iam::123456789012:user/path/name`).
  public static func user(arn: String, tags: [String: String] = [:], userID: String? = nil)
    -> RequestPrincipal
  {
    let parts = ARNParts(arn)
    let name = parts.map { String($0.resource.split(separator: "/").last ?? "") }
    return RequestPrincipal(
      kind: .user, arn: arn, account: parts?.account, userName: name, userID: userID, tags: tags)
  }

  /// A session of a role (`roleARN` with its path), named `sessionName`.
  public static func assumedRole(
    roleARN: String, sessionName: String, tags: [String: String] = [:], userID: String? = nil
  ) -> RequestPrincipal {
    let parts = ARNParts(roleARN)
    let roleName = parts.map { String($0.resource.split(separator: "/").last ?? "") } ?? roleARN
    let partition = parts?.partition ?? "aws"
    let account = parts?.account ?? ""
    return RequestPrincipal(
      kind: .assumedRole,
      arn: "arn:\(partition):sts::\(account):assumed-role/\(roleName)/\(sessionName)",
      account: parts?.account, roleARN: roleARN, sessionName: sessionName, userID: userID,
      tags: tags)
  }

  /// An AWS service principal such as `events.amazonaws.com`.
  public static func service(_ name: String) -> RequestPrincipal {
    RequestPrincipal(kind: .service, arn: name, account: nil)
  }

  /// An unauthenticated caller.
  public static let anonymous = RequestPrincipal(kind: .anonymous, arn: "*", account: nil)

  /// A session's role name, from its ARN.
  public var roleName: String? {
    roleARN.flatMap { ARNParts($0) }.map { String($0.resource.split(separator: "/").last ?? "") }
  }

  /// `aws:PrincipalArn`: the user's ARN, or for a session the role's ARN (as AWS sets it).
  public var principalARN: String { kind == .assumedRole ? (roleARN ?? arn) : arn }

  /// How AWS's messages open: `User: arn:…` (sessions too), `Service: …`, `Anonymous user`.
  public var messageName: String {
    switch kind {
    case .user, .assumedRole: return "User: \(arn)"
    case .service: return "Service: \(arn)"
    case .anonymous: return "Anonymous user"
    }
  }

  /// The ARN.
  public var description: String { arn }
}

/// The six parts of an ARN: `arn:partition:service:region:account:resource`.
public struct ARNParts: Hashable, Sendable {
  /// `aws`.
  public var partition: String
  /// `s3`, `iam`, ...
  public var service: String
  /// The region, empty for global services.
  public var region: String
  /// The account, empty for S3 buckets.
  public var account: String
  /// Everything after the fifth colon (`table/T`, `bucket/key`, `function:name:alias`).
  public var resource: String

  /// The parts of `arn`, or nil when it is not an ARN.
  public init?(_ arn: String) {
    let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
    guard parts.count == 6, parts[0] == "arn" else { return nil }
    partition = String(parts[1])
    service = String(parts[2])
    region = String(parts[3])
    account = String(parts[4])
    resource = String(parts[5])
  }
}
