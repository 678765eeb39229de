import IAM

/// A request read through the request map: its service and operation, and each action it
/// needs on each resource with the condition keys the request carries.
public struct MappedRequest: Sendable {
  /// The SigV4 signing name (`s3`, `states`).
  public var service: String
  /// The IAM prefix (`s3`, `states`).
  public var prefix: String
  /// The operation (`PutObject`).
  public var operation: String
  /// The protocol the request used (errors are written in it).
  public var wireProtocol: WireProtocol
  /// One entry per action and resource; empty when the operation needs no permission.
  public var authorizations: [MappedAuthorization]
}

/// One action on one resource, as the request asks it.
public struct MappedAuthorization: Hashable, Sendable {
  /// `s3:GetObject`.
  public var action: String
  /// The resource's ARN, or `*` when the action names no resource (or the request does not
  /// say which: then `resourceUnbound`).
  public var resource: String
  /// The catalog resource type (`object`, `table`), nil for `*`.
  public var resourceType: String?
  /// The action's condition keys the request carries (`s3:prefix`, `aws:RequestTag/…`).
  public var conditionKeys: ContextKeys
  /// Whether the action can be scoped but the request did not name its resource, so it is
  /// evaluated on `*` (only statements whose resource covers `*` allow it).
  public var resourceUnbound: Bool
  /// For a KMS key's use a service makes with the caller's permissions (``KeyUse``): the
  /// action and resource it serves (`sqs:SendMessage on arn:aws:sqs:...:work`).
  public var keyUseFor: String?

  /// An authorization.
  public init(
    action: String, resource: String, resourceType: String? = nil,
    conditionKeys: ContextKeys = ContextKeys(), resourceUnbound: Bool = false,
    keyUseFor: String? = nil
  ) {
    self.action = action
    self.resource = resource
    self.resourceType = resourceType
    self.conditionKeys = conditionKeys
    self.resourceUnbound = resourceUnbound
    self.keyUseFor = keyUseFor
  }
}
