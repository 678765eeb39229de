import CloudFormation

/// One entry of a state's `Catch`.
public struct Catcher: Sendable, Equatable {
  /// `ErrorEquals`.
  public let errorEquals: [String]
  /// `Next`: where the execution goes.
  public let next: String
  /// `ResultPath`: where the error output goes in the state's input (`$` by default).
  public let resultPath: ResultPathSetting

  init(_ document: JSONDocument, at location: String) throws(DefinitionError) {
    var reader = try DefinitionReader(document, at: location)
    errorEquals = try ErrorMatching.errorEquals(&reader)
    next = try reader.requiredString("Next")
    resultPath = try InputOutput.resultPath(&reader, field: "ResultPath")
    _ = reader.value("Comment")
    _ = reader.accept(["Assign", "Output"])
    try reader.rejectUnknownFields()
  }
}
