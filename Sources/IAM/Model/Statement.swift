import CloudFormation

/// One statement of a policy document.
///
/// ```swift
/// let read = Statement(
///   effect: .allow, actions: .actions(["dynamodb:GetItem"]),
///   resources: .resources([.getAtt("ResultsTable", "Arn")]))
/// ```
public struct Statement: Hashable, Sendable {
  /// `Sid`.
  public var sid: String?
  /// `Effect`.
  public var effect: Effect
  /// `Principal` (resource and trust policies), or `NotPrincipal` when `principalIsNegated`.
  public var principal: Principal?
  /// Whether `principal` is written as `NotPrincipal`.
  public var principalIsNegated: Bool
  /// `Action` or `NotAction`.
  public var actions: ActionList
  /// `Resource` or `NotResource`; `nil` in trust policies, which name no resource.
  public var resources: ResourceList?
  /// `Condition`, as a flat list of tests (all must hold).
  public var conditions: [Condition]

  /// A statement.
  public init(
    sid: String? = nil, effect: Effect = .allow, principal: Principal? = nil,
    principalIsNegated: Bool = false, actions: ActionList, resources: ResourceList? = nil,
    conditions: [Condition] = []
  ) {
    self.sid = sid
    self.effect = effect
    self.principal = principal
    self.principalIsNegated = principalIsNegated
    self.actions = actions
    self.resources = resources
    self.conditions = conditions
  }

  /// The condition keys tested, lowercased (IAM compares them case-insensitively).
  public var conditionKeys: Set<String> { Set(conditions.map { $0.key.lowercased() }) }

  /// Whether some test uses `key` (case-insensitive).
  public func hasCondition(key: String) -> Bool { conditionKeys.contains(key.lowercased()) }
}
