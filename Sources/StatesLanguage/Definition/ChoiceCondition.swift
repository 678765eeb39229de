import CloudFormation
import JSONPaths

/// A Choice Rule's condition (developer guide, "Choice workflow state", "Choice Rules").
public indirect enum ChoiceCondition: Sendable, Equatable {
  /// `And`: every condition holds.
  case and([ChoiceCondition])
  /// `Or`: some condition holds.
  case or([ChoiceCondition])
  /// `Not`.
  case not(ChoiceCondition)
  /// A comparison of `Variable` with a literal or, for the `...Path` operators, another path.
  case compare(variable: JSONPath, ChoiceOperator, ChoiceOperand)
  /// `IsPresent`, `IsNull`, `IsNumeric`, `IsString`, `IsBoolean`, `IsTimestamp`.
  case test(variable: JSONPath, ChoiceTest, expected: Bool)
}

/// What a comparison's right-hand side is.
public enum ChoiceOperand: Sendable, Equatable {
  /// The operator's literal value.
  case literal(JSONDocument)
  /// `...Path`: a path into the input or the context object.
  case path(JSONPath)
}

/// A type or presence test.
public enum ChoiceTest: String, Sendable, Equatable, CaseIterable {
  /// `IsPresent`: whether the variable exists.
  case isPresent = "IsPresent"
  /// `IsNull`: whether the variable is `null`.
  case isNull = "IsNull"
  /// `IsNumeric`: whether the variable is a number.
  case isNumeric = "IsNumeric"
  /// `IsString`: whether the variable is a string.
  case isString = "IsString"
  /// `IsBoolean`: whether the variable is a Boolean.
  case isBoolean = "IsBoolean"
  /// `IsTimestamp`: whether the variable is an RFC 3339 timestamp string.
  case isTimestamp = "IsTimestamp"
}

/// A comparison operator; each also exists with a `Path` suffix (except `StringMatches`).
public enum ChoiceOperator: String, Sendable, Equatable, CaseIterable {
  /// `StringEquals`, and `StringEqualsPath`.
  case stringEquals = "StringEquals"
  /// `StringLessThan`, and `StringLessThanPath`.
  case stringLessThan = "StringLessThan"
  /// `StringGreaterThan`, and `StringGreaterThanPath`.
  case stringGreaterThan = "StringGreaterThan"
  /// `StringLessThanEquals`, and `StringLessThanEqualsPath`.
  case stringLessThanEquals = "StringLessThanEquals"
  /// `StringGreaterThanEquals`, and `StringGreaterThanEqualsPath`.
  case stringGreaterThanEquals = "StringGreaterThanEquals"
  /// `StringMatches`: a pattern with `*` wildcards (no `Path` form).
  case stringMatches = "StringMatches"
  /// `NumericEquals`, and `NumericEqualsPath`.
  case numericEquals = "NumericEquals"
  /// `NumericLessThan`, and `NumericLessThanPath`.
  case numericLessThan = "NumericLessThan"
  /// `NumericGreaterThan`, and `NumericGreaterThanPath`.
  case numericGreaterThan = "NumericGreaterThan"
  /// `NumericLessThanEquals`, and `NumericLessThanEqualsPath`.
  case numericLessThanEquals = "NumericLessThanEquals"
  /// `NumericGreaterThanEquals`, and `NumericGreaterThanEqualsPath`.
  case numericGreaterThanEquals = "NumericGreaterThanEquals"
  /// `BooleanEquals`, and `BooleanEqualsPath`.
  case booleanEquals = "BooleanEquals"
  /// `TimestampEquals`, and `TimestampEqualsPath`.
  case timestampEquals = "TimestampEquals"
  /// `TimestampLessThan`, and `TimestampLessThanPath`.
  case timestampLessThan = "TimestampLessThan"
  /// `TimestampGreaterThan`, and `TimestampGreaterThanPath`.
  case timestampGreaterThan = "TimestampGreaterThan"
  /// `TimestampLessThanEquals`, and `TimestampLessThanEqualsPath`.
  case timestampLessThanEquals = "TimestampLessThanEquals"
  /// `TimestampGreaterThanEquals`, and `TimestampGreaterThanEqualsPath`.
  case timestampGreaterThanEquals = "TimestampGreaterThanEquals"

