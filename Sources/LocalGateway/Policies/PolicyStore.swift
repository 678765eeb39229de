import AWSClient
import Foundation
import IAM
import LocalHTTP
import NIOConcurrencyHelpers

/// Reads the policies that apply to a request from the emulator, so that a change made there
/// takes effect at once: a user's or a role's inline and attached managed policies (and its
/// groups', for a user) and permissions boundary through moto's IAM API; the resource policy of
/// a bucket (`GetBucketPolicy`), queue (`GetQueueAttributes` `Policy`), topic
/// (`GetTopicAttributes`), function (`GetPolicy`), KMS key (`GetKeyPolicy`) and a role's trust
/// policy for `sts:AssumeRole`.
///
/// Answers are kept for `cacheLifetime` seconds (5 by default) and dropped by ``invalidate()``,
/// which the gateway calls after every write to IAM, S3, SQS, SNS, Lambda, KMS or STS passing
/// through it. A policy that cannot be read throws ``PolicyReadFailure``: the caller denies.
///
/// ```swift
/// let store = PolicyStore(emulator: HTTPClient(host: "127.0.0.1", port: 5000))
/// let identity = try await store.identityPolicies(of: principal)
/// let bucket = try await store.resourcePolicy(for: "arn:aws:s3:::images/a.jpg",
///   action: "s3:GetObject", region: "us-east-1")
/// ```
public final class PolicyStore: Sendable {
  private let caller: EmulatorCaller
  private let cacheLifetime: TimeInterval
  private let now: @Sendable () -> Date
  private let identityCache = NIOLockedValueBox<[String: (IdentityPolicies, Date)]>([:])
  private let resourceCache = NIOLockedValueBox<[String: (ResourcePolicy, Date)]>([:])
  private let keyCache = NIOLockedValueBox<[String: (String?, Date)]>([:])

  /// The access key id reads are signed with when the caller's is not known: moto answers in
  /// its default account.
  public static let defaultReaderKey = "FACESTACKGATEWAYREADS"

  /// A store reading `emulator`.
  public init(
    emulator: HTTPClient, cacheLifetime: TimeInterval = 5,
    now: @escaping @Sendable () -> Date = { Date() }
  ) {
    caller = EmulatorCaller(client: emulator)
    self.cacheLifetime = cacheLifetime
    self.now = now
  }

  /// Forgets every policy read.
  public func invalidate() {
    identityCache.withLockedValue { $0.removeAll() }
    resourceCache.withLockedValue { $0.removeAll() }
    keyCache.withLockedValue { $0.removeAll() }
  }

  /// The ARN of the customer-managed KMS key that encrypts the queue or table `resource` (an
  /// index's table), nil when it has none or an AWS managed one (``EncryptionKeyReader``).
  /// Cached like the policies.
  public func encryptionKey(of resource: String, region: String, accessKeyID: String? = nil)
    async throws(PolicyReadFailure) -> String?
  {
    guard let parts = ARNParts(resource), parts.service == "sqs" || parts.service == "dynamodb"
    else { return nil }
    let cacheKey =
      parts.service == "dynamodb"
      ? "dynamodb:\(parts.account):\(EncryptionKeyReader.tableName(parts.resource) ?? "")"
      : resource
    let clock = now()
    if let hit = keyCache.withLockedValue({ $0[cacheKey] }), hit.1 > clock { return hit.0 }
    let reader = EncryptionKeyReader(
      caller: caller, accessKeyID: accessKeyID ?? Self.defaultReaderKey, region: region)
    let key = try await reader.key(of: parts)
    keyCache.withLockedValue { $0[cacheKey] = (key, clock.addingTimeInterval(cacheLifetime)) }
    return key
  }

