import CloudFormation

/// Compares two values semantically and collects the differences as property changes.
///
/// Maps compare by key whatever their order; intrinsics compare structurally (and a changed
/// `Fn::Base64` or `Fn::Sub` is compared inside, so a changed line of a script is found); lists
/// the resource facts mark `insertionOrder: false`, and IAM statements, actions, resources and
/// principals, compare as sets; any string (or `Fn::Sub` template) that parses as a JSON object
/// or array compares as parsed JSON, wherever it appears.
struct ValueComparer {
  /// The resource type, for fact lookups; nil outside resources.
  var resourceType: String?
  var facts: any ResourceFactsProvider
  var names: NamePrefixes?
  private(set) var changes: [PropertyChange] = []
  /// The facts already looked up, shared by the comparers of one diff: a template has few
  /// distinct type and pointer pairs but many values under them.
  private let cache: FactCache

  init(
    resourceType: String?, facts: any ResourceFactsProvider, names: NamePrefixes?,
    cache: FactCache = FactCache()
  ) {
    self.resourceType = resourceType
    self.facts = facts
    self.names = names
    self.cache = cache
  }

  // MARK: Canonical keys

  /// A string that is equal for two values exactly when they are semantically equal here.
  func key(_ value: Value, at position: Position, side: Side) -> String {
    var output = ""
    appendKey(value, at: position, side: side, to: &output)
    return output
  }

  private func appendKey(_ raw: Value, at position: Position, side: Side, to output: inout String) {
    let value = position.role.normalized(simplified(raw))
    if let parsed = jsonContent(value) {
      output += "J("
      appendKey(parsed.document, at: position.insideJSON, side: side, to: &output)
      if !parsed.variables.isEmpty {
        output += "|"
        appendKey(.map(parsed.variables), at: .plain, side: side, to: &output)
      }
      output += ")"
      return
    }
    switch value {
    case .string(let string): appendString(normalizedName(string, side: side), to: &output)
    case .number(let number): appendString(number.text, to: &output)
    case .bool(let bool): appendString(bool ? "true" : "false", to: &output)
    case .null: output += "n"
    case .list(let list):
      let element = position.element
      if isSet(at: position) {
        let keys = list.map { key($0, at: element, side: side) }.sorted()
        output += "{" + keys.joined(separator: ",") + "}"
      } else {
        output += "["
        for item in list {
          appendKey(item, at: element, side: side, to: &output)
          output += ","
        }
        output += "]"
      }
    case .map(let map):
      let inner = position.entering(map)
      output += "<"
      for key in map.keys.sorted() {
        guard let item = map[key] else { continue }
        appendString(key, to: &output)
        output += ":"
        appendKey(item, at: inner.child(key), side: side, to: &output)
        output += ","
      }
      output += ">"
    case .intrinsic(let intrinsic):
      output += "!" + intrinsic.functionName
      if case .sub(let template, let variables) = intrinsic {
        appendString(normalizedName(template, side: side), to: &output)
        appendKey(.map(variables), at: .plain, side: side, to: &output)
      } else {
        appendKey(intrinsic.argument, at: .plain, side: side, to: &output)
      }
    }
  }

  private func appendString(_ string: String, to output: inout String) {
    output += "\""
    if string.utf8.contains(UInt8(ascii: "\"")) || string.utf8.contains(UInt8(ascii: "\\")) {
      for character in string.unicodeScalars {
        if character == "\"" || character == "\\" { output += "\\" }
        output.unicodeScalars.append(character)
      }
    } else {
      output += string
    }
    output += "\""
  }

  // MARK: Differences

  /// Records the differences between `old` and `new` at `path`.
  mutating func compare(_ old: Value?, _ new: Value?, at path: PropertyPath, position: Position) {
    guard let oldRaw = old, let newRaw = new else {
      if old != nil || new != nil { record(path, old, new, position) }
      return
    }
    let oldValue = position.role.normalized(simplified(oldRaw))
    let newValue = position.role.normalized(simplified(newRaw))
    if key(oldValue, at: position, side: .old) == key(newValue, at: position, side: .new) { return }
    if let oldJSON = jsonContent(oldValue), let newJSON = jsonContent(newValue) {
      compareMaps(
        oldJSON.variables, newJSON.variables, at: path.appending(.key("Fn::Sub")), position: .plain)
      compare(
        oldJSON.document, newJSON.document, at: path.appending(.json), position: position.insideJSON
      )
      return
    }
    switch (oldValue, newValue) {
    case (.map(let oldMap), .map(let newMap)):
      compareMaps(oldMap, newMap, at: path, position: position.entering(oldMap))
    case (.list(let oldList), .list(let newList)):
      if isSet(at: position) {
        compareSets(oldList, newList, at: path, position: position)
      } else {
        compareLists(oldList, newList, at: path, position: position)
      }
    case (.intrinsic(let oldIntrinsic), .intrinsic(let newIntrinsic))
    where compareInside(oldIntrinsic, newIntrinsic, at: path, position: position):
      return
    default:
      record(path, oldRaw, newRaw, position)
    }
  }

