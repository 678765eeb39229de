import Foundation

/// The log records Lambda writes for an invocation, in the function's log format: the platform's
/// `START`, `END` and `REPORT` records around the function's own lines — text lines for `Text`,
/// JSON records (`platform.start`, `platform.report`, ...) for `JSON`, where the function's
/// own JSON lines pass as they are.
struct LambdaLogFormat {
  /// `Text` or `JSON`.
  var format: String

  func records(
    requestID: String, lines: [String], started: Date, ended: Date,
    handlerDuration: TimeInterval?, initDuration: TimeInterval?, memorySize: Int, maxMemory: Int?,
    errorType: String?
  ) -> [LogWriter.Event] {
    let duration = (handlerDuration ?? ended.timeIntervalSince(started)) * 1000
    let billed = Int(duration.rounded(.up))
    var events: [LogWriter.Event] = []
    let spread = max(ended.timeIntervalSince(started), 0.001) / Double(max(lines.count, 1) + 1)
    if format == "JSON" {
      events.append(
        .init(
          time: started,
          message: json([
            "time": iso(started), "type": "platform.start",
            "record": ["requestId": requestID, "version": "$LATEST"],
          ])))
      for (index, line) in lines.enumerated() where !line.isEmpty {
        events.append(
          .init(time: started.addingTimeInterval(spread * Double(index + 1)), message: line))
      }
      var metrics: [String: Any] = [
        "durationMs": rounded(duration), "billedDurationMs": billed, "memorySizeMB": memorySize,
      ]
      if let maxMemory { metrics["maxMemoryUsedMB"] = maxMemory }
      if let initDuration { metrics["initDurationMs"] = rounded(initDuration * 1000) }
      var report: [String: Any] = [
        "requestId": requestID, "metrics": metrics,
        "status": errorType == nil ? "success" : "error",
      ]
      if let errorType { report["errorType"] = errorType }
      events.append(
        .init(
          time: ended,
          message: json(["time": iso(ended), "type": "platform.report", "record": report])))
      return events
    }
    events.append(.init(time: started, message: "START RequestId: \(requestID) Version: $LATEST"))
    for (index, line) in lines.enumerated() where !line.isEmpty {
      events.append(
        .init(time: started.addingTimeInterval(spread * Double(index + 1)), message: line))
    }
    events.append(.init(time: ended, message: "END RequestId: \(requestID)"))
    var report =
      "REPORT RequestId: \(requestID)\tDuration: \(String(format: "%.2f", duration)) ms\t"
      + "Billed Duration: \(billed) ms\tMemory Size: \(memorySize) MB\t"
      + "Max Memory Used: \(maxMemory.map(String.init) ?? "?") MB"
    if let initDuration {
      report += "\tInit Duration: \(String(format: "%.2f", initDuration * 1000)) ms"
    }
    if let errorType { report += "\tStatus: error\tError Type: \(errorType)" }
    events.append(.init(time: ended, message: report))
    return events
  }

  private func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

  private func iso(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: date)
  }

  private func json(_ object: [String: Any]) -> String {
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    else { return "" }
    return String(decoding: data, as: UTF8.self)
  }
}
