/// One action on one resource by one principal, with the request's condition keys: what the
/// evaluation core decides for a concrete request.
///
/// ```swift
/// let request = AuthorizationRequest(
///   principal: .assumedRole(roleARN: "arn:aws:iam::123456789012:role/StoreRole", sessionName: "s"),
///   action: "s3:PutObject", resource: "arn:aws:s3:::images/processed/a.json",
///   context: ContextKeys(["aws:SecureTransport": ["true"]]))
/// ```
/// A request touching several resources (a copy, a batch, a Rekognition call reading an S3
/// object) is several of these, each evaluated on its own.
public struct AuthorizationRequest: Hashable, Sendable {
  /// Who asks.
  public var principal: RequestPrincipal
  /// `service:Action`.
  public var action: String
  /// The resource's ARN, or `*` for actions that name no resource.
  public var resource: String
  /// The account owning the resource when it differs from the principal's (cross-account);
  /// nil for the principal's own account.
  public var resourceAccount: String?
  /// Every condition key: the principal's (``ContextKeys/principalKeys(_:)``, added here) and
  /// the request's (`aws:SecureTransport`, `aws:SourceArn`, `s3:prefix`, ...).
  public var context: ContextKeys

  /// A request; the principal's global keys are added to `context` (keys given win).
  public init(
    principal: RequestPrincipal, action: String, resource: String,
    resourceAccount: String? = nil, context: ContextKeys = ContextKeys()
  ) {
    self.principal = principal
    self.action = action
    self.resource = resource
    self.resourceAccount = resourceAccount
    var keys = ContextKeys.principalKeys(principal)
    keys.merge(context)
    self.context = keys
  }

  /// Whether the resource belongs to another account than the principal's.
  public var isCrossAccount: Bool {
    guard let resourceAccount, let account = principal.account else { return false }
    return resourceAccount != account
  }
}