  /// The identity-based policies and the permissions boundary of a user or a role session.
  /// `accessKeyID` (the caller's) makes moto answer in the caller's account.
  public func identityPolicies(of principal: RequestPrincipal, accessKeyID: String? = nil)
    async throws(PolicyReadFailure) -> IdentityPolicies
  {
    let key = principal.principalARN
    let clock = now()
    if let hit = identityCache.withLockedValue({ $0[key] }), hit.1 > clock { return hit.0 }
    let reader = IAMReader(caller: caller, accessKeyID: accessKeyID ?? Self.defaultReaderKey)
    let policies: IdentityPolicies
    switch principal.kind {
    case .user:
      guard let name = principal.userName else {
        throw PolicyReadFailure("the user \(principal.arn) has no name")
      }
      policies = try await reader.user(name)
    case .assumedRole:
      guard let name = principal.roleName else {
        throw PolicyReadFailure("the session \(principal.arn) has no role")
      }
      policies = try await reader.role(name).identity
    case .service, .anonymous:
      policies = IdentityPolicies(policies: [], permissionsBoundary: nil)
    }
    identityCache.withLockedValue { $0[key] = (policies, clock.addingTimeInterval(cacheLifetime)) }
    return policies
  }

  /// The resource-based policy that applies when `action` is used on `resource`, and whether it
  /// must allow by itself (KMS keys, role trust policies); nil policy when the resource has none.
  public func resourcePolicy(
    for resource: String, action: String, region: String, accessKeyID: String? = nil
  ) async throws(PolicyReadFailure) -> ResourcePolicy {
    guard let parts = ARNParts(resource) else {
      return ResourcePolicy(policy: nil, required: false)
    }
    let lowered = action.lowercased()
    let cacheKey: String
    switch parts.service {
    case "s3": cacheKey = "s3:" + String(parts.resource.prefix { $0 != "/" })
    case "iam":
      guard lowered.hasPrefix("sts:assumerole"), parts.resource.hasPrefix("role/") else {
        return ResourcePolicy(policy: nil, required: false)
      }
      cacheKey = "trust:" + resource
    case "sqs", "sns", "kms", "lambda": cacheKey = parts.service + ":" + resource
    default: return ResourcePolicy(policy: nil, required: false)
    }
    let clock = now()
    if let hit = resourceCache.withLockedValue({ $0[cacheKey] }), hit.1 > clock { return hit.0 }
    let key = accessKeyID ?? Self.defaultReaderKey
    let reader = ResourcePolicyReader(caller: caller, accessKeyID: key, region: region)
    let found: ResourcePolicy
    switch parts.service {
    case "s3": found = try await reader.bucket(String(parts.resource.prefix { $0 != "/" }))
    case "sqs": found = try await reader.queue(account: parts.account, name: parts.resource)
    case "sns": found = try await reader.topic(resource)
    case "kms": found = try await reader.key(resource)
    case "lambda": found = try await reader.function(parts)
    default:
      let roleName = String(parts.resource.split(separator: "/").last ?? "")
      let role = try await IAMReader(caller: caller, accessKeyID: key).role(roleName)
      found = ResourcePolicy(policy: role.trust, required: true)
    }
    resourceCache.withLockedValue {
      $0[cacheKey] = (found, clock.addingTimeInterval(cacheLifetime))
    }
    return found
  }
}

/// The identity side of a principal: its policies and its boundary.
public struct IdentityPolicies: Hashable, Sendable {
  /// Inline and managed policies (a user's groups' too).
  public var policies: [EvaluatedPolicy]
  /// The permissions boundary, if set.
  public var permissionsBoundary: EvaluatedPolicy?
}

/// A resource's policy and whether it must allow by itself.
public struct ResourcePolicy: Hashable, Sendable {
  /// The policy, nil when the resource has none.
  public var policy: EvaluatedPolicy?
  /// Whether identity policies alone cannot grant (KMS keys, role trust policies).
  public var required: Bool
}

/// Reads a policy document as IAM's API returns it: JSON, URL-encoded or not.
enum PolicyText {
  static func document(_ text: String, kind: PolicyKind, name: String) throws(PolicyReadFailure)
    -> EvaluatedPolicy
  {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    let json = trimmed.hasPrefix("{") ? trimmed : PercentEncoding.decode(trimmed)
    do {
      return EvaluatedPolicy(
        kind: kind, name: name, document: try PolicyReader.read(Array(json.utf8), file: name))
    } catch {
      throw PolicyReadFailure("the \(kind.phrase) \(name) cannot be read: \(error)")
    }
  }
}
