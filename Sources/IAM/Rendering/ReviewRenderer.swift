/// Renders a ``Review`` as text, Markdown or JSON.
///
/// The JSON form (stable: sorted keys, two-space indent, `format` bumped on incompatible
/// change):
/// ```jsonc
/// {
///   "format": 1,
///   "summary": {"roles": 4, "errors": 0, "warnings": 1, "acknowledged": 1, "missing": 0, "unused": 1},
///   "roles": [{
///     "role": "DetectRole",
///     "trustedBy": ["Service: lambda.amazonaws.com"],
///     "permissions": [{"effect": "Allow", "accessLevel": "Read", "resource": "!GetAtt Faces.Arn",
///                      "actions": ["rekognition:SearchFacesByImage"]}],
///     "managedPolicyARNs": [],
///     "findings": [{"ruleID": "data-exfiltration", "severity": "warning", "role": "DetectRole",
///                   "location": {"role": "DetectRole", "policy": "Policy", "index": 1, "sid": "...",
///                                "sources": ["FaceRecognitionStack/Pipeline.swift:142"]},
///                   "message": "...", "fix": "..."}],
///     "acknowledged": [{"finding": {...}, "reason": "..."}],
///     "coverage": {"function": "detect", "role": "DetectRole",
///                  "missing": [{"action": "s3:DeleteObject", "file": "...", "line": 97,
///                               "call": "s3.delete_object", "resource": "..."}],
///                  "unused": [{"action": "s3:PutObject", "location": {...}}],
///                  "allowListed": ["logs:PutLogEvents"], "unresolved": [...]}
///   }],
///   "unusedAcknowledgements": [{"rule": "...", "role": "...", "reason": "..."}]
/// }
/// ```
///
/// ```swift
/// let output = ReviewRenderer.render(review, as: .markdown)
/// ```
public enum ReviewRenderer {
  /// The review in `format`, ending with a newline; JSON throws on a value with no JSON form.
  public static func render(_ review: Review, as format: ReportFormat) throws -> String {
    switch format {
    case .text: return text(review)
    case .markdown: return markdown(review)
    case .json: return try JSONReport.encode(JSONForm(summary: review.summary, review: review))
    }
  }

  struct JSONForm: Encodable {
    var summary: Review.Summary
    var review: Review
    func encode(to encoder: Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(1, forKey: .format)
      try container.encode(summary, forKey: .summary)
      try container.encode(review.roles, forKey: .roles)
      try container.encode(review.unusedAcknowledgements, forKey: .unusedAcknowledgements)
    }
    enum CodingKeys: String, CodingKey { case format, summary, roles, unusedAcknowledgements }
  }

  /// For a terminal.
  public static func text(_ review: Review) -> String {
    var lines: [String] = []
    for role in review.roles {
      lines.append(
        role.role
          + (role.trustedBy.isEmpty
            ? "" : " (trusted by \(role.trustedBy.joined(separator: "; ")))"))
      if !role.permissions.isEmpty {
        lines.append("  may do:")
        for group in role.permissions {
          let effect = group.effect == .deny ? "deny " : ""
          lines.append(
            "    \(effect)\(group.accessLevel) on \(group.resource): \(group.actions.joined(separator: ", "))"
          )
        }
      }
      for arn in role.managedPolicyARNs { lines.append("  managed policy (not reviewed): \(arn)") }
      if !role.findings.isEmpty {
        lines.append("  findings:")
        for finding in role.findings {
          lines.append(
            "    \(finding.severity.rawValue) [\(finding.ruleID)] \(finding.location?.descriptionWithSources ?? role.role): \(finding.message)"
          )
          lines.append("      fix: \(finding.fix)")
        }
      }
      if !role.acknowledged.isEmpty {
        lines.append("  acknowledged:")
        for entry in role.acknowledged {
          lines.append(
            "    [\(entry.finding.ruleID)] \(entry.finding.message) (reason: \(entry.reason))")
        }
      }
      if let coverage = role.coverage {
        lines.append(
          "  coverage of \(coverage.function): \(coverage.missing.count) missing, \(coverage.unused.count) unused"
        )
        for missing in coverage.missing {
          lines.append("    error: \(missing.message(role: role.role))")
        }
        for unused in coverage.unused { lines.append("    warning: \(unused.message)") }
        for call in coverage.unresolved {
          lines.append(
            "    note: \(call.file):\(call.line): \(call.operation) could not be resolved (\(call.reason))"
          )
        }
      }
    }
    for acknowledgement in review.unusedAcknowledgements {
      lines.append(
        "note: acknowledgement of \(acknowledgement.rule) for role '\(acknowledgement.role)' matches no finding; remove it"
      )
    }
    lines.append(review.summary.description)
    return lines.joined(separator: "\n") + "\n"
  }

