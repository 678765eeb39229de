import CloudFormation
import JSONPaths

/// An EventBridge event pattern, with EventBridge's validation and matching semantics
/// (those of event-ruler, the engine EventBridge runs, in its array-consistent mode).
///
/// ```swift
/// let pattern = try EventPattern.parse(
///   #"{"source": ["aws.s3"], "detail": {"object": {"key": [{"prefix": "input/"}]}}}"#)
/// pattern.matches(event)                 // true or false
/// if let why = pattern.explain(event) {  // nil when it matches
///   print(why)  // detail.object.key: "enroll/a.jpg" matches none of [{"prefix":"input/"}]
/// }
/// ```
///
/// Matching: every field of the pattern must be present with the same nesting; a field's array
/// lists alternatives; when the event's value is an array, any element may match; fields inside
/// objects that are elements of one event array must all match within the same element.
public struct EventPattern: Sendable, Equatable {
  /// The pattern's top-level object.
  public let root: PatternObject

  /// Reads and validates pattern text; errors carry EventBridge's reason.
  public static func parse(_ text: String) throws(EventPatternError) -> EventPattern {
    let document: JSONDocument
    do {
      document = try JSONDocument.parse(text, file: "<event pattern>")
    } catch {
      throw EventPatternError("\(error)")
    }
    return try EventPattern(document)
  }

  /// Validates an already parsed pattern.
  public init(_ document: JSONDocument) throws(EventPatternError) {
    root = try PatternCompiler.object(document, path: [])
    let combinations = root.combinations
    guard combinations <= 1_000 else {
      throw EventPatternError(
        "The $or relationships of the pattern make \(combinations) rule combinations; at most 1000 are allowed"
      )
    }
  }

  /// Whether the event matches.
  public func matches(_ event: JSONDocument) -> Bool { explain(event) == nil }

  /// Why the event does not match (the first field that failed, in pattern order), or `nil`
  /// when it matches.
  public func explain(_ event: JSONDocument) -> PatternMismatch? {
    PatternMatcher.mismatch(of: root, against: event, path: [])
  }
}
