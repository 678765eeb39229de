/// Renders a report as GitHub-flavoured Markdown for a pull-request comment: the summary, a
/// table with dangerous changes first, IAM and security-group tables, and the property details
/// in collapsible blocks. Values are never cut: a changed multi-line or long string is a
/// ```` ```diff ```` block in the form of `diff -u`.
///
/// ```swift
/// let comment = MarkdownRenderer().render(report)
/// ```
public struct MarkdownRenderer: Sendable {
  /// The report's name prefixes, when it normalizes names (for line diffs).
  private var names: NamePrefixes?

  /// A renderer.
  public init() {}

  /// The report as Markdown, ending with a newline.
  public func render(_ report: ChangeReport) -> String {
    var renderer = self
    renderer.names = report.normalizedNames
    return renderer.body(report)
  }

  private func body(_ report: ChangeReport) -> String {
    var lines: [String] = []
    let summary = report.summary
    lines.append("### facestack diff: `\(report.fromLabel)` → `\(report.toLabel)`")
    lines.append("")
    if let names = report.normalizedNames {
      lines.append("Names normalized: `\(names.from)` ≡ `\(names.to)`.")
      lines.append("")
    }
    guard report.hasChanges else {
      lines.append("No changes.")
      return lines.joined(separator: "\n") + "\n"
    }
    lines.append("**\(summary.line)**")
    lines.append("")
    let dangerous = report.dangerousChanges
    let blocked = report.resources.filter { $0.customNameBlock != nil }
    if !dangerous.isEmpty || !blocked.isEmpty || report.broadensAccess {
      lines.append("> [!CAUTION]")
      for change in dangerous {
        lines.append(
          "> **\(change.logicalID)** (`\(change.type)`): \(escape(change.danger?.message ?? ""))")
      }
      for change in blocked {
        lines.append(
          "> **\(change.logicalID)** (`\(change.type)`): "
            + escape(change.customNameBlock?.message ?? ""))
      }
      if report.broadensAccess {
        lines.append("> Access is broadened: see the IAM and security group tables.")
      }
      lines.append("")
    }
    if !report.resources.isEmpty {
      lines.append("| | Resource | Type | Impact | Cause |")
      lines.append("|---|---|---|---|---|")
      let ordered = dangerous + report.resources.filter { $0.danger == nil }
      for change in ordered {
        let name =
          change.renamedFrom.map { "`\($0)` → `\(change.logicalID)`" } ?? "`\(change.logicalID)`"
        let impact = (change.danger != nil ? "⚠️ " : "") + change.impact.phrase
        let causes = change.replacementCauses.map { "`\($0)`" }.joined(separator: ", ")
        lines.append(
          "| \(symbol(change.status)) | \(name) | `\(change.type)` | \(impact) | \(causes) |")
      }
      lines.append("")
    }
    if !report.iamStatements.isEmpty {
      lines.append("#### IAM statement changes")
      lines.append("")
      lines.append(
        "| | Resource | Document | Effect | Actions | Resources | Principals | Conditions | Broadens |"
      )
      lines.append("|---|---|---|---|---|---|---|---|---|")
      for change in report.iamStatements {
        let cells = [
          symbol(change.kind), "`\(change.resource)`", "`\(escape(change.document))`",
          change.effect,
          code(change.actions), code(change.resources), code(change.principals),
          code(change.conditions),
          change.broadens ? "**yes**" : "",
        ]
        lines.append("| " + cells.joined(separator: " | ") + " |")
      }
      lines.append("")
    }
    if !report.securityGroupRules.isEmpty {
      lines.append("#### Security group rule changes")
      lines.append("")
      lines.append("| | Group | Direction | Protocol | Ports | Peer | Description |")
      lines.append("|---|---|---|---|---|---|---|")
      for change in report.securityGroupRules {
        let peer = "`\(escape(change.peer))`" + (change.opensToWorld ? " ⚠️ internet" : "")
        lines.append(
          "| \(symbol(change.kind)) | `\(escape(change.group))` | \(change.direction.rawValue) | \(change.ipProtocol) | \(change.ports) | \(peer) | \(escape(change.description ?? "")) |"
        )
      }
      lines.append("")
    }
    details(report, into: &lines)
    return lines.joined(separator: "\n") + "\n"
  }