  /// For a pull-request comment.
  public static func markdown(_ review: Review) -> String {
    var lines: [String] = ["## IAM review", "", "**\(review.summary)**", ""]
    lines.append("| role | trusted by | errors | warnings | acknowledged | missing | unused |")
    lines.append("|---|---|---:|---:|---:|---:|---:|")
    for role in review.roles {
      let errors =
        role.findings.filter { $0.severity == .error }.count + (role.coverage?.missing.count ?? 0)
      let warnings =
        role.findings.filter { $0.severity == .warning }.count + (role.coverage?.unused.count ?? 0)
      lines.append(
        "| \(Markdown.code(role.role)) | \(Markdown.cell(role.trustedBy.joined(separator: "<br>"))) | \(errors) | \(warnings) | \(role.acknowledged.count) | \(role.coverage.map { String($0.missing.count) } ?? "–") | \(role.coverage.map { String($0.unused.count) } ?? "–") |"
      )
    }
    for role in review.roles {
      let errors =
        role.findings.filter { $0.severity == .error }.count + (role.coverage?.missing.count ?? 0)
      let warnings =
        role.findings.filter { $0.severity == .warning }.count + (role.coverage?.unused.count ?? 0)
      lines += [
        "",
        "<details><summary><b>\(role.role)</b>: \(Markdown.plural(errors, "error")), \(Markdown.plural(warnings, "warning"))</summary>",
        "",
      ]
      if !role.permissions.isEmpty {
        lines += ["| effect | access | resource | actions |", "|---|---|---|---|"]
        for group in role.permissions {
          lines.append(
            "| \(group.effect.rawValue) | \(group.accessLevel) | \(Markdown.code(Markdown.cell(group.resource))) | \(group.actions.map { Markdown.code($0) }.joined(separator: " ")) |"
          )
        }
        lines.append("")
      }
      for arn in role.managedPolicyARNs {
        lines.append("- managed policy, not reviewed: \(Markdown.code(arn))")
      }
      if !role.findings.isEmpty {
        lines += ["**Findings**", ""]
        for finding in role.findings {
          lines.append(
            "- **\(finding.severity.rawValue)** \(Markdown.code(finding.ruleID)) at \(Markdown.code(finding.location?.descriptionWithSources ?? role.role)): \(Markdown.cell(finding.message)). Fix: \(Markdown.cell(finding.fix))"
          )
        }
        lines.append("")
      }
      if !role.acknowledged.isEmpty {
        lines += ["**Acknowledged**", ""]
        for entry in role.acknowledged {
          lines.append(
            "- \(Markdown.code(entry.finding.ruleID)): \(Markdown.cell(entry.finding.message)) (reason: \(Markdown.cell(entry.reason)))"
          )
        }
        lines.append("")
      }
      if let coverage = role.coverage {
        lines += [
          "**Coverage of \(Markdown.code(coverage.function))**: \(coverage.missing.count) missing, \(coverage.unused.count) unused",
          "",
        ]
        for missing in coverage.missing {
          lines.append("- **missing** \(Markdown.cell(missing.message(role: role.role)))")
        }
        for unused in coverage.unused { lines.append("- unused: \(Markdown.cell(unused.message))") }
        if !coverage.allowListed.isEmpty {
          lines.append(
            "- allowed without a call (runtime, agents): \(coverage.allowListed.map { Markdown.code($0) }.joined(separator: " "))"
          )
        }
        lines.append("")
      }
      lines.append("</details>")
    }
    if !review.unusedAcknowledgements.isEmpty {
      lines += ["", "Acknowledgements matching no finding (remove them):", ""]
      for acknowledgement in review.unusedAcknowledgements {
        lines.append(
          "- \(Markdown.code(acknowledgement.rule)) for \(Markdown.code(acknowledgement.role))")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
