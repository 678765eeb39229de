import CloudFormation
import Foundation
import JSONPaths

/// Reads the fields of one JSON object of a definition, remembering which were read so the
/// rest can be reported as unknown, and naming every problem with its JSON pointer.
struct DefinitionReader {
  let members: [(String, JSONDocument)]
  let location: String
  private var read: Set<String> = []

  init(_ document: JSONDocument, at location: String) throws(DefinitionError) {
    guard let members = document.members else {
      throw DefinitionError(
        .schemaValidationFailed, "Expected an object, got \(document.kindName)", at: location)
    }
    self.members = members
    self.location = location
  }

  func pointer(_ key: String) -> String { "\(location)/\(key)" }

  func error(_ key: String, _ message: String) -> DefinitionError {
    DefinitionError(.schemaValidationFailed, message, at: pointer(key))
  }

  func has(_ key: String) -> Bool { members.contains { $0.0 == key } }

  mutating func value(_ key: String) -> JSONDocument? {
    read.insert(key)
    return members.last { $0.0 == key }?.1
  }

  mutating func string(_ key: String) throws(DefinitionError) -> String? {
    guard let value = value(key) else { return nil }
    guard let string = value.stringValue else {
      throw error(key, "The value for the field '\(key)' must be a STRING")
    }
    return string
  }

  mutating func requiredString(_ key: String) throws(DefinitionError) -> String {
    guard let string = try string(key) else {
      throw DefinitionError(
        .schemaValidationFailed, "The field '\(key)' should be non-null", at: location)
    }
    return string
  }

  mutating func bool(_ key: String) throws(DefinitionError) -> Bool? {
    guard let value = value(key) else { return nil }
    guard let flag = value.boolValue else {
      throw error(key, "The value for the field '\(key)' must be a BOOLEAN")
    }
    return flag
  }

  /// An integer within `range`.
  mutating func integer(_ key: String, in range: ClosedRange<Int>) throws(DefinitionError) -> Int? {
    guard let value = value(key) else { return nil }
    guard let number = value.integerValue, range.contains(number) else {
      throw error(
        key,
        "The value for the field '\(key)' must be an INTEGER between \(range.lowerBound) and \(range.upperBound)"
      )
    }
    return number
  }

  mutating func number(_ key: String) throws(DefinitionError) -> Double? {
    guard let value = value(key) else { return nil }
    guard let number = value.doubleValue else {
      throw error(key, "The value for the field '\(key)' must be a NUMBER")
    }
    return number
  }

  /// A `Path`-valued field (`InputPath`, `OutputPath`): a path, or `null`, or absent.
  mutating func optionalPath(_ key: String) throws(DefinitionError) -> OptionalPath {
    guard let value = value(key) else { return .path(StateMachine.rootPath) }
    if value.isNull { return .null }
    guard let text = value.stringValue else {
      throw error(key, "The value for the field '\(key)' must be a valid JSONPath")
    }
    return .path(try path(text, field: key))
  }

  /// A reference path (`ResultPath`, `ItemsPath`, `Variable`, `...Path` comparisons).
  func referencePath(_ text: String, field: String, allowContext: Bool = false)
    throws(DefinitionError) -> JSONPath
  {
    let parsed = try path(text, field: field)
    guard parsed.isDefinite, allowContext || parsed.root == .document else {
      throw error(field, "The value for the field '\(field)' must be a valid ReferencePath")
    }
    return parsed
  }

  func path(_ text: String, field: String) throws(DefinitionError) -> JSONPath {
    do {
      return try JSONPath(text)
    } catch {
      throw self.error(field, "The value for the field '\(field)' must be a valid JSONPath")
    }
  }

  /// Every field not read so far, as Step Functions' "not supported" error.
  func rejectUnknownFields() throws(DefinitionError) {
    if let unknown = members.first(where: { !read.contains($0.0) }) {
      throw error(unknown.0, "The field '\(unknown.0)' is not supported by Step Functions")
    }
  }

  /// Marks fields as read without interpreting them (their presence is reported at runtime).
  mutating func accept(_ keys: [String]) -> [String] {
    keys.filter { key in
      guard has(key) else { return false }
      read.insert(key)
      return true
    }
  }
}
