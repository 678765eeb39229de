import AWSClient
import CloudFormation
import Foundation
import StackDiff

/// Renders a ``DriftReport``: text for people (each drifted resource with its property changes
/// on StackDiff's ``TextRenderer``, template → actual), or JSON for tools (`schemaVersion` 1,
/// property changes as the diff's ``JSONRenderer`` writes them; README, "Operating").
///
/// ```swift
/// print(DriftRenderer(color: false).text(report), terminator: "")
/// ```
public struct DriftRenderer: Sendable {
  /// The version of the JSON shape; bumped on any incompatible change.
  public static let schemaVersion = 1
  /// Whether to write ANSI colours.
  public var color: Bool

  /// A renderer.
  public init(color: Bool = false) { self.color = color }

  /// The report as text, ending with a newline.
  public func text(_ report: DriftReport) -> String {
    var lines: [String] = []
    let checked = report.resources.count
    var head = "drift of \(report.stackName): \(report.driftStatus)"
    head +=
      " (\(report.drifted.count) of \(checked) checked resource\(checked == 1 ? "" : "s") drifted"
    if let date = report.detectedAt { head += ", detected \(Self.timestamp(date))" }
    lines.append(head + ")")
    if report.detectionFailed {
      lines.append(
        paint(
          "detection failed for some resources: \(report.detectionStatusReason ?? "no reason given")",
          "31"))
    }
    if !report.drifted.isEmpty {
      lines.append("values: template → actual")
      let properties = TextRenderer(color: color)
      for resource in report.drifted {
        let mark = resource.status == "DELETED" ? paint("[-]", "31") : paint("[~]", "33")
        var line = "\(mark) \(resource.type) \(resource.logicalID)"
        if let physical = resource.physicalID, !physical.isEmpty { line += " (\(physical))" }
        lines.append(line + ": " + paint(resource.status, "31"))
        let children = resource.changes.map { properties.render(property: $0) }
        for (index, child) in children.enumerated() {
          let last = index == children.count - 1
          for (number, text) in child.split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
          {
            let branch = number > 0 ? (last ? "    " : " │  ") : (last ? " └─ " : " ├─ ")
            lines.append(branch + text)
          }
        }
      }
    }
    for resource in report.unknown {
      lines.append(
        "[?] \(resource.type) \(resource.logicalID): \(resource.status)"
          + (resource.reason.map { " (\($0))" } ?? ""))
    }
    lines.append("in sync: \(report.inSync.count)")
    if !report.notChecked.isEmpty {
      lines.append("not checked: " + CoverageNotice.notCheckedSummary(report.notChecked))
      for line in EmulatorCoverage.summary(report.notChecked.map { ($0.logicalID, $0.type) }) {
        lines.append("  " + line)
      }
    }
    lines.append("what drift detection cannot see:")
    for line in CoverageNotice.drift { lines.append("  - " + line) }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The report as one JSON value.
  public func document(_ report: DriftReport) -> Value {
    let properties = JSONRenderer()
    var root = OrderedMap<Value>()
    root["schemaVersion"] = .int(Self.schemaVersion)
    root["stack"] = .string(report.stackName)
    root["stackId"] = .string(report.stackID)
    root["detectionId"] = .string(report.detectionID)
    root["driftStatus"] = .string(report.driftStatus.rawValue)
    root["detectionStatus"] = .string(report.detectionStatus.rawValue)
    root["detectionStatusReason"] = report.detectionStatusReason.map(Value.string) ?? .null
    root["detectedAt"] = report.detectedAt.map { .string(Self.timestamp($0)) } ?? .null
    root["counts"] = [
      "checked": .int(report.resources.count), "drifted": .int(report.drifted.count),
      "inSync": .int(report.inSync.count), "unknown": .int(report.unknown.count),
      "notChecked": .int(report.notChecked.count),
    ]
    root["resources"] = .list(
      report.resources.filter { $0.status != "IN_SYNC" }.map { resource in
        var map = OrderedMap<Value>()
        map["logicalId"] = .string(resource.logicalID)
        map["physicalId"] = resource.physicalID.map(Value.string) ?? .null
        map["type"] = .string(resource.type)
        map["status"] = .string(resource.status)
        map["reason"] = resource.reason.map(Value.string) ?? .null
        map["differences"] = .list(resource.changes.map { properties.document(property: $0) })
        return .map(map)
      })
    root["inSync"] = .list(report.inSync.map { .string($0.logicalID) })
    root["notChecked"] = .list(
      report.notChecked.map { ["logicalId": .string($0.logicalID), "type": .string($0.type)] })
    root["cannotSee"] = .list(CoverageNotice.drift.map(Value.string))
    return .map(root)
  }

  /// The report as pretty-printed JSON, ending with a newline.
  public func json(_ report: DriftReport) -> String {
    let text = TemplateWriter.json(document(report))
    return text.hasSuffix("\n") ? text : text + "\n"
  }

  /// ISO 8601 in UTC, to the second.
  static func timestamp(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: date)
  }

  private func paint(_ text: String, _ code: String) -> String {
    color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }
}
