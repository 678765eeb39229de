/// A policy document that is not valid IAM policy grammar, with where in the document.
public struct PolicyReadError: Error, Hashable, Sendable, CustomStringConvertible {
  /// Where in the document: `Statement[1].Action`; prefixed with the file when read from one.
  public var path: String
  /// What was wrong, lowercase, one line.
  public var message: String

  /// An error at `path`.
  public init(path: String, message: String) {
    self.path = path
    self.message = message
  }

  /// `path: message`.
  public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
