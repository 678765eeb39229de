/// Renders a ``PolicyDiff`` as text, Markdown (a pull-request comment) or JSON.
///
/// The JSON form (stable: sorted keys, two-space indent):
/// ```jsonc
/// {
///   "format": 1,
///   "broadened": true,
///   "roles": [{
///     "role": "StoreRole", "status": "modified",          // added | removed | modified
///     "actionsAdded": ["dynamodb:DeleteItem"], "actionsRemoved": [],
///     "resourcesAdded": [], "resourcesRemoved": [],
///     "grantsAdded": ["dynamodb:DeleteItem on !GetAtt Table.Arn"], "grantsRemoved": [],
///     "trustAdded": [], "trustRemoved": [],
///     "newFindings": [], "resolvedFindings": [],          // Finding objects, as in the review
///     "newAcknowledged": [{"finding": {...}, "reason": "..."}],  // new, accepted in the code
///     "broadened": true, "broadenedBy": ["allows dynamodb:DeleteItem on !GetAtt Table.Arn"]
///   }]
/// }
/// ```
/// Unchanged roles are left out; an empty `roles` means no IAM change.
public enum DiffRenderer {
  /// The diff in `format`, ending with a newline; JSON throws on a value with no JSON form.
  public static func render(_ diff: PolicyDiff, as format: ReportFormat) throws -> String {
    switch format {
    case .text: return text(diff)
    case .markdown: return markdown(diff)
    case .json: return try JSONReport.encode(JSONForm(diff: diff))
    }
  }

  struct JSONForm: Encodable {
    var diff: PolicyDiff
    func encode(to encoder: Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(1, forKey: .format)
      try container.encode(diff.broadened, forKey: .broadened)
      try container.encode(diff.roles, forKey: .roles)
    }
    enum CodingKeys: String, CodingKey { case format, broadened, roles }
  }

  /// The one-line summary.
  public static func summary(_ diff: PolicyDiff) -> String {
    if diff.isEmpty { return "no iam changes" }
    let broadened = diff.roles.filter(\.broadened).count
    return "\(Markdown.plural(diff.roles.count, "role")) changed, \(broadened) broadened"
  }

  /// For a terminal.
  public static func text(_ diff: PolicyDiff) -> String {
    var lines: [String] = []
    for role in diff.roles {
      lines.append(
        "\(role.role) (\(role.status.rawValue))\(role.broadened ? ": access broadened" : "")")
      for grant in role.grantsAdded { lines.append("  + \(grant)") }
      for grant in role.grantsRemoved { lines.append("  - \(grant)") }
      for principal in role.trustAdded { lines.append("  + trust \(principal)") }
      for principal in role.trustRemoved { lines.append("  - trust \(principal)") }
      for finding in role.newFindings {
        lines.append("  new \(finding.severity.rawValue) [\(finding.ruleID)]: \(finding.message)")
      }
      for entry in role.newAcknowledged {
        lines.append(
          "  new acknowledged \(entry.finding.severity.rawValue) [\(entry.finding.ruleID)]: \(entry.finding.message) (reason: \(entry.reason))"
        )
      }
      for finding in role.resolvedFindings {
        lines.append("  resolved [\(finding.ruleID)]: \(finding.message)")
      }
      for reason in role.broadenedBy { lines.append("  broadened: \(reason)") }
    }
    lines.append(summary(diff))
    return lines.joined(separator: "\n") + "\n"
  }

  /// For a pull-request comment: a summary table, then collapsible details per role.
  public static func markdown(_ diff: PolicyDiff) -> String {
    var lines = ["## IAM changes", ""]
    guard !diff.isEmpty else { return (lines + ["No IAM changes."]).joined(separator: "\n") + "\n" }
    lines.append(
      diff.broadened
        ? "**Access is broadened**: \(summary(diff))."
        : "Access is not broadened: \(summary(diff)).")
    lines += [
      "", "| role | change | actions | resources | trust | findings | broadened |",
      "|---|---|---|---|---|---|---|",
    ]
    for role in diff.roles {
      let actions = "+\(role.actionsAdded.count) −\(role.actionsRemoved.count)"
      let resources = "+\(role.resourcesAdded.count) −\(role.resourcesRemoved.count)"
      let trust = "+\(role.trustAdded.count) −\(role.trustRemoved.count)"
      let findings = "\(role.newFindings.count) new, \(role.resolvedFindings.count) resolved"
      lines.append(
        "| \(Markdown.code(role.role)) | \(role.status.rawValue) | \(actions) | \(resources) | \(trust) | \(findings) | \(role.broadened ? "**yes**" : "no") |"
      )
    }
    for role in diff.roles {
      lines += [
        "",
        "<details><summary><b>\(role.role)</b> (\(role.status.rawValue))\(role.broadened ? ": access broadened" : "")</summary>",
        "",
      ]
      func section(_ title: String, _ items: [String]) {
        guard !items.isEmpty else { return }
        lines.append("**\(title)**")
        lines.append("")
        lines += items.map { "- \(Markdown.code(Markdown.cell($0)))" }
        lines.append("")
      }
      section("Actions added", role.actionsAdded)
      section("Actions removed", role.actionsRemoved)
      section("Resources added", role.resourcesAdded)
      section("Resources removed", role.resourcesRemoved)
      section("Grants added", role.grantsAdded)
      section("Grants removed", role.grantsRemoved)
      section("Trust added", role.trustAdded)
      section("Trust removed", role.trustRemoved)
      if !role.newFindings.isEmpty {
        lines += ["**New findings**", ""]
        lines += role.newFindings.map {
          "- **\($0.severity.rawValue)** \(Markdown.code($0.ruleID)): \(Markdown.cell($0.message)). Fix: \(Markdown.cell($0.fix))"
        }
        lines.append("")
      }
      if !role.newAcknowledged.isEmpty {
        lines += ["**New acknowledged findings**", ""]
        lines += role.newAcknowledged.map {
          "- **\($0.finding.severity.rawValue)** \(Markdown.code($0.finding.ruleID)): \(Markdown.cell($0.finding.message)). Reason: \(Markdown.cell($0.reason))"
        }
        lines.append("")
      }
      if !role.resolvedFindings.isEmpty {
        lines += ["**Resolved findings**", ""]
        lines += role.resolvedFindings.map {
          "- \(Markdown.code($0.ruleID)): \(Markdown.cell($0.message))"
        }
        lines.append("")
      }
      if role.broadened {
        lines += ["**Why broadened**", ""]
        lines += role.broadenedBy.map { "- \(Markdown.cell($0))" }
        lines.append("")
      }
      lines.append("</details>")
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
