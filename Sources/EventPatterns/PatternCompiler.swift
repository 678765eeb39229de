import CloudFormation
import JSONPaths

/// Turns pattern JSON into ``PatternObject``s with EventBridge's validation and its reasons
/// (the messages of event-ruler's `JsonRuleCompiler`, which EventBridge returns).
enum PatternCompiler {
  static func object(_ document: JSONDocument, path: [String]) throws(EventPatternError)
    -> PatternObject
  {
    guard let members = document.members else {
      throw EventPatternError("Filter is not an object")
    }
    guard !members.isEmpty else {
      throw EventPatternError("Empty objects are not allowed", field: dotted(path))
    }
    var fields: [PatternField] = []
    var alternatives: [PatternObject] = []
    for (name, value) in lastOccurrences(members) {
      let fieldPath = path + [name]
      if name == "$or", let elements = value.elements {
        alternatives = try orAlternatives(elements, path: path)
        continue
      }
      switch value {
      case .object:
        fields.append(PatternField(name: name, rule: .object(try object(value, path: fieldPath))))
      case .array(let elements):
        guard !elements.isEmpty else {
          throw EventPatternError("Empty arrays are not allowed", field: dotted(fieldPath))
        }
        var matchers: [ValueMatcher] = []
        for element in elements {
          matchers.append(try matcher(element, path: fieldPath))
        }
        fields.append(
          PatternField(name: name, rule: .values(matchers, text: value.compactText)))
      default:
        throw EventPatternError(
          "\"\(name)\" must be an object or an array", field: dotted(fieldPath))
      }
    }
    return PatternObject(fields: fields, alternatives: alternatives)
  }

  static func dotted(_ path: [String]) -> String? {
    path.isEmpty ? nil : path.joined(separator: ".")
  }

  /// Members with each name once, at the position and with the value of its last occurrence.
  private static func lastOccurrences(_ members: [(String, JSONDocument)]) -> [(
    String, JSONDocument
  )] {
    members.enumerated().filter { entry in
      !members[(entry.offset + 1)...].contains { $0.0 == entry.element.0 }
    }.map(\.element)
  }

  private static func orAlternatives(_ elements: [JSONDocument], path: [String])
    throws(EventPatternError) -> [PatternObject]
  {
    var alternatives: [PatternObject] = []
    for element in elements {
      guard let members = element.members else {
        throw EventPatternError(
          "Only JSON object is allowed in array of $or relationship.", field: dotted(path))
      }
      if let reserved = members.first(where: { reservedNames.contains($0.0) }) {
        throw EventPatternError(
          "\(reserved.0) is Ruler reserved word, so it is not allowed to be used as field name in Object of $or.",
          field: dotted(path))
      }
      alternatives.append(try object(element, path: path))
    }
    guard alternatives.count >= 2 else {
      throw EventPatternError(
        "There must have at least 2 Objects in $or relationship.", field: dotted(path))
    }
    return alternatives
  }

  private static let reservedNames: Set<String> = [
    "prefix", "suffix", "equals-ignore-case", "wildcard", "anything-but", "numeric", "exists",
    "cidr",
  ]

  private static func matcher(_ element: JSONDocument, path: [String]) throws(EventPatternError)
    -> ValueMatcher
  {
    do throws(EventPatternError) {
      switch element {
      case .string, .number, .bool, .null: return .exact(element)
      case .array:
        throw EventPatternError("Match value must be String, number, true, false, or null")
      case .object(let members):
        guard let (name, value) = members.first else {
          throw EventPatternError("Match expression name not found")
        }
        guard members.count == 1 else {
          throw EventPatternError("Only one key allowed in match expression")
        }
        return try expression(name, value)
      }
    } catch {
      throw EventPatternError(error.reason, field: dotted(path))
    }
  }

