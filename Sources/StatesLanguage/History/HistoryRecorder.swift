import Foundation

/// Keeps an execution's history: numbers the events, stamps them with the clock, and hands
/// them to the observer and to every open stream as they happen.
actor HistoryRecorder {
  private(set) var events: [HistoryEvent] = []
  private var streams: [Int: AsyncStream<HistoryEvent>.Continuation] = [:]
  private var nextStream = 0
  private var finished = false
  private let clock: any ExecutionClock
  private let observer: (@Sendable (HistoryEvent) -> Void)?

  init(clock: any ExecutionClock, observer: (@Sendable (HistoryEvent) -> Void)?) {
    self.clock = clock
    self.observer = observer
  }

  /// Records an event after `previous` and returns its id.
  @discardableResult
  func record(_ type: HistoryEventType, _ details: HistoryEventDetails = .none, previous: Int)
    async -> Int
  {
    let timestamp = await clock.now()
    let event = HistoryEvent(
      id: events.count + 1, previousEventId: previous, timestamp: timestamp, type: type,
      details: details)
    events.append(event)
    observer?(event)
    for stream in streams.values { stream.yield(event) }
    return event.id
  }

  /// The events so far, then each new one, until the execution ends.
  func stream() -> AsyncStream<HistoryEvent> {
    let (stream, continuation) = AsyncStream<HistoryEvent>.makeStream()
    for event in events { continuation.yield(event) }
    if finished {
      continuation.finish()
    } else {
      let key = nextStream
      nextStream += 1
      streams[key] = continuation
    }
    return stream
  }

  /// Ends every stream.
  func finish() {
    finished = true
    for stream in streams.values { stream.finish() }
    streams = [:]
  }
}
