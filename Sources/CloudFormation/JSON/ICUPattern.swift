import Foundation

/// Schema patterns are ECMA-262 regular expressions (with the web-compatibility rules of its
/// Annex B); Foundation's `NSRegularExpression` is ICU. The differences the pinned schemas hit:
/// - ICU reads `[` inside a character class as a nested set, and `&&` as intersection; ECMA reads
///   both as literals.
/// - ECMA takes a `{` or `}` that does not form a quantifier as a literal; ICU rejects it.
/// - ECMA allows a quantifier after a lookaround (`(?!\.)+`), which repeats nothing; ICU rejects it.
/// - An empty pattern matches everything.
///
/// The generator (whose full-set test proves that every pattern of the pinned schema set compiles
/// after this translation) uses it; synth checks patterns with its own matcher (ResourceTypes'
/// `SchemaPattern`), which keeps these semantics, and falls back to ICU through this translation
/// for a text its backtracking would take too long on.
public enum ICUPattern {
  /// `pattern` (ECMA-262) as an ICU regular expression for `NSRegularExpression`.
  public static func icu(_ pattern: String) -> String {
    if pattern.isEmpty { return "(?:)" }
    let characters = Array(pattern)
    var result = ""
    var inClass = false
    var groups: [Bool] = []  // per open group: is it a lookaround?
    var index = 0
    while index < characters.count {
      let character = characters[index]
      if character == "\\" {
        result.append(character)
        if index + 1 < characters.count { result.append(characters[index + 1]) }
        index += 2
        // `\p{Letter}`, `\P{C}`: the braces belong to the escape.
        if "pP".contains(characters[index - 1]), index < characters.count, characters[index] == "{"
        {
          while index < characters.count {
            result.append(characters[index])
            index += 1
            if characters[index - 1] == "}" { break }
          }
        }
        continue
      }
      if inClass {
        if character == "[" {
          result += "\\["
        } else if character == "&", index + 1 < characters.count, characters[index + 1] == "&" {
          result += "\\&"
        } else {
          if character == "]" { inClass = false }
          result.append(character)
        }
        index += 1
        continue
      }
      switch character {
      case "[":
        inClass = true
        result.append(character)
        if index + 1 < characters.count, characters[index + 1] == "^" {
          result.append("^")
          index += 1
        }
      case "(":
        let rest = String(characters[(index + 1)...].prefix(4))
        groups.append(
          rest.hasPrefix("?=") || rest.hasPrefix("?!") || rest.hasPrefix("?<=")
            || rest.hasPrefix("?<!"))
        result.append(character)
      case ")":
        result.append(character)
        if groups.popLast() == true, index + 1 < characters.count,
          "+*?".contains(characters[index + 1])
        {
          index += 1  // a repeated lookaround is the lookaround itself
        }
      case "{":
        if let end = quantifierEnd(characters, from: index) {
          result += String(characters[index...end])
          index = end
        } else {
          result += "\\{"
        }
      case "}":
        result += "\\}"
      default:
        result.append(character)
      }
      index += 1
    }
    return result
  }

  /// The index of the `}` closing a `{n}`, `{n,}` or `{n,m}` quantifier that starts at `start`.
  private static func quantifierEnd(_ characters: [Character], from start: Int) -> Int? {
    var index = start + 1
    var sawDigit = false
    while index < characters.count, characters[index].isASCII, characters[index].isNumber {
      sawDigit = true
      index += 1
    }
    guard sawDigit, index < characters.count else { return nil }
    if characters[index] == "," {
      index += 1
      while index < characters.count, characters[index].isASCII, characters[index].isNumber {
        index += 1
      }
    }
    return index < characters.count && characters[index] == "}" ? index : nil
  }
}
