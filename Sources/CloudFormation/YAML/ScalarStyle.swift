/// Decides whether a string can be written as a plain YAML scalar without being read back as
/// something else.
///
/// libyaml's emitter already quotes what YAML's syntax forbids in a plain scalar (leading
/// indicators, `: `, ` #`, ...), but it writes `2012-10-17`, `on` or `0123` plain, which YAML 1.1
/// readers (PyYAML, cfn-lint, CloudFormation) resolve to a date, a boolean or a number. Those are
/// double-quoted here.
enum ScalarStyle {
  /// Words YAML 1.1 and 1.2 resolve to booleans or null.
  static let reservedWords: Set<String> = [
    "", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
    "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
    "y", "Y", "n", "N", "=", "<<",
  ]

  /// Whether a plain `text` would be read as something other than this string.
  static func needsQuotes(_ text: String) -> Bool {
    if reservedWords.contains(text) { return true }
    guard let first = text.utf8.first else { return true }
    var bytes = Substring(text).utf8.dropFirst(0)
    if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
    guard let lead = bytes.first else { return false }
    let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
    // Only a string that starts like a number can resolve to a number, a date or a time.
    guard isDigit(lead) || lead == UInt8(ascii: ".") else { return false }
    let rest = String(decoding: bytes, as: UTF8.self)
    if [".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"].contains(rest) { return true }
    // Numbers in any base or style YAML 1.1/1.2 knows, sexagesimal numbers, dates and
    // timestamps use only these characters; anything else (a space, a letter other than the
    // ones below) makes the scalar a string.
    let numberish = Set("0123456789_.:eExXoObBabcdefABCDEF+-TtZz ".utf8)
    guard bytes.allSatisfy({ numberish.contains($0) }) else { return false }
    if bytes.contains(UInt8(ascii: " ")) {
      // Only a timestamp like `2001-12-14 21:59:43.10 -5` has spaces.
      return isDigit(lead) && looksLikeDate(rest)
    }
    return looksLikeNumber(rest) || looksLikeDate(rest)
  }

  private static func looksLikeDate(_ text: String) -> Bool {
    // YYYY-M-D, optionally followed by a time.
    let parts = text.split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[0].allSatisfy(\.isASCIIDigit),
      (1...2).contains(parts[1].count), parts[1].allSatisfy(\.isASCIIDigit)
    else { return false }
    let day = parts[2].prefix { $0.isASCIIDigit }
    return (1...2).contains(day.count)
  }

  private static func looksLikeNumber(_ text: String) -> Bool {
    let lower = text.lowercased()
    if lower.hasPrefix("0x") {
      return lower.dropFirst(2).allSatisfy { $0.isHexDigit || $0 == "_" } && lower.count > 2
    }
    if lower.hasPrefix("0o") || lower.hasPrefix("0b") {
      return lower.count > 2 && lower.dropFirst(2).allSatisfy { $0.isASCIIDigit || $0 == "_" }
    }
    // Decimal, octal, float with optional exponent, sexagesimal: digits, `_`, `.`, `:` and one
    // exponent. `1.2.3` is a float to YAML 1.1's regular expression, so it is quoted too.
    var sawDigit = false
    var sawExponent = false
    var previous: Character = " "
    for character in lower {
      switch character {
      case "0"..."9": sawDigit = true
      case "_", ".", ":": break
      case "e":
        guard sawDigit, !sawExponent else { return false }
        sawExponent = true
      case "+", "-":
        guard previous == "e" else { return false }
      default: return false
      }
      previous = character
    }
    return sawDigit && previous != "e" && previous != "+" && previous != "-"
  }
}

extension Character {
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
