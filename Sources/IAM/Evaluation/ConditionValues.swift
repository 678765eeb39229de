import CloudFormation
import Foundation

/// The comparisons behind each condition operator, over one request value and one policy
/// value. Negated operators (`StringNotEquals`, ...) compare as their positive form here;
/// ``ConditionEvaluator`` negates.
enum ConditionValues {
  /// A policy value as text: strings, booleans and numbers as JSON writes them; nil for lists,
  /// maps and intrinsics, which compare with nothing.
  static func text(_ value: Value) -> String? {
    switch value {
    case .string(let text): return text
    case .bool(let flag): return flag ? "true" : "false"
    case .number(let number): return number.text
    default: return nil
    }
  }

  /// Whether `requestValue` matches `policyValue` under the positive form of `base`.
  static func compare(
    _ base: ConditionOperator.Base, _ requestValue: String, _ policyValue: Value,
    _ keys: ConditionKeySource, variables: Bool
  ) -> MatchResult {
    guard let raw = text(policyValue) else { return .doesNotMatch }
    switch base {
    case .stringEquals, .stringNotEquals, .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase,
      .stringLike, .stringNotLike, .arnEquals, .arnLike, .arnNotEquals, .arnNotLike:
      let pieces: [PolicyVariables.Piece]
      if variables {
        switch PolicyVariables.substitute(raw, keys) {
        case .resolved(let resolved): pieces = resolved
        case .unresolvable: return .doesNotMatch
        case .unknown: return .mayMatch
        }
      } else {
        pieces = [PolicyVariables.Piece(text: raw, literal: false)]
      }
      return MatchResult(compareText(base, requestValue, pieces))
    case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals,
      .numericGreaterThan, .numericGreaterThanEquals:
      guard let left = Double(requestValue), let right = Double(raw) else { return .doesNotMatch }
      return MatchResult(order(base, left, right))
    case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan,
      .dateGreaterThanEquals:
      guard let left = ConditionDate.parse(requestValue), let right = ConditionDate.parse(raw)
      else { return .doesNotMatch }
      return MatchResult(order(base, left, right))
    case .bool:
      return MatchResult(requestValue.lowercased() == raw.lowercased())
    case .binaryEquals:
      return MatchResult(requestValue == raw)
    case .ipAddress, .notIpAddress:
      guard let range = IPAddressRange(raw), let address = IPAddressRange(requestValue) else {
        return .doesNotMatch
      }
      return MatchResult(range.contains(address))
    case .null:
      return .doesNotMatch
    }
  }

  private static func compareText(
    _ base: ConditionOperator.Base, _ value: String, _ pieces: [PolicyVariables.Piece]
  ) -> Bool {
    switch base {
    case .stringEquals, .stringNotEquals:
      return value == PolicyVariables.text(pieces)
    case .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase:
      return value.lowercased() == PolicyVariables.text(pieces).lowercased()
    case .stringLike, .stringNotLike:
      return PolicyVariables.glob(pieces).matches(value)
    default:
      return arnMatches(value, pieces)
    }
  }

  /// `ArnEquals` and `ArnLike` alike: each of the six colon-separated parts compared on its
  /// own, `*` and `?` as wildcards within a part (the resource part may hold colons). A value
  /// or pattern that is not six parts matches nothing, except the pattern `*`.
  static func arnMatches(_ value: String, _ pieces: [PolicyVariables.Piece]) -> Bool {
    let valueParts = value.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
    let patternParts = splitPieces(pieces)
    guard valueParts.count == 6, patternParts.count == 6 else {
      // Not ARNs: only a pattern that is `*` alone matches.
      return PolicyVariables.text(pieces) == "*" && pieces.allSatisfy { !$0.literal }
    }
    return zip(patternParts, valueParts).allSatisfy { pattern, part in
      PolicyVariables.glob(pattern).matches(String(part))
    }
  }

  /// The pieces split at the first five colons written in the policy text or in values.
  private static func splitPieces(_ pieces: [PolicyVariables.Piece]) -> [[PolicyVariables.Piece]] {
    var parts: [[PolicyVariables.Piece]] = [[]]
    for piece in pieces {
      var current = ""
      for character in piece.text {
        if character == ":", parts.count < 6 {
          parts[parts.count - 1].append(.init(text: current, literal: piece.literal))
          parts.append([])
          current = ""
        } else {
          current.append(character)
        }
      }
      parts[parts.count - 1].append(.init(text: current, literal: piece.literal))
    }
    return parts
  }

  private static func order<T: Comparable>(_ base: ConditionOperator.Base, _ left: T, _ right: T)
    -> Bool
  {
    switch base {
    case .numericLessThan, .dateLessThan: return left < right
    case .numericLessThanEquals, .dateLessThanEquals: return left <= right
    case .numericGreaterThan, .dateGreaterThan: return left > right
    case .numericGreaterThanEquals, .dateGreaterThanEquals: return left >= right
    default: return left == right
    }
  }
}
