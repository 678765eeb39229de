/// Schema patterns are ECMA-262 regular expressions; Foundation's `NSRegularExpression` is ICU.
/// The one difference the pinned schemas hit: ICU reads `[` inside a character class as a nested
/// set (and `&&` as intersection), ECMA as a literal. This escapes them.
///
/// Kept in step with `Sources/ResourceTypes/Checks/ECMAPattern.swift`, which the synth-time
/// checks use; the generator only needs it to prove every pattern compiles.
enum ECMAPattern {
  static func icu(_ pattern: String) -> String {
    var result = ""
    var inClass = false
    var iterator = pattern.makeIterator()
    var previous: Character?
    while let character = iterator.next() {
      if character == "\\" {
        result.append(character)
        if let escaped = iterator.next() { result.append(escaped) }
        previous = nil
        continue
      }
      if inClass {
        if character == "[" {
          result += "\\["
        } else if character == "&" && previous == "&" {
          result += "\\&"
        } else {
          if character == "]" { inClass = false }
          result.append(character)
        }
      } else {
        if character == "[" { inClass = true }
        result.append(character)
      }
      previous = character
    }
    return result
  }
}
