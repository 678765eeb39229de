import Foundation

/// Swift spellings of schema names: type names, property names and enum cases.
enum Naming {
  static let keywords: Set<String> = [
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import",
    "init", "inout", "internal", "let", "open", "operator", "private", "protocol", "public",
    "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "continue",
    "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat",
    "return", "switch", "where", "while", "as", "catch", "false", "is", "nil", "super", "self",
    "Self", "throw", "throws", "true", "try", "Any", "some", "any", "Type", "Protocol",
  ]

  /// Names a nested type must not take: they would shadow the types the generated code uses.
  static let reservedTypeNames: Set<String> = [
    "Type", "Protocol", "Self", "Any", "Value", "Field", "String", "Int", "Double", "Bool",
    "Array", "Dictionary", "Optional", "Intrinsic", "OrderedMap", "Attribute", "Number",
    "Resource", "ResourceFacts", "SchemaChecks", "CloudFormation", "ResourceTypes", "Set",
    "Error", "Character", "Data", "Date", "URL", "Never", "Void",
  ]

  /// Splits `KMSMasterKeyID`, `aws:kms`, `t2.micro`, `STANDARD_IA` into words.
  static func words(_ name: String) -> [String] {
    var words: [String] = []
    var current = ""
    let characters = Array(name)
    for (index, character) in characters.enumerated() {
      guard character.isLetter || character.isNumber, character.isASCII else {
        if !current.isEmpty { words.append(current) }
        current = ""
        continue
      }
      if !current.isEmpty, let last = current.last {
        let next = index + 1 < characters.count ? characters[index + 1] : nil
        let boundary =
          (last.isLowercase && character.isUppercase)
          || (last.isUppercase && character.isUppercase && (next?.isLowercase ?? false))
          || (last.isNumber && character.isUppercase && (next?.isLowercase ?? false))
        if boundary {
          words.append(current)
          current = ""
        }
      }
      current.append(character)
    }
    if !current.isEmpty { words.append(current) }
    return words
  }

  /// `BucketName` → `BucketName`, `sse_specification` → `SseSpecification`.
  static func typeName(_ name: String) -> String {
    var result = words(name).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    if result.isEmpty { result = "Unnamed" }
    if result.first?.isNumber ?? false { result = "T" + result }
    if reservedTypeNames.contains(result) { result += "Definition" }
    return result
  }

  /// `BucketName` → `bucketName`, `SSESpecification` → `sseSpecification`, `VPCId` → `vpcId`.
  static func memberName(_ name: String) -> String {
    let parts = words(name)
    guard let first = parts.first else { return "unnamed" }
    var result = first.lowercased()
    for part in parts.dropFirst() {
      if part == part.uppercased() && part.count > 1 && !(part.first?.isNumber ?? false) {
        result += part
      } else {
        result += part.prefix(1).uppercased() + part.dropFirst()
      }
    }
    if result.first?.isNumber ?? false { result = "_" + result }
    return result
  }

  /// `identifier` as an argument label: any keyword but `inout`, `var` and `let` is a valid
  /// label unescaped (escaping others only earns a compiler warning).
  static func argumentLabel(_ identifier: String) -> String {
    ["inout", "var", "let"].contains(identifier) ? "`\(identifier)`" : identifier
  }

  /// Backticks for keywords.
  static func escaped(_ identifier: String) -> String {
    keywords.contains(identifier) ? "`\(identifier)`" : identifier
  }

  /// `AWS::S3::Bucket` → `S3Bucket`; other namespaces keep their prefix (`AlexaASKSkill`).
  static func resourceTypeName(_ typeName: String) -> String {
    var parts = typeName.components(separatedBy: "::")
    if parts.first == "AWS" { parts.removeFirst() }
    return parts.map { part in
      part.filter { $0.isLetter || $0.isNumber }
    }.joined()
  }

  /// Makes `name` unique within `used` by appending a number.
  static func unique(_ name: String, in used: inout Set<String>) -> String {
    var candidate = name
    var counter = 2
    while used.contains(candidate) {
      candidate = name + String(counter)
      counter += 1
    }
    used.insert(candidate)
    return candidate
  }

  /// The Swift literal for `text`, with `\` `"` and control characters escaped (`\u{7F}`).
  static func stringLiteral(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
          out += "\\u{" + String(scalar.value, radix: 16) + "}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  /// Description text as it can stand in a `///` comment: no control characters.
  static func commentText(_ text: Substring) -> String {
    String(
      String.UnicodeScalarView(
        text.unicodeScalars.map { scalar in
          scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) ? " " : scalar
        })
    ).trimmingCharacters(in: .whitespaces)
  }
}
