import AWSClient
import Foundation

/// What deploy, bootstrap and destroy tell the user while they run. The library never prints:
/// the CLI renders these (see ``ProgressRenderer``).
public enum DeployMessage: Sendable {
  /// A step starts or ends (`uploading 3 assets`).
  case step(String)
  /// Something the user should know but that does not stop the run.
  case warning(String)
  /// What the change set will do: the template diff and the change set's resources.
  case review(DeployReview)
  /// A stack event, new since the last poll.
  case event(StackEvent, ProgressSnapshot)
  /// The progress, redrawn between events on a terminal.
  case progress(ProgressSnapshot)
}

/// Receives ``DeployMessage``s.
public struct DeployReporter: Sendable {
  /// Called for each message, in order.
  public var emit: @Sendable (DeployMessage) -> Void

  /// A reporter calling `emit`.
  public init(emit: @escaping @Sendable (DeployMessage) -> Void) {
    self.emit = emit
  }

  /// A reporter that drops everything (tests).
  public static let silent = DeployReporter { _ in }

  func step(_ text: String) { emit(.step(text)) }
  func warning(_ text: String) { emit(.warning(text)) }
}
