/// Where in the stack's Swift source a construct or grant was written, for error messages.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The file, as `#fileID` gives it (`FaceRecognition/Pipeline.swift`): never an absolute
  /// path, so messages and outputs do not depend on where the checkout is.
  public var file: String
  /// The line, from 1.
  public var line: Int

  /// A location; call sites pass `#fileID` and `#line`.
  public init(file: String, line: Int) {
    self.file = file
    self.line = line
  }

  /// `file:line`.
  public var description: String { "\(file):\(line)" }

  public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
    (lhs.file, lhs.line) < (rhs.file, rhs.line)
  }
}
