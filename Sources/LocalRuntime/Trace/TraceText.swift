import Foundation

extension RuntimeEvent {
  /// One line for people: what happened, with the names that matter (ARNs shortened to their
  /// last part).
  public var text: String {
    /// An ARN's last part (`rule/name` and `function:name` alike).
    func short(_ arn: String) -> String {
      let last = arn.split(separator: ":").last.map(String.init) ?? arn
      return last.split(separator: "/").last.map(String.init) ?? last
    }
    func milliseconds(_ interval: TimeInterval) -> String { "\(Int((interval * 1000).rounded())) ms" }
    switch self {
    case .eventReceived(_, let bus, let source, let detailType, let bucket, let key, _):
      let object = key.map { " s3://\(bucket ?? "?")/\($0)" } ?? ""
      return "event \(detailType) from \(source) on bus \(bus)\(object)"
    case .ruleMatched(_, let rule):
      return "rule \(short(rule)) matched"
    case .ruleNotMatched(_, let rule, let reason):
      return "rule \(short(rule)) did not match: \(reason)"
    case .delivered(_, let rule, let target, let result):
      return "rule \(short(rule)) delivered to \(short(target)): \(short(result))"
    case .deliveryFailed(_, let rule, let target, let reason, let deadLetter):
      return "rule \(short(rule)) failed to deliver to \(short(target)): \(reason)"
        + (deadLetter.map { "; sent to \(short($0))" } ?? "")
    case .executionStarted(let execution, let machine, _, _):
      return "execution \(short(execution)) of \(short(machine)) started"
    case .stateEntered(_, let state, let kind):
      return "  state \(state) (\(kind)) entered"
    case .stateExited(_, let state):
      return "  state \(state) exited"
    case .executionEnded(let execution, let status, let error, let cause):
      var line = "execution \(short(execution)) \(status)"
      if let error { line += ": \(error)" }
      if let cause, !cause.isEmpty { line += " (\(cause.prefix(160)))" }
      return line
    case .invocationStarted(let function, let requestID, _, let cold, _):
      return "  \(function) invoked (\(cold ? "cold" : "warm"), request \(requestID))"
    case .invocationEnded(
      let function, _, _, let duration, let handler, let initDuration, let functionError,
      let errorType, let lines):
      var line = "  \(function) returned in \(milliseconds(duration))"
      if let handler { line += " (handler \(milliseconds(handler))" }
      if let initDuration { line += ", init \(milliseconds(initDuration))" }
      if handler != nil { line += ")" }
      if let functionError { line += ": \(functionError) \(errorType ?? "")" }
      return ([line] + lines.map { "    | " + $0 }).joined(separator: "\n")
    case .asyncFailure(let function, _, _, let attempts, let result, let destination):
      return "  \(function) failed \(attempts) attempts (\(result?.errorType ?? "error"))"
        + (destination.map { "; sent to \(short($0))" } ?? "")
    case .logDeliveryDenied(let function, let group, let reason):
      return "  \(function)'s logs not written to \(group): \(reason)"
    case .destinationUnsupported(let function, let destination):
      return "  \(function): on-failure destination \(destination) is not delivered locally"
    case .awsCall(let principal, let action, let resources, let allowed, let explanation):
      let what = resources.first.map { " \($0)" } ?? ""
      return "    \(allowed ? "ALLOW" : "DENY ") \(action)\(what) as \(short(principal))"
        + (allowed ? "" : ": \(explanation)")
    case .warning(let message):
      return "warning: \(message)"
    }
  }
}

extension RuntimeRecord {
  /// `+1.234s  <event>`: the time since `start`, then the event's line.
  public func text(since start: Date) -> String {
    let offset = String(format: "+%.3fs", time.timeIntervalSince(start))
    let lines = event.text.split(separator: "\n", omittingEmptySubsequences: false)
    let pad = String(repeating: " ", count: offset.count)
    return lines.enumerated().map { index, line in
      "\(index == 0 ? offset : pad)  \(line)"
    }.joined(separator: "\n")
  }
}

extension Trace {
  /// The story as lines: the object, then each record with its time since the first.
  var text: String {
    guard let first = timeline.first else {
      return "no events for \(bucket.map { "s3://\($0)/" } ?? "")\(key) in this local cloud's "
        + "history (it starts empty at 'facestack local start')\n"
    }
    let header =
      "\(bucket.map { "s3://\($0)/" } ?? "")\(key), from \(RuntimeRecord.timestamp(first.time))"
    return ([header] + timeline.map { $0.text(since: first.time) }).joined(separator: "\n") + "\n"
  }
}
