import AWSClient
import Foundation
import StackDiff

/// Turns ``DeployMessage``s into terminal text. `live` keeps one status line at the bottom
/// (done of total, in flight, elapsed) and rewrites it in place; `plain` writes one line per
/// event and nothing else, for CI logs and pipes.
///
/// ```swift
/// var renderer = ProgressRenderer(mode: isatty(1) == 1 ? .live : .plain)
/// FileHandle.standardOutput.write(Data(renderer.render(message).utf8))
/// ```
public struct ProgressRenderer: Sendable {
  /// How progress is drawn.
  public enum Mode: String, Sendable, CaseIterable {
    /// A status line rewritten in place (a terminal).
    case live
    /// One line per event.
    case plain
  }

  /// The mode.
  public var mode: Mode
  /// ANSI colors in the change report.
  public var color: Bool
  private var statusLineShown = false

  /// A renderer.
  public init(mode: Mode, color: Bool = false) {
    self.mode = mode
    self.color = color
  }

  /// The text for `message`, ready to write to standard output.
  public mutating func render(_ message: DeployMessage) -> String {
    switch message {
    case .step(let text):
      return clearStatus() + text + "\n"
    case .warning(let text):
      return clearStatus() + "warning: " + text + "\n"
    case .review(let review):
      guard let diff = review.diff else { return clearStatus() + review.changeSet.render() + "\n" }
      return clearStatus() + TextRenderer(color: color).render(diff)
        + "change set: \(review.changeSet.summaryLine)\n"
    case .event(let event, let snapshot):
      let line = Self.eventLine(event, snapshot) + "\n"
      guard mode == .live else { return line }
      return clearStatus() + line + status(snapshot)
    case .progress(let snapshot):
      guard mode == .live else { return "" }
      return clearStatus() + status(snapshot)
    }
  }

  /// The text that ends the live status line, to write before other output.
  public mutating func finish() -> String { clearStatus() }

  private mutating func clearStatus() -> String {
    guard statusLineShown else { return "" }
    statusLineShown = false
    return "\r\u{1B}[K"
  }

  private mutating func status(_ snapshot: ProgressSnapshot) -> String {
    statusLineShown = true
    return Self.statusLine(snapshot)
  }

  /// `12:01:02  [  3/48]  CREATE_COMPLETE  AWS::S3::Bucket  Images  reason`.
  public static func eventLine(_ event: StackEvent, _ snapshot: ProgressSnapshot) -> String {
    let width = String(snapshot.total).count
    let done = String(snapshot.done).leftPadded(to: width)
    var line =
      "\(clock(event.timestamp))  [\(done)/\(snapshot.total)]  \(event.resourceStatus)  "
      + "\(event.resourceType)  \(event.logicalResourceID)"
    if let reason = event.resourceStatusReason, !reason.isEmpty { line += "  \(reason)" }
    return line
  }

  /// `[ 12/48] 1m05s  in flight: DetectFunction, Workflow (+3)`.
  public static func statusLine(_ snapshot: ProgressSnapshot) -> String {
    var line = "[\(snapshot.done)/\(snapshot.total)] \(duration(snapshot.elapsed))"
    if !snapshot.inFlight.isEmpty {
      let shown = snapshot.inFlight.prefix(3).joined(separator: ", ")
      let more = snapshot.inFlight.count > 3 ? " (+\(snapshot.inFlight.count - 3))" : ""
      line += "  in flight: \(shown)\(more)"
    }
    return line
  }

  /// `4s`, `1m05s`.
  public static func duration(_ seconds: TimeInterval) -> String {
    let total = Int(seconds.rounded(.down))
    guard total >= 60 else { return "\(total)s" }
    return "\(total / 60)m" + String(total % 60).leftPadded(to: 2, with: "0") + "s"
  }

  static func clock(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "HH:mm:ss"
    return formatter.string(from: date)
  }
}

extension String {
  func leftPadded(to width: Int, with pad: Character = " ") -> String {
    count >= width ? self : String(repeating: pad, count: width - count) + self
  }
}
