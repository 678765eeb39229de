/// Folds an environment's name prefix out of strings, so `dev-images` and `prod-images` compare
/// equal when the report normalizes names.
enum NameNormalizer {
  /// The placeholder that replaces the prefix.
  static let placeholder = "\u{1}prefix\u{1}"

  /// `string` with every occurrence of `prefix` that starts a name replaced by a placeholder,
  /// and of its spelling with `_` for `-` (Glue databases and Athena names allow no `-`:
  /// `facestack-dev` is `facestack_dev` there).
  ///
  /// An occurrence counts when it is at the start or after a character that is not a letter
  /// or digit, and is not followed by a lowercase letter or digit: `dev` folds in `dev-images`,
  /// `/aws/lambda/dev-detect` and `devImages`, not in `device`.
  static func fold(_ string: String, prefix: String) -> String {
    let folded = foldSpelling(string, prefix: prefix)
    let underscored = prefix.replacingOccurrences(of: "-", with: "_")
    return underscored == prefix ? folded : foldSpelling(folded, prefix: underscored)
  }

  private static func foldSpelling(_ string: String, prefix: String) -> String {
    guard !prefix.isEmpty, string.contains(prefix) else { return string }
    let characters = Array(string)
    let pattern = Array(prefix)
    var result = ""
    var index = 0
    while index < characters.count {
      if index + pattern.count <= characters.count,
        Array(characters[index..<(index + pattern.count)]) == pattern,
        index == 0 || !isNameCharacter(characters[index - 1]),
        index + pattern.count == characters.count
          || !continuesName(characters[index + pattern.count])
      {
        result += placeholder
        index += pattern.count
      } else {
        result.append(characters[index])
        index += 1
      }
    }
    return result
  }

  private static func isNameCharacter(_ character: Character) -> Bool {
    character.isLetter || character.isNumber
  }

  private static func continuesName(_ character: Character) -> Bool {
    character.isLowercase || character.isNumber
  }
}
