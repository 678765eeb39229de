import CloudFormation
import Foundation
import JSONPaths

/// A `Succeed` state.
public struct SucceedState: Sendable, Equatable {
  /// `InputPath`, `OutputPath`.
  public let io: InputOutput

  init(_ reader: inout DefinitionReader) throws(DefinitionError) {
    io = try InputOutput(&reader, parameters: false, resultSelector: false, resultPath: false)
  }
}
