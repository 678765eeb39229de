import CloudFormation
import JSONPaths

/// Why an event does not match a pattern: the first field that failed and how.
public struct PatternMismatch: Sendable, Equatable, CustomStringConvertible {
  /// The field, dotted from the event's root (`detail.object.key`); empty for the root.
  public let field: String
  /// What was wrong, one lowercase line.
  public let reason: String

  /// `detail.object.key: "enroll/a.jpg" matches none of [{"prefix":"input/"}]`.
  public var description: String { field.isEmpty ? reason : "\(field): \(reason)" }
}
