/// Renders a report as a tree for the terminal: `[+]`, `[-]`, `[~]` marks, changed values only
/// (unchanged properties are folded into a count), dangers and IAM broadening called out. Values
/// are never cut: a changed multi-line or long string is shown as a line diff with context, in
/// the form of `diff -u`.
///
/// ```swift
/// let text = TextRenderer(color: Terminal.wantsColor()).render(report)
/// ```
public struct TextRenderer: Sendable {
  /// Whether to write ANSI colour codes.
  public var color: Bool
  /// The report's name prefixes, when it normalizes names (for line diffs).
  private var names: NamePrefixes?

  /// A renderer; without colour unless asked.
  public init(color: Bool = false) {
    self.color = color
  }

  /// The report as text, ending with a newline.
  public func render(_ report: ChangeReport) -> String {
    var renderer = self
    renderer.names = report.normalizedNames
    return renderer.body(report)
  }

  /// One property change as the report shows it under its resource (`[~] Properties.X: a → b`,
  /// a line diff for changed text), for other reports of property differences (drift).
  public func render(property change: PropertyChange) -> String { property(change) }

  private func body(_ report: ChangeReport) -> String {
    var lines: [String] = []
    lines.append(paint("\(report.fromLabel) → \(report.toLabel)", .bold))
    if let names = report.normalizedNames {
      lines.append("names normalized: \"\(names.from)\" ≡ \"\(names.to)\"")
    }
    guard report.hasChanges else {
      lines.append("no changes")
      return lines.joined(separator: "\n") + "\n"
    }
    section("Template", report.template, into: &lines)
    section("Parameters", report.parameters, into: &lines)
    section("Mappings", report.mappings, into: &lines)
    section("Conditions", report.conditions, into: &lines)
    if !report.resources.isEmpty {
      lines.append("")
      lines.append(paint("Resources", .bold))
      for change in report.resources { resource(change, into: &lines) }
    }
    section("Outputs", report.outputs, into: &lines)
    if !report.iamStatements.isEmpty {
      lines.append("")
      lines.append(paint("IAM statement changes", .bold))
      for change in report.iamStatements { lines.append(iam(change)) }
    }
    if !report.securityGroupRules.isEmpty {
      lines.append("")
      lines.append(paint("Security group rule changes", .bold))
      for change in report.securityGroupRules { lines.append(securityGroup(change)) }
    }
    lines.append("")
    let summary = report.summary
    lines.append(paint(summary.line, .bold))
    if summary.dangerous > 0 {
      lines.append(
        paint(
          "\(summary.dangerous) stateful resource\(summary.dangerous == 1 ? "" : "s") replaced or destroyed",
          .red))
    }
    let blocked = report.resources.filter { $0.customNameBlock?.certain == true }.count
    if blocked > 0 {
      lines.append(
        paint(
          "\(blocked) resource\(blocked == 1 ? "" : "s") cannot be replaced while "
            + (blocked == 1 ? "it has a custom name" : "they have custom names"), .red))
    }
    if report.broadensAccess {
      lines.append(paint("access is broadened (see IAM and security group changes)", .red))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private func resource(_ change: ResourceChange, into lines: inout [String]) {
    var head = mark(change.status) + " " + change.type + " " + change.logicalID
    if let from = change.renamedFrom { head += " (renamed from \(from))" }
    if let oldType = change.oldType { head += " (was \(oldType))" }
    if change.status == .modified || change.status == .renamed {
      var impact = change.impact.phrase
      if !change.replacementCauses.isEmpty, change.impact != .update {
        impact += " (" + change.replacementCauses.map(\.description).joined(separator: ", ") + ")"
      }
      if change.impactSource == .changeSet { impact += " [change set]" }
      head += ": " + paint(impact, change.impact == .update ? .plain : .red)
    }
    lines.append(head)
    var children: [String] = []
    if let danger = change.danger { children.append(paint("DANGER " + danger.message, .red)) }
    if let block = change.customNameBlock {
      children.append(paint((block.certain ? "BLOCKED " : "WARNING ") + block.message, .red))
    }
    if let hint = change.hint { children.append("hint: " + hint) }
    for property in change.changes { children.append(self.property(property)) }
    if change.unchangedCount > 0, change.status == .modified {
      children.append(paint("… \(change.unchangedCount) unchanged", .dim))
    }
    tree(children, into: &lines)
  }

  private func section(_ title: String, _ entries: [EntryChange], into lines: inout [String]) {
    guard !entries.isEmpty else { return }
    lines.append("")
    lines.append(paint(title, .bold))
    for entry in entries {
      switch entry.kind {
      case .added, .removed:
        let value = entry.kind == .added ? entry.changes.first?.new : entry.changes.first?.old
        lines.append(mark(entry.kind) + " " + entry.name + ": " + ValueFormatter.format(value))
      case .changed:
        lines.append(mark(entry.kind) + " " + entry.name)
        tree(entry.changes.map(property), into: &lines)
      }
    }
  }

  /// Children under a tree node; a child of several lines (a line diff) continues under its
  /// branch.
  private func tree(_ children: [String], into lines: inout [String]) {
    for (index, child) in children.enumerated() {
      let last = index == children.count - 1
      for (number, line) in child.split(separator: "\n", omittingEmptySubsequences: false)
        .enumerated()
      {
        let branch = number > 0 ? (last ? "    " : " │  ") : (last ? " └─ " : " ├─ ")
        lines.append(branch + line)
      }
    }
  }

  private func property(_ change: PropertyChange) -> String {
    let path = change.path.components.isEmpty ? "(value)" : change.path.description
    var text = mark(change.kind) + " " + path + ": "
    let lineDiff = TextDiff.of(change, names: names)
    if let lineDiff {
      text += lineDiff.summary
    } else {
      switch change.kind {
      case .added: text += paint(ValueFormatter.format(change.new), .green)
      case .removed: text += paint(ValueFormatter.format(change.old), .red)
      case .changed:
        text +=
          paint(ValueFormatter.format(change.old), .red) + " → "
          + paint(ValueFormatter.format(change.new), .green)
      }
    }
    switch change.replacement {
    case .never: break
    case .conditional: text += paint(" (may require replacement)", .yellow)
    case .unknown: text += paint(" (replacement unknown)", .yellow)
    case .always: text += paint(" (requires replacement)", .red)
    }
    for hunk in lineDiff?.hunks ?? [] {
      text += "\n  " + paint(hunk.header, .cyan)
      for line in hunk.lines {
        switch line.kind {
        case .context: text += "\n   " + line.text
        case .removed: text += "\n  " + paint("-" + line.text, .red)
        case .added: text += "\n  " + paint("+" + line.text, .green)
        }
        if line.missingNewline { text += "\n  " + paint("\\ no newline at end", .dim) }
      }
    }
    return text
  }

  private func iam(_ change: IAMStatementChange) -> String {
    var text =
      mark(change.kind) + " " + change.effect + " " + change.actions.joined(separator: ", ")
    if !change.resources.isEmpty { text += " on " + change.resources.joined(separator: ", ") }
    if !change.principals.isEmpty { text += " for " + change.principals.joined(separator: ", ") }
    if !change.conditions.isEmpty {
      text += " when " + change.conditions.joined(separator: " and ")
    }
    text += " (" + change.resource + " " + change.document + ")"
    if change.broadens { text += paint(" broadens access", .red) }
    return text
  }

  private func securityGroup(_ change: SecurityGroupRuleChange) -> String {
    var text =
      mark(change.kind) + " " + change.direction.rawValue + " " + change.ipProtocol + " "
      + change.ports + (change.direction == .ingress ? " from " : " to ") + change.peer
    text += " (" + change.group + ")"
    if let description = change.description { text += " \"" + description + "\"" }
    if change.opensToWorld { text += paint(" open to the internet", .red) }
    return text
  }

  private func mark(_ status: ResourceChange.Status) -> String {
    switch status {
    case .added: return paint("[+]", .green)
    case .removed: return paint("[-]", .red)
    case .modified, .renamed: return paint("[~]", .yellow)
    }
  }

  private func mark(_ kind: ChangeKind) -> String {
    switch kind {
    case .added: return paint("[+]", .green)
    case .removed: return paint("[-]", .red)
    case .changed: return paint("[~]", .yellow)
    }
  }

  private enum Style: String {
    case plain = ""
    case bold = "1"
    case dim = "2"
    case red = "31"
    case green = "32"
    case yellow = "33"
    case cyan = "36"
  }

  private func paint(_ text: String, _ style: Style) -> String {
    guard color, style != .plain else { return text }
    return "\u{1B}[\(style.rawValue)m" + text + "\u{1B}[0m"
  }
}