  private func details(_ report: ChangeReport, into lines: inout [String]) {
    var body: [String] = []
    for change in report.resources where !change.changes.isEmpty || change.hint != nil {
      body.append("**\(change.logicalID)** (`\(change.type)`)")
      body.append("")
      if let hint = change.hint { body.append("_\(escape(hint))_"); body.append("") }
      body.append(contentsOf: change.changes.map(property))
      body.append("")
    }
    for (title, entries) in [
      ("Template", report.template), ("Parameters", report.parameters),
      ("Mappings", report.mappings), ("Conditions", report.conditions), ("Outputs", report.outputs),
    ] where !entries.isEmpty {
      body.append("**\(title)**")
      body.append("")
      for entry in entries {
        for change in entry.changes {
          var named = change
          named.path = PropertyPath([.key(entry.name)] + change.path.components)
          body.append(property(named))
        }
      }
      body.append("")
    }
    guard !body.isEmpty else { return }
    lines.append("<details><summary>Property changes</summary>")
    lines.append("")
    lines.append(contentsOf: body)
    lines.append("</details>")
  }

  private func property(_ change: PropertyChange) -> String {
    let old = "`" + escapeCode(ValueFormatter.format(change.old)) + "`"
    let new = "`" + escapeCode(ValueFormatter.format(change.new)) + "`"
    var text = "- \(symbol(change.kind)) `\(escapeCode(change.path.description))`: "
    let lineDiff = TextDiff.of(change, names: names)
    if let lineDiff {
      text += lineDiff.summary
    } else {
      switch change.kind {
      case .added: text += new
      case .removed: text += old
      case .changed: text += old + " → " + new
      }
    }
    switch change.replacement {
    case .never: break
    case .conditional: text += " _(may require replacement)_"
    case .unknown: text += " _(replacement unknown)_"
    case .always: text += " **(requires replacement)**"
    }
    if let lineDiff { text += "\n\n" + diffBlock(lineDiff) }
    return text
  }

  /// The hunks as a fenced `diff` block inside the list item (indented two spaces); the fence
  /// is longer than any run of backticks in the text.
  private func diffBlock(_ diff: TextDiff) -> String {
    var body: [String] = []
    for hunk in diff.hunks {
      body.append(hunk.header)
      for line in hunk.lines {
        switch line.kind {
        case .context: body.append(" " + line.text)
        case .removed: body.append("-" + line.text)
        case .added: body.append("+" + line.text)
        }
        if line.missingNewline { body.append("\\ no newline at end") }
      }
    }
    var longest = 0
    for line in body {
      var run = 0
      for character in line {
        run = character == "`" ? run + 1 : 0
        longest = max(longest, run)
      }
    }
    let fence = String(repeating: "`", count: max(3, longest + 1))
    return ([fence + "diff"] + body + [fence]).map { "  " + $0 }.joined(separator: "\n")
  }

  private func symbol(_ status: ResourceChange.Status) -> String {
    switch status {
    case .added: return "➕"
    case .removed: return "➖"
    case .modified: return "✏️"
    case .renamed: return "🔀"
    }
  }

  private func symbol(_ kind: ChangeKind) -> String {
    switch kind {
    case .added: return "➕"
    case .removed: return "➖"
    case .changed: return "✏️"
    }
  }

  private func code(_ items: [String]) -> String {
    items.map { "`\(escapeCode($0))`" }.joined(separator: "<br>")
  }

  /// Table cells cannot hold a bare `|`.
  private func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "|", with: "\\|")
  }

  private func escapeCode(_ text: String) -> String {
    text.replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "|", with: "\\|")
  }
}
