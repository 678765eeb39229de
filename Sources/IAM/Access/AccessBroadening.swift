import CloudFormation

/// The one definition of "broadens access", used by `facestack diff`, the deploy approval gate
/// and `facestack iam diff` alike.
///
/// Statements are compared grant by grant (see ``Grant``) within one *scope*: every identity
/// policy of a role together, one trust policy, or one resource's policy. A change broadens
/// access when
/// - an Allow grant appears that no Allow grant of the scope covered before, or
/// - an unconditional Deny grant disappears that no remaining Deny covers (a conditional Deny
///   never denied for certain, so removing it is not counted), or
/// - a trust policy trusts a principal it did not trust before, or trusts it with fewer
///   conditions.
///
/// ```swift
/// let reasons = AccessBroadening.reasons(before: oldRole.statements.map(\.statement),
///                                        after: newRole.statements.map(\.statement))
/// ```
public enum AccessBroadening {
  /// Why `after` allows more than `before`, one line each, sorted; empty when it does not.
  public static func reasons(before: [Statement], after: [Statement]) -> [String] {
    let old = Grant.all(in: before)
    let new = Grant.all(in: after)
    var reasons: [String] = []
    for grant in new.subtracting(old) where grant.effect == .allow && !covered(grant, by: old) {
      reasons.append("allows \(grant.text)")
    }
    for grant in old.subtracting(new) where removalBroadens(grant, remaining: new) {
      reasons.append("no longer denies \(grant.text.dropFirst("deny ".count))")
    }
    return reasons.sorted()
  }

  /// Whether a statement that appears in a scope whose statements were `before` broadens
  /// access.
  public static func broadens(adding statement: Statement, to before: [Statement]) -> Bool {
    guard statement.effect == .allow else { return false }
    let old = Grant.all(in: before)
    return Grant.all(in: statement).contains { !covered($0, by: old) }
  }

  /// Whether a statement that disappears from a scope, leaving `after`, broadens access.
  public static func broadens(removing statement: Statement, leaving after: [Statement]) -> Bool {
    let remaining = Grant.all(in: after)
    return Grant.all(in: statement).contains { removalBroadens($0, remaining: remaining) }
  }

  /// Principals a trust policy trusts in `after` and did not in `before` (or only with more
  /// conditions), as `Kind: identifier [if conditions]`, sorted.
  public static func newlyTrusted(before: [Statement], after: [Statement]) -> [String] {
    let old = trust(before)
    return trust(after).subtracting(old).filter { entry in
      !old.contains {
        $0.principal == entry.principal && Set($0.conditions).isSubset(of: Set(entry.conditions))
      }
    }.map(\.text).sorted()
  }

  /// Whether a trust statement that appears broadens who may assume the role.
  public static func broadensTrust(adding statement: Statement, to before: [Statement]) -> Bool {
    !newlyTrusted(before: before, after: before + [statement]).isEmpty
  }

  /// Who a trust policy's Allow statements trust, with their conditions.
  public static func trust(_ statements: [Statement]) -> Set<TrustEntry> {
    var result = Set<TrustEntry>()
    for statement in statements where statement.effect == .allow {
      let conditions = Grant.conditionTexts(statement.conditions)
      for (kind, identifier) in statement.principal?.pairs ?? [] {
        result.insert(
          TrustEntry(
            principal: "\(kind.rawValue): \(ValueText.describe(identifier))",
            conditions: conditions))
      }
    }
    return result
  }

  /// One principal a trust policy trusts, and under which conditions.
  public struct TrustEntry: Hashable, Sendable {
    /// `Service: lambda.amazonaws.com`.
    public var principal: String
    /// The conditions, one line each.
    public var conditions: [String]
    /// `principal [if conditions]`.
    public var text: String {
      principal + (conditions.isEmpty ? "" : " if " + conditions.joined(separator: ", "))
    }
  }

  static func covered(_ grant: Grant, by grants: Set<Grant>) -> Bool {
    grants.contains { $0.covers(grant) }
  }

  static func removalBroadens(_ grant: Grant, remaining: Set<Grant>) -> Bool {
    grant.effect == .deny && grant.conditions.isEmpty && !covered(grant, by: remaining)
  }
}
