/// A policy that applies to a request could not be read (the emulator is down, answered an
/// error, or the document does not parse): the request is denied with this reason logged,
/// never evaluated without the policy.
public struct PolicyReadFailure: Error, Hashable, Sendable, CustomStringConvertible {
  /// What could not be read, and why.
  public var message: String
  /// A failure.
  public init(_ message: String) { self.message = message }
  /// The message.
  public var description: String { message }
}
