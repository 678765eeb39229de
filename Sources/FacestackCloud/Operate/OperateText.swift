import AWSClient
import CloudFormation
import Deploy
import FacestackCore
import Foundation

/// The text of the commands that operate a deployed stack, for people: `status` as labelled
/// lines, `outputs` as a table or `KEY=value` lines, one line per stack event (a failure's
/// reason highlighted), and log events (JSON lines pretty-printed on a terminal).
public struct OperateText: Sendable {
  /// Whether to write ANSI colours.
  public var color: Bool

  /// A renderer.
  public init(color: Bool = false) { self.color = color }

  /// `facestack status`.
  public func status(_ report: StackStatusReport) -> String {
    let stack = report.stack
    var rows: [(String, String)] = []
    let place = report.localCloud != nil ? "local cloud, \(report.region)" : report.region
    rows.append(("stack", "\(stack.stackName) (\(report.environment), \(place))"))
    let failed = stack.status.isFailure
    rows.append(("status", paint(stack.status.rawValue, failed ? .red : .green)))
    if let reason = stack.statusReason, !reason.isEmpty {
      rows.append(("reason", paint(reason, failed ? .red : .plain)))
    }
    if let changed = report.lastChanged { rows.append(("last change", Self.time(changed))) }
    if let event = report.lastEvent {
      rows.append(("last event", eventLine(event)))
    }
    rows.append(
      ("protection", "termination protection \(stack.terminationProtection ? "on" : "off")"))
    if let drift = stack.driftInformation {
      var text = drift.status.rawValue
      if let check = drift.lastCheck { text += " (checked \(Self.time(check)))" }
      if drift.status == .notChecked { text += " ('facestack drift' detects it)" }
      rows.append(("drift", paint(text, drift.status == .drifted ? .red : .plain)))
    } else if report.localCloud != nil {
      rows.append(("drift", "not available on the local cloud"))
    }
    rows.append(("resources", String(report.resourceCount)))
    if let state = report.localCloud {
      rows.append(
        (
          "local cloud",
          "running since \(state.startedAt), \(state.gatewayEndpoint.absoluteString) (emulator "
            + "pid \(state.emulatorPid), facestack-local pid \(state.serverPid))"
        ))
    }
    let width = rows.map(\.0.count).max() ?? 0
    var lines = rows.map {
      $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1
    }
    if stack.outputs.isEmpty {
      lines.append("outputs".padding(toLength: width, withPad: " ", startingAt: 0) + "  none")
    } else {
      lines.append("outputs:")
      lines += outputRows(stack.outputs).map { "  " + $0 }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `facestack outputs`: `KEY  value` rows, sorted by key.
  public func outputs(_ outputs: [StackOutput]) -> String {
    outputRows(outputs).map { $0 + "\n" }.joined()
  }

  /// `facestack outputs --format env`: `KEY=value` lines, sorted by key, values quoted for the
  /// shell when they need it (`eval "$(facestack outputs --env dev --format env)"`).
  public static func environmentLines(_ outputs: [StackOutput]) -> String {
    outputs.sorted { $0.key < $1.key }.map { "\($0.key)=\(shellQuoted($0.value))\n" }.joined()
  }

  /// The value as is when the shell reads it unchanged, single-quoted otherwise.
  static func shellQuoted(_ value: String) -> String {
    let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:@%+,=")
    if !value.isEmpty, value.allSatisfy({ safe.contains($0) }) { return value }
    return "'" + value.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
  }

  private func outputRows(_ outputs: [StackOutput]) -> [String] {
    let sorted = outputs.sorted { $0.key < $1.key }
    let width = sorted.map(\.key.count).max() ?? 0
    return sorted.map {
      $0.key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.value
    }
  }

  /// `2026-12-05T08:01:02.123Z  UPDATE_FAILED  AWS::Lambda::Function  Detect  reason: ...`;
  /// a failure's status and reason in red.
  public func eventLine(_ event: StackEvent) -> String {
    var line = OperateJSON.timestamp(event.timestamp) + "  "
    line += paint(event.resourceStatus, event.isFailure ? .red : .plain)
    line += "  \(event.resourceType)  \(event.logicalResourceID)"
    if let reason = event.resourceStatusReason, !reason.isEmpty {
      line +=
        event.isFailure ? "  " + paint("reason: " + reason, .boldRed) : "  " + paint(reason, .dim)
    }
    return line
  }

  /// A log event on one line (`LogEvent.line`), or, with `pretty`, a JSON message as its time,
  /// level and message followed by its other fields, one per line.
  public func logEvent(_ event: LogEvent, pretty: Bool) -> String {
    guard pretty, let fields = Self.jsonObject(event.message) else { return event.line }
    var head = OperateJSON.timestamp(event.timestamp)
    if let level = fields["level"] as? String {
      let style: Style =
        level == "ERROR" || level == "CRITICAL" ? .boldRed : level == "WARNING" ? .yellow : .plain
      head += "  " + paint(level, style)
    }
    if let message = fields["message"] { head += "  " + Self.text(message) }
    let rest = fields.keys.filter { !["level", "message", "timestamp"].contains($0) }.sorted()
    let width = rest.map(\.count).max() ?? 0
    let lines = rest.map { key in
      "    " + paint(key.padding(toLength: width, withPad: " ", startingAt: 0), .dim) + "  "
        + Self.text(fields[key] as Any)
    }
    return ([head] + lines).joined(separator: "\n")
  }

  static func jsonObject(_ message: String) -> [String: Any]? {
    let trimmed = message.trimmingCharacters(in: .whitespacesAndNewlines)
    guard trimmed.hasPrefix("{"), let data = trimmed.data(using: .utf8) else { return nil }
    return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
  }

  static func text(_ value: Any) -> String {
    if let string = value as? String { return string }
    let options: JSONSerialization.WritingOptions = [
      .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed,
    ]
    if let data = try? JSONSerialization.data(withJSONObject: value, options: options) {
      return String(decoding: data, as: UTF8.self)
    }
    return String(describing: value)
  }

  /// `2026-12-05T08:01:02Z`.
  static func time(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: date)
  }

  enum Style: String {
    case plain = ""
    case dim = "2"
    case red = "31"
    case boldRed = "1;31"
    case green = "32"
    case yellow = "33"
  }

  func paint(_ text: String, _ style: Style) -> String {
    guard color, style != .plain else { return text }
    return "\u{1B}[\(style.rawValue)m" + text + "\u{1B}[0m"
  }
}
