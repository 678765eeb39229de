import CloudFormation
import IAM

/// One statement of a policy document in a template, as the diff shows it, with its meaning
/// read by the IAM module (``IAM/PolicyReader``), which alone decides what it grants.
struct DocumentStatement {
  /// The statement as IAM reads it (names folded when the report normalizes them); `nil` when
  /// IAM cannot read it (an `Fn::If` in place of a statement), which the diff then compares as
  /// written and treats as broadening when it appears.
  var statement: IAM.Statement?
  /// `Allow`, `Deny`, or the raw text when unreadable.
  var effect: String
  /// Actions as shown, sorted; `NOT ` before each for `NotAction`.
  var actions: [String]
  /// Resources as shown, sorted; `NOT ` for `NotResource`.
  var resources: [String]
  /// Principals as shown (`Service:lambda.amazonaws.com`, `AWS:*`), sorted.
  var principals: [String]
  /// Conditions as shown, one per operator and key (`StringEquals aws:SourceAccount=...`).
  var conditions: [String]
  /// A key equal for two statements exactly when they grant the same.
  var key: String

  /// The statement `value` of a document; `semantic` is the same value with names folded.
  init(_ value: Value, semantic: Value) {
    // The order a statement's maps are written in is no change.
    let value = Self.sortedKeys(value)
    let semantic = Self.sortedKeys(semantic)
    guard let shown = try? PolicyReader.statement(value),
      let statement = try? PolicyReader.statement(semantic)
    else {
      self.init(unreadable: value, semantic: semantic)
      return
    }
    self.init(shown: shown, statement: statement)
  }

  private init(unreadable value: Value, semantic: Value) {
    statement = nil
    effect = value["Effect"].map(ValueFormatter.bare) ?? "?"
    // Keys sorted: the order a map is written in is no change.
    actions = [ValueFormatter.bare(Self.sortedKeys(value))]
    resources = []
    principals = []
    conditions = []
    key = "?|" + ValueFormatter.bare(Self.sortedKeys(semantic))
  }

  /// `value` with every map's keys sorted.
  static func sortedKeys(_ value: Value) -> Value {
    switch value {
    case .map(let map): return .map(map.mapValues(sortedKeys).sortedByKey())
    case .list(let items): return .list(items.map(sortedKeys))
    default: return value
    }
  }

  /// A statement built from its parts (a Lambda permission, a managed policy attachment).
  init(shown: IAM.Statement, statement: IAM.Statement) {
    self.statement = statement
    effect = shown.effect.rawValue
    let notAction = shown.actions.isNegated ? "NOT " : ""
    actions = Self.sortedSet(shown.actions.patterns).map { notAction + $0 }
    let notResource = shown.resources?.isNegated == true ? "NOT " : ""
    resources = Self.sortedSet((shown.resources?.values ?? []).map(ValueFormatter.bare))
      .map { notResource + $0 }
    let notPrincipal = shown.principalIsNegated ? "NOT " : ""
    principals = Self.principals(shown.principal).map { notPrincipal + $0 }
    conditions = Self.conditions(shown.conditions)
    key = [
      statement.effect.rawValue, statement.actions.isNegated ? "!A" : "A",
      Self.sortedSet(statement.actions.patterns.map { $0.lowercased() }).joined(separator: ","),
      statement.resources?.isNegated == true ? "!R" : "R",
      Self.sortedSet((statement.resources?.values ?? []).map(ValueFormatter.bare))
        .joined(separator: ","),
      statement.principalIsNegated ? "!P" : "P",
      Self.principals(statement.principal).joined(separator: ","),
      Self.conditions(statement.conditions).joined(separator: ","),
    ].joined(separator: "|")
  }

  private static func sortedSet(_ texts: [String]) -> [String] { Array(Set(texts)).sorted() }

  private static func principals(_ principal: Principal?) -> [String] {
    guard let principal else { return [] }
    return principal.pairs.map { "\($0.kind.rawValue):\(ValueFormatter.bare($0.identifier))" }
      .sorted()
  }

  private static func conditions(_ conditions: [Condition]) -> [String] {
    conditions.map { condition in
      "\(condition.operator) \(condition.key)="
        + sortedSet(condition.values.map(ValueFormatter.bare)).joined(separator: ",")
    }.sorted()
  }
}