  /// Whether a literal operand has the operator's type.
  func accepts(_ literal: JSONDocument) -> Bool {
    switch self {
    case .stringEquals, .stringLessThan, .stringGreaterThan, .stringLessThanEquals,
      .stringGreaterThanEquals, .stringMatches:
      return literal.stringValue != nil
    case .numericEquals, .numericLessThan, .numericGreaterThan, .numericLessThanEquals,
      .numericGreaterThanEquals:
      return literal.doubleValue != nil
    case .booleanEquals: return literal.boolValue != nil
    case .timestampEquals, .timestampLessThan, .timestampGreaterThan, .timestampLessThanEquals,
      .timestampGreaterThanEquals:
      return literal.stringValue.flatMap(Timestamp.parse) != nil
    }
  }
}

extension ChoiceCondition {
  /// Reads a rule's condition; `nested` rules (inside `And`, `Or`, `Not`) must not have `Next`.
  init(_ reader: inout DefinitionReader) throws(DefinitionError) {
    if let value = reader.value("And") ?? reader.value("Or") {
      let isAnd = reader.has("And")
      guard let elements = value.elements, !elements.isEmpty else {
        throw reader.error(
          isAnd ? "And" : "Or", "The value must be a non-empty array of Choice Rules")
      }
      var conditions: [ChoiceCondition] = []
      for (index, element) in elements.enumerated() {
        var nested = try DefinitionReader(
          element, at: reader.pointer("\(isAnd ? "And" : "Or")/\(index)"))
        conditions.append(try ChoiceCondition(&nested))
        try nested.rejectUnknownFields()
      }
      self = isAnd ? .and(conditions) : .or(conditions)
      return
    }
    if let value = reader.value("Not") {
      var nested = try DefinitionReader(value, at: reader.pointer("Not"))
      self = .not(try ChoiceCondition(&nested))
      try nested.rejectUnknownFields()
      return
    }
    let variableText = try reader.string("Variable")
    let operators = reader.members.map(\.0).filter { Self.operatorNames.contains($0) }
    guard let variableText, operators.count == 1, let name = operators.first,
      let value = reader.value(name)
    else {
      throw DefinitionError(
        .schemaValidationFailed,
        "A Choice Rule must have a 'Variable' and exactly one comparison operator, or 'And', 'Or' or 'Not'",
        at: reader.location)
    }
    let variable = try reader.path(variableText, field: "Variable")
    if let test = ChoiceTest(rawValue: name) {
      guard let expected = value.boolValue else {
        throw reader.error(name, "The value for the field '\(name)' must be a BOOLEAN")
      }
      self = .test(variable: variable, test, expected: expected)
    } else if name.hasSuffix("Path"),
      let comparison = ChoiceOperator(rawValue: String(name.dropLast(4)))
    {
      guard let text = value.stringValue else {
        throw reader.error(name, "The value for the field '\(name)' must be a valid ReferencePath")
      }
      self = .compare(
        variable: variable, comparison,
        .path(try reader.referencePath(text, field: name, allowContext: true)))
    } else if let comparison = ChoiceOperator(rawValue: name) {
      guard comparison.accepts(value) else {
        throw reader.error(name, "The value for the field '\(name)' has the wrong type")
      }
      self = .compare(variable: variable, comparison, .literal(value))
    } else {
      throw reader.error(name, "The field '\(name)' is not supported by Step Functions")
    }
  }

  static let operatorNames: Set<String> = Set(
    ChoiceOperator.allCases.map(\.rawValue)
      + ChoiceOperator.allCases.filter { $0 != .stringMatches }.map { $0.rawValue + "Path" }
      + ChoiceTest.allCases.map(\.rawValue))
}
