import CloudFormation
import Foundation

/// A temporary stack policy that lets one approved deploy replace or delete protected resources,
/// and the policy to put back afterwards.
///
/// AWS applies a stack policy to every update; `UpdateStack` takes a one-off override
/// (`StackPolicyDuringUpdateBody`), but `CreateChangeSet` and `ExecuteChangeSet` take none. So
/// deploy sets this policy with `SetStackPolicy` just before `ExecuteChangeSet` and restores the
/// previous one when the execution ends, also when it fails. The temporary policy is the previous
/// one with the approved resources taken out of its `Deny` statements, plus an `Allow` of
/// `Update:*` on exactly them (a stack policy denies what it does not allow):
///
/// ```swift
/// let previous = try await cloudFormation.getStackPolicy(stackID)   // denies Images, Results
/// let override = try StackPolicyOverride(previous: previous!, allowing: ["Results"])
/// override.body
/// // {"Statement":[{"Effect":"Allow",...,"Resource":"*"},
/// //   {"Effect":"Deny",...,"Resource":["LogicalResourceId/Images"]},
/// //   {"Effect":"Allow","Principal":"*","Action":"Update:*","Resource":["LogicalResourceId/Results"]}]}
/// ```
public struct StackPolicyOverride: Sendable, Equatable {
  /// The policy in force before the deploy, put back afterwards.
  public var previousBody: String
  /// The logical ids the temporary policy lets the deploy replace or delete, sorted.
  public var allowed: [String]
  /// The temporary policy.
  public var body: String

  /// The override of `previous` that allows replacing and deleting `logicalIDs`.
  ///
  /// Throws ``DeployError/refused(_:)`` when `previous` denies one of them in a way that cannot
  /// be lifted for that resource alone (a wildcard, `NotResource`, `NotAction` or a
  /// `Condition`), and ``DeployError/aws(_:)`` when `previous` is not a policy document.
  public init(previous: String, allowing logicalIDs: [String]) throws {
    previousBody = previous
    allowed = Array(Set(logicalIDs)).sorted()
    let document = try Self.document(previous)
    var statements: [Value] = []
    for statement in Self.statements(document) {
      guard case .map(var map) = statement, Self.deniesReplaceOrDelete(map) else {
        statements.append(statement)
        continue
      }
      let denied = allowed.filter { Self.covers(map, logicalID: $0) }
      guard !denied.isEmpty else {
        statements.append(statement)
        continue
      }
      let exact = Set(denied.map { "LogicalResourceId/" + $0 })
      let patterns = Self.strings(map["Resource"])
      let liftable =
        map["NotResource"] == nil && map["NotAction"] == nil && map["Condition"] == nil
        && denied.allSatisfy { id in
          patterns.filter { Self.matches($0, "LogicalResourceId/" + id) }
            .allSatisfy { exact.contains($0) }
        }
      guard liftable else {
        throw DeployError.refused(
          "the stack policy denies replacing or deleting \(denied.joined(separator: ", ")) "
            + "with a statement facestack cannot lift for those resources alone "
            + "(\(TemplateWriter.compactJSON(statement))); change the stack policy by hand")
      }
      let remaining = patterns.filter { !exact.contains($0) }
      if remaining.isEmpty { continue }
      map["Resource"] = .list(remaining.map(Value.string))
      statements.append(.map(map))
    }
    statements.append([
      "Effect": "Allow", "Principal": "*", "Action": "Update:*",
      "Resource": .list(allowed.map { .string("LogicalResourceId/" + $0) }),
    ])
    var result = document
    result["Statement"] = .list(statements)
    body = TemplateWriter.compactJSON(.map(result))
  }

  /// The logical ids whose replacement or deletion `policy` denies, among `logicalIDs`.
  public static func protected(_ logicalIDs: [String], by policy: String) throws -> [String] {
    let statements = statements(try document(policy)).compactMap(\.mapValue)
      .filter(deniesReplaceOrDelete)
    return logicalIDs.filter { id in statements.contains { covers($0, logicalID: id) } }
  }

  private static func document(_ body: String) throws -> OrderedMap<Value> {
    guard let value = try? TemplateReader.readValue(Array(body.utf8), file: "stack policy"),
      case .map(let map) = value
    else {
      throw DeployError.aws("the stack policy is not a JSON policy document: \(body)")
    }
    return map
  }

  private static func statements(_ document: OrderedMap<Value>) -> [Value] {
    switch document["Statement"] {
    case .list(let list)?: return list
    case let single?: return [single]
    case nil: return []
    }
  }

  /// A `Deny` whose actions take in `Update:Replace` or `Update:Delete`.
  private static func deniesReplaceOrDelete(_ statement: OrderedMap<Value>) -> Bool {
    guard statement["Effect"]?.stringValue == "Deny" else { return false }
    if statement["NotAction"] != nil { return true }
    return strings(statement["Action"]).contains { action in
      matches(action, "Update:Replace") || matches(action, "Update:Delete")
    }
  }

  /// Whether the statement's resources take in the logical id (a `NotResource` takes in every
  /// id it does not name).
  private static func covers(_ statement: OrderedMap<Value>, logicalID: String) -> Bool {
    let resource = "LogicalResourceId/" + logicalID
    if let excluded = statement["NotResource"] {
      return !strings(excluded).contains { matches($0, resource) }
    }
    return strings(statement["Resource"]).contains { matches($0, resource) }
  }

  private static func strings(_ value: Value?) -> [String] {
    switch value {
    case .string(let text)?: return [text]
    case .list(let items)?: return items.compactMap(\.stringValue)
    default: return []
    }
  }

  /// Stack policy patterns: `*` matches any run of characters, `?` any one character.
  static func matches(_ pattern: String, _ text: String) -> Bool {
    let pattern = Array(pattern)
    let text = Array(text)
    var row = [Bool](repeating: false, count: text.count + 1)
    row[0] = true
    for character in pattern {
      var next = [Bool](repeating: false, count: text.count + 1)
      next[0] = row[0] && character == "*"
      for index in 0..<text.count {
        switch character {
        case "*": next[index + 1] = next[index] || row[index + 1]
        case "?": next[index + 1] = row[index]
        default: next[index + 1] = row[index] && text[index] == character
        }
      }
      row = next
    }
    return row[text.count]
  }
}
