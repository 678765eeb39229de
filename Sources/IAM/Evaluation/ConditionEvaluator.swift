import CloudFormation

/// Evaluates a statement's `Condition` block against a request's keys, with IAM's semantics:
/// every operator (``ConditionOperator/Base``), `…IfExists`, `ForAnyValue:` / `ForAllValues:`
/// over multivalued keys, several values (any matching one satisfies a test), `Null`, and
/// policy variables in string and ARN values.
///
/// ```swift
/// let keys = ContextKeys(["aws:SecureTransport": ["false"]])
/// ConditionEvaluator.evaluate([Condition(.bool, "aws:SecureTransport", ["false"])], keys)
/// // .matches
/// ```
/// With an ``UnknownContext`` every test gives ``MatchResult/mayMatch``: the symbolic question
/// of `iam review`.
///
/// A key absent from the request: a plain operator does not match, a negated one
/// (`StringNotEquals`, `NotIpAddress`, `ArnNotLike`, ...) matches, `…IfExists` matches,
/// `ForAllValues:` matches (no value fails it) and `ForAnyValue:` does not (no value passes it).
public enum ConditionEvaluator {
  /// Whether every test holds.
  public static func evaluate(
    _ conditions: [Condition], _ keys: ConditionKeySource, variables: Bool = true
  ) -> MatchResult {
    conditions.allMatch { evaluate($0, keys, variables: variables) }
  }

  /// Whether one test holds. `variables` is false for policies of version `2008-10-17`, where
  /// `${…}` is plain text.
  public static func evaluate(
    _ condition: Condition, _ keys: ConditionKeySource, variables: Bool = true
  ) -> MatchResult {
    let op = condition.operator
    let lookup = keys.lookup(condition.key)
    if case .unknown = lookup { return .mayMatch }
    var present: [String] = []
    if case .values(let values) = lookup { present = values }
    if op.base == .null {
      // "true": the key is absent (or empty); "false": it is present.
      return condition.values.anyMatch { value in
        guard let expected = ConditionValues.text(value)?.lowercased() else { return .doesNotMatch }
        switch expected {
        case "true": return MatchResult(present.isEmpty)
        case "false": return MatchResult(!present.isEmpty)
        default: return .doesNotMatch
        }
      }
    }
    if present.isEmpty {
      switch op.qualifier {
      case .forAllValues?: return .matches
      case .forAnyValue?: return MatchResult(op.ifExists)
      case nil: return MatchResult(op.ifExists || op.base.isNegated)
      }
    }
    // For each request value: does it equal / match / ... one of the policy's values?
    func positive(_ value: String) -> MatchResult {
      condition.values.anyMatch { policyValue in
        ConditionValues.compare(op.base, value, policyValue, keys, variables: variables)
      }
    }
    let negated = op.base.isNegated
    switch op.qualifier {
    case nil:
      let any = present.anyMatch(positive)
      return negated ? !any : any
    case .forAnyValue?:
      return present.anyMatch { negated ? !positive($0) : positive($0) }
    case .forAllValues?:
      return present.allMatch { negated ? !positive($0) : positive($0) }
    }
  }
}
