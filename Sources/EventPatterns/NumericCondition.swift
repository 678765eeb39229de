import CloudFormation
import JSONPaths

/// A `numeric` value: `["=", 3.018e2]`, `["<", 10]`, `[">", 0, "<=", 5]`. Matches JSON numbers
/// only, compared as IEEE 754 doubles.
public struct NumericCondition: Sendable, Equatable {
  /// A bound: the value and whether it is included.
  public struct Bound: Sendable, Equatable {
    /// The bound's value.
    public let value: Double
    /// Whether the bound itself matches (`<=`, `>=`).
    public let inclusive: Bool
  }

  /// The lower bound, when there is one (`>`, `>=`, or `=`).
  public let lower: Bound?
  /// The upper bound, when there is one (`<`, `<=`, or `=`).
  public let upper: Bound?

  /// Reads the array after `"numeric"`, with the reasons EventBridge gives for bad ones.
  init(_ terms: [JSONDocument]) throws(EventPatternError) {
    func operatorText(_ term: JSONDocument) throws(EventPatternError) -> String {
      guard let text = term.stringValue else {
        throw EventPatternError("Invalid member in numeric match: \(term.compactText)")
      }
      return text
    }
    func number(_ term: JSONDocument?, for symbol: String) throws(EventPatternError) -> Double {
      guard let value = term?.doubleValue else {
        throw EventPatternError(
          symbol == "=" ? "Value of equals must be numeric" : "Value of \(symbol) must be numeric")
      }
      return value
    }
    guard let first = terms.first else {
      throw EventPatternError("Invalid member in numeric match: ]")
    }
    let symbol = try operatorText(first)
    let value = try number(terms.count > 1 ? terms[1] : nil, for: symbol)
    switch symbol {
    case "=":
      guard terms.count == 2 else {
        throw EventPatternError("Too many elements in numeric expression")
      }
      lower = Bound(value: value, inclusive: true)
      upper = Bound(value: value, inclusive: true)
    case "<", "<=":
      guard terms.count == 2 else {
        throw EventPatternError("Too many elements in numeric expression")
      }
      lower = nil
      upper = Bound(value: value, inclusive: symbol == "<=")
    case ">", ">=":
      lower = Bound(value: value, inclusive: symbol == ">=")
      guard terms.count > 2 else {
        upper = nil
        return
      }
      guard let second = terms[2].stringValue else {
        throw EventPatternError("Bad value in numeric range: \(terms[2].compactText)")
      }
      guard second == "<" || second == "<=" else {
        throw EventPatternError("Bad numeric range operator: \(second)")
      }
      let top = try number(terms.count > 3 ? terms[3] : nil, for: second)
      guard terms.count == 4 else {
        throw EventPatternError("Too many terms in numeric range expression")
      }
      guard top > value || (top == value && symbol == ">=" && second == "<=") else {
        throw EventPatternError("Bottom must be less than top")
      }
      upper = Bound(value: top, inclusive: second == "<=")
    default:
      throw EventPatternError("Unrecognized numeric range operator: \(symbol)")
    }
  }

  /// Whether `value` is a number inside the range.
  public func matches(_ value: JSONDocument) -> Bool {
    guard let number = value.doubleValue else { return false }
    if let lower, number < lower.value || (number == lower.value && !lower.inclusive) {
      return false
    }
    if let upper, number > upper.value || (number == upper.value && !upper.inclusive) {
      return false
    }
    return true
  }
}
