import AWSClient
import CloudFormation
import Foundation
import StackDiff

/// CloudFormation's property differences as StackDiff's property changes, so drift is shown on
/// the diff's renderers: the JSON pointer (`/Environment/Variables/DEBUG`) becomes the path
/// (`Properties.Environment.Variables.DEBUG`), the template's value the old side and the
/// resource's the new one, typed from `ExpectedProperties` and `ActualProperties` where the
/// pointer finds the value there (the difference's own text otherwise).
public enum DriftDifferences {
  /// One resource's drift with its property changes, sorted by path.
  public static func resource(_ drift: StackResourceDrift) -> ResourceDrift {
    let expected = document(drift.expectedProperties)
    let actual = document(drift.actualProperties)
    let changes = drift.propertyDifferences.map { difference -> PropertyChange in
      let pointer = components(difference.propertyPath)
      // Value takes a nil literal as JSON null: absence is spelled Optional.none.
      var old: Value? = Optional.none
      var new: Value? = Optional.none
      if difference.differenceType != "ADD" {
        old = expected.flatMap { lookup($0, pointer) } ?? scalar(difference.expectedValue)
      }
      if difference.differenceType != "REMOVE" {
        new = actual.flatMap { lookup($0, pointer) } ?? scalar(difference.actualValue)
      }
      return PropertyChange(path: path(pointer), old: old, new: new)
    }
    return ResourceDrift(
      logicalID: drift.logicalResourceID, physicalID: drift.physicalResourceID,
      type: drift.resourceType, status: drift.status, reason: drift.statusReason,
      changes: changes.sorted { $0.path < $1.path })
  }

  /// The pointer's unescaped tokens (`~1` is `/`, `~0` is `~`).
  static func components(_ pointer: String) -> [String] {
    pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
      $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
    }
  }

  /// `Properties.` and the pointer's tokens, numbers as list indexes.
  static func path(_ tokens: [String]) -> PropertyPath {
    PropertyPath(
      [.key("Properties")]
        + tokens.map { token in Int(token).map(PropertyPath.Component.index) ?? .key(token) })
  }

  static func document(_ text: String?) -> Value? {
    guard let text, !text.isEmpty else { return nil }
    return try? TemplateReader.readValue(Array(text.utf8), file: "drift")
  }

  static func lookup(_ value: Value, _ tokens: [String]) -> Value? {
    var current = value
    for token in tokens {
      switch current {
      case .map(let map):
        guard let next = map[token] else { return nil }
        current = next
      case .list(let list):
        guard let index = Int(token), list.indices.contains(index) else { return nil }
        current = list[index]
      default: return nil
      }
    }
    return current
  }

  /// A difference's text as a value: JSON when it is an object, list, number or boolean, the
  /// text itself otherwise.
  static func scalar(_ text: String) -> Value {
    if text == "true" || text == "false" { return .bool(text == "true") }
    if let number = Number(text: text) { return .number(number) }
    if text.hasPrefix("{") || text.hasPrefix("["), let value = document(text) { return value }
    return .string(text)
  }
}
