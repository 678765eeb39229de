import AWSClient
import Foundation

/// The changes a deploy would make, one row per resource, from the change set's own answers.
///
/// ```swift
/// let report = ChangeSetReport(changes: changeSet.changes)
/// print(report.render())   // "  ~ Modify  AWS::Lambda::Function  DetectFunction  (replacement: False)"
/// ```
public struct ChangeSetReport: Sendable, Equatable {
  /// One resource's change.
  public struct Row: Sendable, Equatable {
    /// `Add`, `Modify`, `Remove`, `Import`, `Dynamic`.
    public var action: String
    /// The logical id.
    public var logicalID: String
    /// The resource type.
    public var type: String
    /// AWS's replacement answer (`True`, `False`, `Conditional`), nil when it gave none (the
    /// emulator never does).
    public var replacement: String?
    /// The properties that change, when the change set names them.
    public var properties: [String]

    /// A row.
    public init(
      action: String, logicalID: String, type: String, replacement: String? = nil,
      properties: [String] = []
    ) {
      self.action = action
      self.logicalID = logicalID
      self.type = type
      self.replacement = replacement
      self.properties = properties
    }

    /// True when the resource is replaced or may be.
    public var mayBeReplaced: Bool {
      action == "Modify" && (replacement == "True" || replacement == "Conditional")
    }
  }

  /// The rows, in the change set's order.
  public var rows: [Row]

  /// A report of `rows`.
  public init(rows: [Row]) { self.rows = rows }

  /// A report from a change set's resource changes.
  public init(changes: [ResourceChange]) {
    rows = changes.map { change in
      Row(
        action: change.action, logicalID: change.logicalResourceID, type: change.resourceType,
        replacement: change.replacement,
        properties: change.details.compactMap(\.name).reduce(into: []) { names, name in
          if !names.contains(name) { names.append(name) }
        })
    }
  }

  /// True when nothing changes.
  public var isEmpty: Bool { rows.isEmpty }

  /// `61 resource changes: 61 to add`.
  public var summaryLine: String {
    guard !rows.isEmpty else { return "no changes" }
    let counts = Dictionary(grouping: rows, by: \.action).mapValues(\.count)
    let summary = ["Add", "Modify", "Remove", "Import", "Dynamic"].compactMap { action in
      counts[action].map { "\($0) to \(action.lowercased())" }
    }
    return "\(rows.count) resource changes: " + summary.joined(separator: ", ")
  }

  /// The report as text: a summary line, then one line per resource.
  public func render() -> String {
    guard !rows.isEmpty else { return "no changes" }
    let typeWidth = rows.map(\.type.count).max() ?? 0
    var lines = [summaryLine]
    for row in rows {
      let symbol =
        switch row.action {
        case "Add": "+"
        case "Remove": "-"
        case "Modify": row.mayBeReplaced ? "±" : "~"
        default: "?"
        }
      var line =
        "  \(symbol) \(row.action.padding(toLength: 7, withPad: " ", startingAt: 0)) "
        + "\(row.type.padding(toLength: typeWidth, withPad: " ", startingAt: 0))  \(row.logicalID)"
      if row.action == "Modify" {
        line += "  (replacement: \(row.replacement ?? "not reported"))"
      }
      if !row.properties.isEmpty {
        line += "  [\(row.properties.joined(separator: ", "))]"
      }
      lines.append(line)
    }
    return lines.joined(separator: "\n")
  }
}

/// AWSClient's `ResourceChange` (a change set's entry), named apart from StackDiff's
/// `ResourceChange` (a template diff's entry) where both modules are imported.
public typealias ChangeSetResourceChange = ResourceChange
