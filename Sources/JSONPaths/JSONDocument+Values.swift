import CloudFormation

extension JSONDocument {
  /// The number as a `Double`, when this is a number.
  public var doubleValue: Double? {
    if case .number(let text) = self { return Double(text) }
    return nil
  }

  /// The number as an `Int`, when this is a number with an integral value that fits
  /// (`3`, `3.0`, `3e0`).
  public var integerValue: Int? {
    guard case .number(let text) = self else { return nil }
    if let exact = Int(text) { return exact }
    guard let value = Double(text), value.isFinite, value == value.rounded(.towardZero),
      abs(value) < 9.2e18
    else { return nil }
    return Int(value)
  }

  /// A number from an integer.
  public static func integer(_ value: Int) -> JSONDocument { .number(String(value)) }

  /// A number from a `Double`, written as Java's JSON writers do for integral values (`3`) and
  /// with the shortest round-tripping digits otherwise (`1.1`).
  public static func decimal(_ value: Double) -> JSONDocument {
    if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
      return .number(String(Int(value)))
    }
    return .number(String(value))
  }

  /// Equality as JSON values: numbers by value (`1` equals `1.0`), object members in any order,
  /// arrays element by element.
  public func isEquivalent(to other: JSONDocument) -> Bool {
    switch (self, other) {
    case (.number(let a), .number(let b)):
      if a == b { return true }
      guard let x = Double(a), let y = Double(b) else { return false }
      return x == y
    case (.string(let a), .string(let b)): return a == b
    case (.bool(let a), .bool(let b)): return a == b
    case (.null, .null): return true
    case (.array(let a), .array(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.isEquivalent(to: $1) }
    case (.object(let a), .object(let b)):
      guard a.count == b.count else { return false }
      return a.allSatisfy { member in
        b.contains { $0.0 == member.0 && $0.1.isEquivalent(to: member.1) }
      }
    default: return false
    }
  }

  /// Java's `String.compareTo`: lexicographic on UTF-16 code units; negative, zero or positive.
  public static func compareUTF16(_ lhs: String, _ rhs: String) -> Int {
    var left = lhs.utf16.makeIterator()
    var right = rhs.utf16.makeIterator()
    while true {
      switch (left.next(), right.next()) {
      case (nil, nil): return 0
      case (nil, _): return -1
      case (_, nil): return 1
      case (let a?, let b?):
        if a != b { return Int(a) - Int(b) }
      }
    }
  }
}
