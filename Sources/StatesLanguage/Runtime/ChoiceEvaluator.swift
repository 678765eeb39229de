import CloudFormation
import Foundation
import JSONPaths

/// Decides Choice Rules (developer guide, "Choice workflow state"; specification, "Choice
/// Rules"): a value of the wrong type makes a comparison false; a `Variable` or `...Path` that
/// selects nothing is a `States.Runtime` error, except for `IsPresent`.
struct ChoiceEvaluator {
  let input: JSONDocument
  let context: JSONDocument

  func holds(_ condition: ChoiceCondition) throws(StateError) -> Bool {
    switch condition {
    case .and(let conditions):
      for condition in conditions where try !holds(condition) { return false }
      return true
    case .or(let conditions):
      for condition in conditions where try holds(condition) { return true }
      return false
    case .not(let inner):
      return try !holds(inner)
    case .test(let variable, let test, let expected):
      if test == .isPresent {
        return variable.exists(in: variable.root == .context ? context : input) == expected
      }
      let value = try resolve(variable)
      return Self.passes(test, value) == expected
    case .compare(let variable, let comparison, let operand):
      let value = try resolve(variable)
      let other: JSONDocument
      switch operand {
      case .literal(let literal): other = literal
      case .path(let path): other = try resolve(path)
      }
      return Self.compare(value, comparison, other)
    }
  }

  private func resolve(_ path: JSONPath) throws(StateError) -> JSONDocument {
    do {
      return try path.value(input: input, context: context)
    } catch {
      throw StateError.runtime(
        "Invalid path '\(path.text)': The choice state's condition path references an invalid value."
      )
    }
  }

  static func passes(_ test: ChoiceTest, _ value: JSONDocument) -> Bool {
    switch test {
    case .isPresent: return true
    case .isNull: return value.isNull
    case .isNumeric: return value.doubleValue != nil
    case .isString: return value.stringValue != nil
    case .isBoolean: return value.boolValue != nil
    case .isTimestamp: return value.stringValue.flatMap(Timestamp.parse) != nil
    }
  }

  static func compare(_ lhs: JSONDocument, _ comparison: ChoiceOperator, _ rhs: JSONDocument)
    -> Bool
  {
    switch comparison {
    case .stringEquals, .stringLessThan, .stringGreaterThan, .stringLessThanEquals,
      .stringGreaterThanEquals:
      guard let left = lhs.stringValue, let right = rhs.stringValue else { return false }
      return ordered(JSONDocument.compareUTF16(left, right), comparison)
    case .stringMatches:
      guard let value = lhs.stringValue, let pattern = rhs.stringValue else { return false }
      return StringPattern(pattern).matches(value)
    case .numericEquals, .numericLessThan, .numericGreaterThan, .numericLessThanEquals,
      .numericGreaterThanEquals:
      guard let left = lhs.doubleValue, let right = rhs.doubleValue else { return false }
      return ordered(left < right ? -1 : (left > right ? 1 : 0), comparison)
    case .booleanEquals:
      guard let left = lhs.boolValue, let right = rhs.boolValue else { return false }
      return left == right
    case .timestampEquals, .timestampLessThan, .timestampGreaterThan, .timestampLessThanEquals,
      .timestampGreaterThanEquals:
      guard let left = lhs.stringValue.flatMap(Timestamp.parse),
        let right = rhs.stringValue.flatMap(Timestamp.parse)
      else { return false }
      return ordered(left < right ? -1 : (left > right ? 1 : 0), comparison)
    }
  }

  private static func ordered(_ order: Int, _ comparison: ChoiceOperator) -> Bool {
    switch comparison {
    case .stringEquals, .numericEquals, .timestampEquals: return order == 0
    case .stringLessThan, .numericLessThan, .timestampLessThan: return order < 0
    case .stringGreaterThan, .numericGreaterThan, .timestampGreaterThan: return order > 0
    case .stringLessThanEquals, .numericLessThanEquals, .timestampLessThanEquals: return order <= 0
    case .stringGreaterThanEquals, .numericGreaterThanEquals, .timestampGreaterThanEquals:
      return order >= 0
    case .stringMatches, .booleanEquals: return false
    }
  }
}
