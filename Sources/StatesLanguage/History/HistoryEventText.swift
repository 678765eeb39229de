import CloudFormation
import Foundation

extension HistoryEvent {
  /// One line for people: `#id  +offset  Type  what` — the state's name, the error, the task's
  /// resource, inputs and outputs cut to `width` characters. A failure's cause is kept whole:
  /// it is the explanation (an `AccessDenied` names its action and resource at the end).
  public func text(since start: Date, width: Int = 100) -> String {
    func cut(_ text: String) -> String {
      text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }
    let what: String
    switch details {
    case .none: what = ""
    case .executionStarted(let input, _): what = "input " + cut(input)
    case .executionSucceeded(let output): what = "output " + cut(output.compactSortedText)
    case .failure(let error, let cause):
      what = [error, cause].compactMap { $0 }.joined(separator: ": ")
    case .stateEntered(let name, let input): what = "\(name)  input " + cut(input.compactSortedText)
    case .stateExited(let name, let output):
      what = "\(name)  output " + cut(output.compactSortedText)
    case .taskScheduled(let type, let resource, _, _, _, _), .taskStarted(let type, let resource):
      what = "\(type):\(resource)"
    case .taskSucceeded(let type, let resource, let output):
      what = "\(type):\(resource)  output " + cut(output.compactSortedText)
    case .taskFailure(let type, let resource, let error, let cause):
      what =
        "\(type):\(resource)  " + [error, cause].compactMap { $0 }.joined(separator: ": ")
    case .lambdaFunctionScheduled(let resource, _, _): what = resource
    case .lambdaFunctionSucceeded(let output): what = "output " + cut(output.compactSortedText)
    case .mapStateStarted(let length): what = "\(length) items"
    case .mapIteration(let name, let index): what = "\(name)[\(index)]"
    }
    let offset = String(format: "+%.3fs", timestamp.timeIntervalSince(start))
    let number = "#\(id)".padding(toLength: 4, withPad: " ", startingAt: 0)
    let type = self.type.rawValue.padding(toLength: 26, withPad: " ", startingAt: 0)
    return "\(number) \(offset)  \(type) \(what)".trimmingCharacters(in: .whitespaces)
  }
}
