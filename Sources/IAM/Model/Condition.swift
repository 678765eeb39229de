import CloudFormation

/// One test of a statement's `Condition` block: an operator, a key and the values compared.
///
/// ```swift
/// let sameAccount = Condition(.stringEquals, "aws:SourceAccount", [.ref(.accountId)])
/// ```
public struct Condition: Hashable, Sendable {
  /// The operator, e.g. `StringEquals` or `ForAnyValue:StringLike`.
  public var `operator`: ConditionOperator
  /// The condition key, e.g. `aws:SourceArn` (case-insensitive in IAM).
  public var key: String
  /// The values; any matching one satisfies the test.
  public var values: [Value]

  /// A condition test.
  public init(_ operator: ConditionOperator, _ key: String, _ values: [Value]) {
    self.operator = `operator`
    self.key = key
    self.values = values
  }

  /// A condition test with a plain operator.
  public init(_ base: ConditionOperator.Base, _ key: String, _ values: [Value]) {
    self.init(ConditionOperator(base), key, values)
  }
}
