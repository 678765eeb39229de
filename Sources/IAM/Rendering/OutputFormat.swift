import Foundation

/// The formats reviews and diffs are rendered in.
public enum ReportFormat: String, Hashable, Sendable, CaseIterable {
  /// For a terminal.
  case text
  /// For a pull-request comment: a summary table and collapsible details per role.
  case markdown
  /// Stable JSON: sorted keys, two-space indent (the Codable form of the models).
  case json
}

enum JSONReport {
  /// Stable JSON of a report; throws only when a value has no JSON form (a non-finite number).
  static func encode(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
  }
}

enum Markdown {
  /// Text safe inside a table cell or a list item: pipes escaped, code spans for values.
  static func cell(_ text: String) -> String {
    text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }

  static func code(_ text: String) -> String {
    "`" + text.replacingOccurrences(of: "`", with: "'") + "`"
  }

  static func plural(_ count: Int, _ word: String) -> String {
    "\(count) \(word)\(count == 1 ? "" : "s")"
  }
}
