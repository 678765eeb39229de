/// Whether a part of a statement (its actions, resources, principal or conditions) matches a
/// request: yes, no, or "may" when the request is only known symbolically.
///
/// The gateway evaluates concrete requests, where every answer is `matches` or `doesNotMatch`.
/// `iam review`'s coverage evaluates a role against a call it only knows symbolically (template
/// references, conditions it cannot see), where some answers are `mayMatch`. The evaluation
/// order reads `mayMatch` optimistically: an Allow that may match allows, a Deny that may match
/// does not deny (``PolicyEvaluation``).
///
/// ```swift
/// MatchResult.matches && .mayMatch      // .mayMatch
/// !MatchResult.mayMatch                 // .mayMatch
/// MatchResult(true)                     // .matches
/// ```
public enum MatchResult: Hashable, Sendable, CustomStringConvertible {
  /// Certainly matches.
  case matches
  /// Certainly does not match.
  case doesNotMatch
  /// Matches for some values of what is unknown, not for others.
  case mayMatch

  /// `matches` for true, `doesNotMatch` for false.
  public init(_ value: Bool) { self = value ? .matches : .doesNotMatch }

  /// Whether the result can be a match (an Allow reads it so).
  public var isPossible: Bool { self != .doesNotMatch }

  /// Whether the result is certainly a match (a Deny reads it so).
  public var isCertain: Bool { self == .matches }

  /// Kleene's conjunction: `doesNotMatch` wins, then `mayMatch`.
  public static func && (lhs: MatchResult, rhs: @autoclosure () -> MatchResult) -> MatchResult {
    if lhs == .doesNotMatch { return .doesNotMatch }
    let right = rhs()
    if right == .doesNotMatch { return .doesNotMatch }
    return lhs == .matches && right == .matches ? .matches : .mayMatch
  }

  /// Kleene's disjunction: `matches` wins, then `mayMatch`.
  public static func || (lhs: MatchResult, rhs: @autoclosure () -> MatchResult) -> MatchResult {
    if lhs == .matches { return .matches }
    let right = rhs()
    if right == .matches { return .matches }
    return lhs == .mayMatch || right == .mayMatch ? .mayMatch : .doesNotMatch
  }

  /// Kleene's negation: `mayMatch` stays.
  public static prefix func ! (value: MatchResult) -> MatchResult {
    switch value {
    case .matches: return .doesNotMatch
    case .doesNotMatch: return .matches
    case .mayMatch: return .mayMatch
    }
  }

  /// `matches`, `doesNotMatch` or `mayMatch`.
  public var description: String {
    switch self {
    case .matches: return "matches"
    case .doesNotMatch: return "doesNotMatch"
    case .mayMatch: return "mayMatch"
    }
  }
}

extension Sequence {
  /// Kleene's disjunction over the elements: `matches` as soon as one matches.
  func anyMatch(_ body: (Element) -> MatchResult) -> MatchResult {
    var result = MatchResult.doesNotMatch
    for element in self {
      let value = body(element)
      if value == .matches { return .matches }
      if value == .mayMatch { result = .mayMatch }
    }
    return result
  }

  /// Kleene's conjunction over the elements: `doesNotMatch` as soon as one does not match.
  func allMatch(_ body: (Element) -> MatchResult) -> MatchResult {
    var result = MatchResult.matches
    for element in self {
      let value = body(element)
      if value == .doesNotMatch { return .doesNotMatch }
      if value == .mayMatch { result = .mayMatch }
    }
    return result
  }
}
