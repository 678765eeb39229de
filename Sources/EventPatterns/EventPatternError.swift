/// A pattern that EventBridge would refuse with `InvalidEventPatternException`.
///
/// ``reason`` is the reason EventBridge gives (the text of its rule compiler, event-ruler);
/// ``description`` is the whole message `PutRule` and `TestEventPattern` return:
/// `Event pattern is not valid. Reason: Empty arrays are not allowed`.
public struct EventPatternError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Why the pattern is not valid, in EventBridge's words.
  public let reason: String
  /// Where in the pattern, as a dotted field path (`detail.state`), when known.
  public let field: String?

  /// An error with EventBridge's `reason` at `field`.
  public init(_ reason: String, field: String? = nil) {
    self.reason = reason
    self.field = field
  }

  /// The message EventBridge returns.
  public var description: String { "Event pattern is not valid. Reason: \(reason)" }

  /// The code of the API error EventBridge answers with.
  public static let errorCode = "InvalidEventPatternException"
}
