/// What changes between two templates: every section, resource impacts, IAM statements and
/// security-group rules, and a summary.
///
/// ```swift
/// let report = TemplateDiffer().diff(from: deployed, to: synthesized)
/// print(report.summary.line)   // "3 to add, 2 to change (1 replacement), 0 to destroy"
/// print(TextRenderer(color: false).render(report))
/// ```
public struct ChangeReport: Hashable, Sendable {
  /// A name for the old template (a file, `git:REF`, an environment).
  public var fromLabel: String
  /// A name for the new template.
  public var toLabel: String
  /// Top-level entries: `AWSTemplateFormatVersion`, `Description`, `Transform`, `Metadata`,
  /// `Rules`.
  public var template: [EntryChange]
  /// Parameters added, removed or changed.
  public var parameters: [EntryChange]
  /// Mappings added, removed or changed.
  public var mappings: [EntryChange]
  /// Conditions added, removed or changed.
  public var conditions: [EntryChange]
  /// Resources added, removed, changed or renamed, sorted by logical ID.
  public var resources: [ResourceChange]
  /// Outputs added, removed or changed.
  public var outputs: [EntryChange]
  /// IAM statements added or removed.
  public var iamStatements: [IAMStatementChange]
  /// Security-group rules added or removed.
  public var securityGroupRules: [SecurityGroupRuleChange]
  /// When set, differences that came only from these name prefixes were folded.
  public var normalizedNames: NamePrefixes?

  /// A report.
  public init(
    fromLabel: String, toLabel: String, template: [EntryChange] = [],
    parameters: [EntryChange] = [], mappings: [EntryChange] = [], conditions: [EntryChange] = [],
    resources: [ResourceChange] = [], outputs: [EntryChange] = [],
    iamStatements: [IAMStatementChange] = [], securityGroupRules: [SecurityGroupRuleChange] = [],
    normalizedNames: NamePrefixes? = nil
  ) {
    self.fromLabel = fromLabel
    self.toLabel = toLabel
    self.template = template
    self.parameters = parameters
    self.mappings = mappings
    self.conditions = conditions
    self.resources = resources
    self.outputs = outputs
    self.iamStatements = iamStatements
    self.securityGroupRules = securityGroupRules
    self.normalizedNames = normalizedNames
  }

  /// Whether anything at all differs.
  public var hasChanges: Bool {
    !(template.isEmpty && parameters.isEmpty && mappings.isEmpty && conditions.isEmpty
      && resources.isEmpty && outputs.isEmpty)
  }

  /// Whether some change grants access the old template did not (IAM or security groups).
  public var broadensAccess: Bool {
    iamStatements.contains(where: \.broadens) || securityGroupRules.contains(where: \.broadens)
  }

  /// The stateful resources that would be replaced or destroyed.
  public var dangerousChanges: [ResourceChange] { resources.filter { $0.danger != nil } }

  /// Counts of resource impacts.
  public var summary: Summary { Summary(resources: resources) }
}

/// The name prefixes whose differences a report folds (`dev-` in one template, `prod-` in the
/// other).
public struct NamePrefixes: Hashable, Sendable {
  /// The prefix in the old template.
  public var from: String
  /// The prefix in the new template.
  public var to: String

  /// Two prefixes.
  public init(from: String, to: String) {
    self.from = from
    self.to = to
  }
}

/// Counts of what a deployment does, in Terraform's words.
public struct Summary: Hashable, Sendable {
  /// Resources created.
  public var toAdd: Int
  /// Resources changed (updated, replaced, renamed, or of unknown impact).
  public var toChange: Int
  /// Changed resources that will be replaced (renames included).
  public var replacements: Int
  /// Changed resources that may be replaced (conditional, or unknown type).
  public var possibleReplacements: Int
  /// Resources deleted.
  public var toDestroy: Int
  /// Stateful resources replaced or destroyed.
  public var dangerous: Int

  /// Counts over `resources`.
  public init(resources: [ResourceChange]) {
    toAdd = resources.filter { $0.impact == .create }.count
    toDestroy = resources.filter { $0.impact == .destroy }.count
    toChange = resources.count - toAdd - toDestroy
    replacements = resources.filter { $0.impact == .willReplace }.count
    possibleReplacements =
      resources.filter { $0.impact == .mayReplace || $0.impact == .unknown }
      .count
    dangerous = resources.filter { $0.danger != nil }.count
  }

  /// `3 to add, 2 to change (1 replacement), 0 to destroy`.
  public var line: String {
    var notes: [String] = []
    if replacements > 0 {
      notes.append("\(replacements) replacement" + (replacements == 1 ? "" : "s"))
    }
    if possibleReplacements > 0 { notes.append("\(possibleReplacements) may replace") }
    let change = notes.isEmpty ? "" : " (" + notes.joined(separator: ", ") + ")"
    return "\(toAdd) to add, \(toChange) to change\(change), \(toDestroy) to destroy"
  }
}
