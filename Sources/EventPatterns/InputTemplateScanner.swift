import CloudFormation
import JSONPaths

/// Finds `<placeholders>` in an input template and fills them, knowing whether each stands
/// inside a JSON string.
enum InputTemplateScanner {
  /// A placeholder: `<` one or more of letters, digits, `_`, `-`, `.` and `>`.
  private static let nameCharacters = Set(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.".unicodeScalars)

  /// The names of the placeholders, in order (repeats included).
  static func placeholders(in template: String) -> [String] {
    var names: [String] = []
    scan(template) { piece in
      if case .placeholder(let name, _) = piece { names.append(name) }
    }
    return names
  }

  /// The template with every placeholder replaced by its value, by the rules of
  /// ``InputTransformer``.
  static func fill(_ template: String, values: [String: JSONDocument]) throws(InputTransformerError)
    -> String
  {
    let first = template.unicodeScalars.first { !$0.properties.isWhitespace }
    let isJSONTemplate = first == "{" || first == "["
    var output = ""
    var invalid = false
    scan(template) { piece in
      switch piece {
      case .text(let text):
        output += text
      case .placeholder(let name, let inString):
        let value = values[name]
        guard inString else {
          switch value {
          case nil: output += "\"\""
          case .string(let string)?: JSONDocument.writeString(string, to: &output)
          case let other?: output += other.compactText
          }
          return
        }
        switch value {
        case nil: break
        case .string(let string)?: output += escaped(string)
        case .object?, .array?:
          if isJSONTemplate || name == "aws.events.event" || name == "aws.events.event.json" {
            invalid = true
          }
          output +=
            value.map { escaped($0.compactText.replacingOccurrences(of: "\"", with: "")) } ?? ""
        case let other?: output += other.compactText
        }
      }
    }
    if invalid { throw .invalidOutput(output) }
    return output
  }

  private enum Piece {
    case text(String)
    case placeholder(String, inString: Bool)
  }

  /// Splits the template into text and placeholders, tracking JSON string literals (a `"`
  /// not escaped by a backslash opens or closes one).
  private static func scan(_ template: String, _ visit: (Piece) -> Void) {
    let scalars = Array(template.unicodeScalars)
    var text = String.UnicodeScalarView()
    var inString = false
    var index = 0
    while index < scalars.count {
      let scalar = scalars[index]
      if scalar == "<", let end = placeholderEnd(scalars, from: index) {
        if !text.isEmpty {
          visit(.text(String(text)))
          text = String.UnicodeScalarView()
        }
        let name = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
        visit(.placeholder(name, inString: inString))
        index = end + 1
        continue
      }
      text.append(scalar)
      if inString, scalar == "\\", index + 1 < scalars.count {
        text.append(scalars[index + 1])
        index += 2
        continue
      }
      if scalar == "\"" { inString.toggle() }
      index += 1
    }
    if !text.isEmpty { visit(.text(String(text))) }
  }

  private static func placeholderEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
    var index = start + 1
    while index < scalars.count, nameCharacters.contains(scalars[index]) { index += 1 }
    guard index > start + 1, index < scalars.count, scalars[index] == ">" else { return nil }
    return index
  }

  /// A string's characters as they appear inside a JSON string literal.
  private static func escaped(_ string: String) -> String {
    var quoted = ""
    JSONDocument.writeString(string, to: &quoted)
    return String(quoted.dropFirst().dropLast())
  }
}
