import CloudFormation
import Foundation
import JSONPaths

/// A `Pass` state.
public struct PassState: Sendable, Equatable {
  /// `InputPath`, `Parameters`, `ResultPath`, `OutputPath`.
  public let io: InputOutput
  /// `Result`: the state's result instead of its effective input.
  public let result: JSONDocument?

  init(_ reader: inout DefinitionReader) throws(DefinitionError) {
    io = try InputOutput(&reader, parameters: true, resultSelector: false, resultPath: true)
    result = reader.value("Result")
  }
}