  /// Compares the arguments of two `Fn::Base64`s, or the templates and variables of two
  /// `Fn::Sub`s (the paths follow CloudFormation's JSON form: `UserData.Fn::Base64.Fn::Sub[0]`),
  /// when they hold a text (a script, a query), so a one-line change of a script is one changed
  /// text shown as lines; false for any other pair, which is shown whole.
  private mutating func compareInside(
    _ old: Intrinsic, _ new: Intrinsic, at path: PropertyPath, position: Position
  ) -> Bool {
    guard Self.holdsText(.intrinsic(old)) || Self.holdsText(.intrinsic(new)) else { return false }
    switch (old, new) {
    case (.base64(let before), .base64(let after)):
      compare(
        before, after, at: path.appending(.key("Fn::Base64")), position: position.insideIntrinsic)
      return true
    case (.sub(let before, let oldVariables), .sub(let after, let newVariables)):
      let sub = path.appending(.key("Fn::Sub"))
      let inside = position.insideIntrinsic
      if oldVariables.isEmpty && newVariables.isEmpty {
        compare(.string(before), .string(after), at: sub, position: inside)
      } else {
        compare(.string(before), .string(after), at: sub.appending(.index(0)), position: inside)
        compareMaps(oldVariables, newVariables, at: sub.appending(.index(1)), position: inside)
      }
      return true
    default:
      return false
    }
  }

  mutating func compareMaps(
    _ old: OrderedMap<Value>, _ new: OrderedMap<Value>, at path: PropertyPath, position: Position
  ) {
    var keys = old.keys
    for key in new.keys where !old.contains(key) { keys.append(key) }
    for key in keys {
      compare(old[key], new[key], at: path.appending(.key(key)), position: position.child(key))
    }
  }

  mutating func record(
    _ path: PropertyPath, _ old: Value?, _ new: Value?, _ position: Position
  ) {
    var rule = replacement(at: position)
    // A value added, removed or replaced whole (a member of an unordered list, an object that
    // became a string) changes every property inside it: a create-only one among them replaces
    // the resource even though the change is recorded above it.
    if rule != .always, position.pointer != nil {
      for value in [old, new].compactMap({ $0 }) {
        rule = max(rule, innerReplacement(value, at: position))
      }
    }
    changes.append(PropertyChange(path: path, old: old, new: new, replacement: rule))
  }

  /// The strongest replacement rule of the properties inside `value` at `position`.
  private func innerReplacement(_ value: Value, at position: Position) -> ReplacementRule {
    var rule = ReplacementRule.never
    switch value {
    case .map(let map):
      for (key, item) in map {
        let child = position.child(key)
        rule = max(rule, replacement(at: child), innerReplacement(item, at: child))
        if rule == .always { return rule }
      }
    case .list(let items):
      let element = position.element
      for item in items {
        rule = max(rule, replacement(at: element), innerReplacement(item, at: element))
        if rule == .always { return rule }
      }
    default: break
    }
    return rule
  }

  // MARK: Facts

  /// What a change at `position` does to the resource.
  func replacement(at position: Position) -> ReplacementRule {
    guard let resourceType, let pointer = position.replacementPointer else { return .never }
    return facts.replacement(forType: resourceType, path: pointer)
  }

  func isSet(at position: Position) -> Bool {
    if position.role.isSet { return true }
    guard let resourceType, let pointer = position.pointer else { return false }
    return cache.isUnordered(type: resourceType, at: pointer) {
      facts.isUnorderedList(type: resourceType, path: $0)
    }
  }

  /// Whether `value` is a text, or an `Fn::Sub` or `Fn::Base64` around one.
  private static func holdsText(_ value: Value) -> Bool {
    switch value {
    case .string(let text): return TextDiff.isText(text)
    case .intrinsic(.sub(let template, _)): return TextDiff.isText(template)
    case .intrinsic(.base64(let argument)): return holdsText(argument)
    default: return false
    }
  }

  /// The parsed document of a string (or of an `Fn::Sub` template) that is a JSON object or
  /// array: a state machine definition, a dashboard body, a policy written as a string, or any
  /// other JSON held in a string.
  private func jsonContent(_ value: Value) -> (document: Value, variables: OrderedMap<Value>)? {
    switch value {
    case .string(let text): return JSONText.parse(text).map { ($0, [:]) }
    case .intrinsic(.sub(let template, let variables)):
      return JSONText.parse(template).map { ($0, variables) }
    default: return nil
    }
  }

  /// `Fn::Sub` without variables or `${` is its string, and `Fn::Join` of strings is the
  /// joined string: the same value to CloudFormation.
  private func simplified(_ value: Value) -> Value {
    switch value {
    case .intrinsic(.sub(let template, let variables))
    where variables.isEmpty && !template.contains("${"):
      return .string(template)
    case .intrinsic(.join(let delimiter, .list(let parts))):
      let strings = parts.compactMap(\.stringValue)
      return strings.count == parts.count ? .string(strings.joined(separator: delimiter)) : value
    default: return value
    }
  }

  private func normalizedName(_ string: String, side: Side) -> String {
    guard let names else { return string }
    return NameNormalizer.fold(string, prefix: side == .old ? names.from : names.to)
  }

  /// The field that identifies a member of a set, when there is one.
  static func identity(of value: Value) -> (
    field: String, value: String, component: PropertyPath.Component
  )? {
    guard case .map(let map) = value else { return nil }
    for field in ["Key", "Sid", "PolicyName", "AttributeName", "IndexName", "Name", "Id", "Arn"] {
      if let text = map[field]?.stringValue {
        return (field, text, .member(field: field, value: text))
      }
    }
    return nil
  }
}

/// Facts looked up per resource type and schema pointer, for the comparers of one diff.
final class FactCache {
  private var entries: [String: [String: Bool]] = [:]

  /// Whether the list at `pointer` compares as a set, looked up once per type and pointer.
  func isUnordered(type: String, at pointer: String, lookUp: (String) -> Bool) -> Bool {
    if let entry = entries[type]?[pointer] { return entry }
    let unordered = lookUp(pointer)
    entries[type, default: [:]][pointer] = unordered
    return unordered
  }
}

/// Which template a value comes from.
enum Side {
  case old
  case new
}