  private static func expression(_ name: String, _ value: JSONDocument) throws(EventPatternError)
    -> ValueMatcher
  {
    switch name {
    case "prefix", "suffix":
      let ignoringCase: Bool
      let text: String
      if let string = value.stringValue {
        ignoringCase = false
        text = string
      } else if let members = value.members, let (key, inner) = members.first {
        guard key == "equals-ignore-case" else {
          throw EventPatternError(
            "Unsupported \(name) pattern: \(key)")
        }
        guard members.count == 1 else {
          throw EventPatternError("Only one key allowed in match expression")
        }
        guard let string = inner.stringValue else {
          throw EventPatternError("equals-ignore-case match pattern must be a string")
        }
        ignoringCase = true
        text = string
      } else {
        throw EventPatternError("\(name) match pattern must be a string")
      }
      return name == "prefix"
        ? .prefix(text, ignoringCase: ignoringCase) : .suffix(text, ignoringCase: ignoringCase)
    case "equals-ignore-case":
      guard let string = value.stringValue else {
        throw EventPatternError("equals-ignore-case match pattern must be a string")
      }
      return .equalsIgnoreCase(string)
    case "wildcard":
      guard let string = value.stringValue else {
        throw EventPatternError("wildcard match pattern must be a string")
      }
      return .wildcard(try WildcardPattern(string))
    case "numeric":
      guard let terms = value.elements else {
        throw EventPatternError("Value of numeric must be an array.")
      }
      return .numeric(try NumericCondition(terms))
    case "exists":
      guard let flag = value.boolValue else {
        throw EventPatternError("exists match pattern must be either true or false.")
      }
      return .exists(flag)
    case "cidr":
      // EventBridge's own message for a cidr that is not a string.
      guard let string = value.stringValue else {
        throw EventPatternError("prefix match pattern must be a string")
      }
      return .cidr(try CIDRBlock(string))
    case "anything-but":
      return .anythingBut(try anythingBut(value))
    default:
      throw EventPatternError("Unrecognized match type \(name)")
    }
  }

  private static func anythingBut(_ value: JSONDocument) throws(EventPatternError) -> AnythingBut {
    switch value {
    case .string, .number:
      return .values([value])
    case .array(let elements):
      guard !elements.isEmpty else { throw EventPatternError("Empty arrays are not allowed") }
      for element in elements {
        switch element {
        case .string, .number: continue
        default:
          throw EventPatternError("Inside anything but list, start|null|boolean is not supported.")
        }
      }
      let strings = elements.filter { $0.stringValue != nil }.count
      guard strings == 0 || strings == elements.count else {
        throw EventPatternError(
          "Inside anything but list, either all values are number or string, mixed type is not support"
        )
      }
      return .values(elements)
    case .object(let members):
      guard let (key, inner) = members.first else {
        throw EventPatternError("Anything-But expression name not found")
      }
      guard members.count == 1 else {
        throw EventPatternError("Only one key allowed in match expression")
      }
      let values: [JSONDocument]
      switch inner {
      case .array(let elements): values = elements
      case .object:
        throw EventPatternError(
          "Value of anything-but must be an array or single string/number value.")
      default: values = [inner]
      }
      return try anythingButOperator(key, values)
    default:
      throw EventPatternError(
        "Value of anything-but must be an array or single string/number value.")
    }
  }

  private static func anythingButOperator(_ key: String, _ values: [JSONDocument])
    throws(EventPatternError) -> AnythingBut
  {
    var strings: [String] = []
    for value in values {
      guard let string = value.stringValue else {
        switch key {
        case "equals-ignore-case":
          throw EventPatternError(
            "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported."
          )
        case "wildcard": throw EventPatternError("wildcard match pattern must be a string")
        case "prefix", "suffix":
          throw EventPatternError("prefix/suffix match pattern must be a string")
        default: throw EventPatternError("Unsupported anything-but pattern: \(key)")
        }
      }
      if (key == "prefix" || key == "suffix"), string.isEmpty {
        throw EventPatternError("Null prefix/suffix not allowed")
      }
      strings.append(string)
    }
    switch key {
    case "prefix": return .prefixes(strings)
    case "suffix": return .suffixes(strings)
    case "equals-ignore-case": return .ignoringCase(strings)
    case "wildcard":
      var patterns: [WildcardPattern] = []
      for string in strings { patterns.append(try WildcardPattern(string)) }
      return .wildcards(patterns)
    default: throw EventPatternError("Unsupported anything-but pattern: \(key)")
    }
  }
}
