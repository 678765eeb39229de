import Foundation

/// Writes log events to CloudWatch Logs in the emulator, as the services write them: a
/// function's output to its log group (under its role's permissions, as Lambda does), an
/// execution's history to its state machine's log group.
actor LogWriter {
  let emulator: EmulatorAPI
  private var streams: Set<String> = []

  init(emulator: EmulatorAPI) { self.emulator = emulator }

  /// One event: its time and message.
  struct Event: Sendable {
    var time: Date
    var message: String
  }

  /// Appends `events` to `stream` of `group`, creating the stream first.
  func write(_ events: [Event], group: String, stream: String) async throws {
    guard !events.isEmpty else { return }
    let key = group + "\u{0}" + stream
    if !streams.contains(key) {
      do {
        _ = try await emulator.json(
          "logs", target: "Logs_20140328.CreateLogStream",
          body: ["logGroupName": group, "logStreamName": stream])
      } catch let error as EmulatorError where error.description.contains("ResourceAlreadyExists") {
        // Another writer made it first.
      }
      streams.insert(key)
    }
    // PutLogEvents takes at most 10,000 events per call, in time order.
    let sorted = events.sorted { $0.time < $1.time }
    var index = 0
    while index < sorted.count {
      let batch = sorted[index..<min(index + 10_000, sorted.count)]
      _ = try await emulator.json(
        "logs", target: "Logs_20140328.PutLogEvents",
        body: [
          "logGroupName": group, "logStreamName": stream,
          "logEvents": batch.map {
            ["timestamp": Int64($0.time.timeIntervalSince1970 * 1000), "message": $0.message]
          },
        ])
      index += 10_000
    }
  }
}
