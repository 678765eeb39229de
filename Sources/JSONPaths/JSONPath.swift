import CloudFormation

/// A JSONPath expression as AWS reads them in Step Functions (Jayway's dialect) and in
/// EventBridge input paths: `$.detail.object.key`, `$.items[0]`, `$.items[*].id`, `$..name`,
/// `$.items[?(@.price < 10)]`, and the Step Functions context object `$$.Execution.Id`.
///
/// ```swift
/// let path = try JSONPath("$.detail['object'].key")
/// let key = try path.value(in: event)          // one value, or a typed error naming the gap
/// let ids = try JSONPath("$.items[*].id").select(in: document).map(\.value)
/// ```
///
/// A path is *definite* when it names at most one value (only names and indexes); an indefinite
/// path (wildcards, slices, unions, deep scans, filters) yields a list, as in Jayway.
public struct JSONPath: Sendable, Equatable, CustomStringConvertible {
  /// The path as written.
  public let text: String
  /// Which document the path starts from.
  public let root: Root
  /// The steps after the root, in order.
  public let segments: [JSONPathSegment]

  /// The document a path starts from.
  public enum Root: Sendable, Equatable {
    /// `$`: the input document.
    case document
    /// `$$`: the Step Functions context object.
    case context
  }

  /// Parses `text`; throws ``JSONPathError/syntax(path:position:reason:)`` when it is not a path.
  public init(_ text: String) throws(JSONPathError) {
    var parser = JSONPathParser(text: text)
    let parsed = try parser.parse()
    self.text = text
    self.root = parsed.root
    self.segments = parsed.segments
  }

  /// The path as written.
  public var description: String { text }

  /// Whether the path names at most one value: only member names and indexes, no wildcards,
  /// slices, unions, deep scans or filters.
  public var isDefinite: Bool {
    segments.allSatisfy { segment in
      switch segment {
      case .child(let selector): return selector.isSingle
      case .descendant: return false
      }
    }
  }

  /// Whether the path is a Step Functions *reference path*: definite, on the input document,
  /// with no negative indexes (the form `ResultPath`, `ItemsPath` and Choice variables take).
  public var isReferencePath: Bool {
    guard root == .document, isDefinite else { return false }
    return segments.allSatisfy { segment in
      if case .child(.index(let index)) = segment { return index >= 0 }
      return true
    }
  }

  /// `$`: the whole document.
  public var isRoot: Bool { segments.isEmpty }
}

/// One step of a path.
public enum JSONPathSegment: Sendable, Equatable {
  /// `.name`, `['name']`, `[0]`, `[*]`, `[1:3]`, `[?(...)]`: applied to the current values.
  case child(JSONPathSelector)
  /// `..name`, `..*`, `..[0]`: applied to the current values and all their descendants.
  case descendant(JSONPathSelector)
}

/// What a segment selects.
public indirect enum JSONPathSelector: Sendable, Equatable {
  /// An object member.
  case name(String)
  /// An array element; negative indexes count from the end.
  case index(Int)
  /// Every member or element.
  case wildcard
  /// `[start:end:step]`, Python-style bounds.
  case slice(start: Int?, end: Int?, step: Int?)
  /// `['a','b']` or `[0,2]`.
  case union([JSONPathSelector])
  /// `[?(expression)]`: elements (or members) for which the expression holds.
  case filter(JSONPathFilter)

  /// Whether the selector names at most one value.
  var isSingle: Bool {
    switch self {
    case .name, .index: return true
    default: return false
    }
  }
}
