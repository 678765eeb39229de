/// One object of a pattern: every field must match, and when there is an `$or`, at least one
/// of its alternatives must match the same event object too.
public struct PatternObject: Sendable, Equatable {
  /// The fields, in pattern order (a field written twice keeps its last value, as in
  /// EventBridge).
  public let fields: [PatternField]
  /// The alternatives of this object's `$or`, empty when it has none.
  public let alternatives: [PatternObject]

  /// How many plain rules the pattern expands to, the measure of EventBridge's `$or` quota
  /// (at most 1,000 combinations).
  var combinations: Int {
    let own = fields.reduce(1) { product, field in
      if case .object(let nested) = field.rule { return product * nested.combinations }
      return product
    }
    guard !alternatives.isEmpty else { return own }
    return own * alternatives.reduce(0) { $0 + $1.combinations }
  }
}

/// A named field of a pattern object.
public struct PatternField: Sendable, Equatable {
  /// The event field's name.
  public let name: String
  /// What its value must be.
  public let rule: PatternRule
}

/// What a pattern field asks of the event's field.
public indirect enum PatternRule: Sendable, Equatable {
  /// A nested object: the event's field is an object (or an array of them) matching it.
  case object(PatternObject)
  /// A leaf: any of the matchers matches one of the field's values. `text` is the pattern's
  /// array as written, for explanations.
  case values([ValueMatcher], text: String)
}
