/// A plain YAML scalar that YAML 1.1 (PyYAML, cfn-lint) reads as a number, with its value in
/// JSON's syntax.
///
/// ```swift
/// YAML11Number("0755")?.jsonText   // "493"
/// YAML11Number("1_000")?.jsonText  // "1000"
/// YAML11Number("1e3")              // nil: YAML 1.1 reads it as a string
/// ```
///
/// The grammar is YAML 1.1's `int` and `float` types, as PyYAML's resolver spells them.
struct YAML11Number {
  /// The value in JSON's number syntax; `nil` for `.inf` and `.nan`, which JSON cannot hold.
  let jsonText: String?

  init?(_ text: String) {
    var body = Substring(text)
    var negative = false
    if let first = body.first, first == "+" || first == "-" {
      negative = first == "-"
      body = body.dropFirst()
    }
    guard let lead = body.first else { return nil }
    let sign = negative ? "-" : ""
    if [".inf", ".Inf", ".INF"].contains(body) {
      jsonText = nil
      return
    }
    if [".nan", ".NaN", ".NAN"].contains(body) {
      guard text == String(body) else { return nil }
      jsonText = nil
      return
    }
    if body.contains(":") {
      guard let value = Self.sexagesimal(body) else { return nil }
      jsonText = sign + value
      return
    }
    if body.contains(".") {
      guard lead != "." || !text.hasPrefix("+") && !text.hasPrefix("-"),
        let value = Self.decimalFloat(body)
      else { return nil }
      jsonText = sign + value
      return
    }
    guard let value = Self.integer(body) else { return nil }
    jsonText = value == "0" ? "0" : sign + value
  }

  /// `0b1010`, `0x1F`, `0755`, `1_000` or `0`: the decimal digits of the value.
  private static func integer(_ body: Substring) -> String? {
    let lower = body.lowercased()
    let digits: Substring
    let base: Int
    if lower.hasPrefix("0b") {
      (digits, base) = (Substring(lower.dropFirst(2)), 2)
    } else if lower.hasPrefix("0x") {
      (digits, base) = (Substring(lower.dropFirst(2)), 16)
    } else if lower.hasPrefix("0"), lower.count > 1 {
      (digits, base) = (Substring(lower.dropFirst()), 8)
    } else {
      guard lower == "0" || (lower.first != "0" && lower.first?.isWholeNumber == true) else {
        return nil
      }
      (digits, base) = (Substring(lower), 10)
    }
    let cleaned = digits.filter { $0 != "_" }
    guard !digits.isEmpty, !cleaned.isEmpty || base == 8 else { return nil }
    var decimal: [UInt8] = [0]  // little-endian decimal digits
    for character in cleaned {
      guard let digit = character.hexDigitValue, digit < base else { return nil }
      var carry = digit
      for index in decimal.indices {
        let product = Int(decimal[index]) * base + carry
        decimal[index] = UInt8(product % 10)
        carry = product / 10
      }
      while carry > 0 {
        decimal.append(UInt8(carry % 10))
        carry /= 10
      }
    }
    while decimal.count > 1, decimal.last == 0 { decimal.removeLast() }
    return String(decimal.reversed().map { Character(String($0)) })
  }

  /// `1.`, `.5`, `01.50`, `1.0e+3`: the same value in JSON's syntax.
  private static func decimalFloat(_ body: Substring) -> String? {
    let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    guard parts.count == 2 else { return nil }
    var integral = parts[0]
    var fraction = parts[1]
    var exponent = ""
    if let marker = fraction.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      let power = fraction[fraction.index(after: marker)...]
      guard let powerSign = power.first, powerSign == "+" || powerSign == "-",
        power.count > 1, power.dropFirst().allSatisfy(\.isASCIIDigit)
      else { return nil }
      exponent = "e" + power
      fraction = fraction[..<marker]
    }
    guard integral.allSatisfy({ $0.isASCIIDigit || $0 == "_" }),
      fraction.allSatisfy({ $0.isASCIIDigit || $0 == "_" }),
      integral.first.map(\.isASCIIDigit) ?? true
    else { return nil }
    if integral.isEmpty, fraction.first?.isASCIIDigit != true { return nil }
    integral = integral.filter { $0 != "_" }.drop { $0 == "0" }
    fraction = Substring(fraction.filter { $0 != "_" })
    return (integral.isEmpty ? "0" : String(integral)) + "."
      + (fraction.isEmpty ? "0" : String(fraction)) + exponent
  }

  /// `1:30` (90) or `1:30.5` (90.5): base 60, as YAML 1.1 reads times written as numbers.
  private static func sexagesimal(_ body: Substring) -> String? {
    let parts = body.split(separator: ":", omittingEmptySubsequences: false)
    guard let first = parts.first, first.first.map({ $0 != "0" && $0.isASCIIDigit }) == true,
      first.allSatisfy({ $0.isASCIIDigit || $0 == "_" })
    else { return nil }
    var value = Double(first.filter { $0 != "_" }) ?? 0
    for (index, part) in parts.dropFirst().enumerated() {
      let isLast = index == parts.count - 2
      let whole = isLast ? part.prefix { $0 != "." } : part
      guard (1...2).contains(whole.count), whole.allSatisfy(\.isASCIIDigit),
        whole.count == 1 || whole.first.map({ ("0"..."5").contains($0) }) == true
      else { return nil }
      let rest = part.dropFirst(whole.count)
      guard rest.isEmpty || (isLast && rest.dropFirst().allSatisfy { $0.isASCIIDigit || $0 == "_" })
      else { return nil }
      value = value * 60 + (Double(String(whole) + rest.filter { $0 != "_" }) ?? 0)
      if isLast, !rest.isEmpty {
        return value == value.rounded() && abs(value) < 1e15
          ? String(Int(value)) + ".0" : String(value)
      }
    }
    guard value < 1e18 else { return nil }
    return String(Int(value))
  }
}

extension Character {
  fileprivate var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
