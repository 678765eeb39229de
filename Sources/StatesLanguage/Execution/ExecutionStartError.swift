/// Why an execution could not start (`StartExecution` errors).
public enum ExecutionStartError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The input is not JSON (`InvalidExecutionInput`).
  case invalidInput(String)
  /// The input is over the 256 KiB quota (`InvalidExecutionInput`).
  case inputTooLarge(bytes: Int, limit: Int)

  /// One line.
  public var description: String {
    switch self {
    case .invalidInput(let reason):
      return "InvalidExecutionInput: the input is not valid JSON: \(reason)"
    case .inputTooLarge(let bytes, let limit):
      return "InvalidExecutionInput: the input has \(bytes) bytes; the limit is \(limit)"
    }
  }
}
