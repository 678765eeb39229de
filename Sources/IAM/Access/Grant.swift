import CloudFormation

/// One thing a statement grants or denies: an effect, one action pattern, one resource entry (or
/// none, in trust policies), the principal it applies to (resource and trust policies), and its
/// conditions.
///
/// A statement with two actions and three resources holds six grants. Comparing grants rather
/// than whole statements makes merging, splitting and reordering statements no change.
///
/// ```swift
/// let grants = Grant.all(in: statement)   // Allow s3:GetObject on !Sub ${Images.Arn}/input/*, ...
/// grants[0].text                          // "s3:GetObject on !Sub ${Images.Arn}/input/*"
/// ```
public struct Grant: Hashable, Sendable {
  /// Allow or Deny.
  public var effect: Effect
  /// The action pattern, as written.
  public var action: String
  /// Whether the statement uses `NotAction`.
  public var negatedAction: Bool
  /// The resource entry; `nil` when the statement names none (trust policies).
  public var resource: Value?
  /// Whether the statement uses `NotResource`.
  public var negatedResource: Bool
  /// The principal as `Kind: identifier` (`Service: lambda.amazonaws.com`, `AWS: *`); `nil` in
  /// identity policies, which apply to their holder.
  public var principal: String?
  /// Whether the statement uses `NotPrincipal`.
  public var negatedPrincipal: Bool
  /// The conditions, one line each (`StringEquals aws:SourceAccount !Ref AWS::AccountId`),
  /// sorted.
  public var conditions: [String]

  /// The grants of `statement`.
  public static func all(in statement: Statement) -> [Grant] {
    let conditions = conditionTexts(statement.conditions)
    let resources: [Value?] =
      statement.resources.map { $0.normalized.values.map(Optional.some) } ?? [nil]
    let principals: [String?] =
      statement.principal.map { principal in
        principal.pairs.map { "\($0.kind.rawValue): \(ValueText.describe($0.identifier))" }
      } ?? [nil]
    var result: [Grant] = []
    for action in statement.actions.normalized.patterns {
      for resource in resources {
        for principal in principals {
          result.append(
            Grant(
              effect: statement.effect, action: action,
              negatedAction: statement.actions.isNegated, resource: resource,
              negatedResource: statement.resources?.isNegated ?? false, principal: principal,
              negatedPrincipal: statement.principalIsNegated, conditions: conditions))
        }
      }
    }
    return result
  }

  /// The grants of every statement.
  public static func all(in statements: [Statement]) -> Set<Grant> {
    Set(statements.flatMap { all(in: $0) })
  }

  /// One line per condition test, sorted: operator, key and values.
  public static func conditionTexts(_ conditions: [Condition]) -> [String] {
    conditions.map { condition in
      "\(condition.operator) \(condition.key) "
        + condition.values.map(ValueText.describe).sorted().joined(separator: "|")
    }.sorted()
  }

  /// The grant as people read it: `deny s3:* on !GetAtt Images.Arn if Bool aws:SecureTransport
  /// false`.
  public var text: String {
    var text = (effect == .deny ? "deny " : "") + (negatedAction ? "all except " : "") + action
    if let resource {
      text += " on " + (negatedResource ? "all except " : "") + ValueText.describe(resource)
    }
    if let principal {
      text += " for " + (negatedPrincipal ? "all except " : "") + principal
    }
    if !conditions.isEmpty { text += " if " + conditions.joined(separator: ", ") }
    return text
  }

  /// Whether this grant allows (or denies) everything `other` does: same effect and negations,
  /// its action pattern covers the other's (IAM's wildcards, ignoring case), its resource covers
  /// the other's (compared as written: two different references never cover each other), its
  /// principal is the same or `*`, and its conditions are a subset of the other's (fewer
  /// conditions allow more).
  public func covers(_ other: Grant) -> Bool {
    guard effect == other.effect, negatedAction == other.negatedAction,
      negatedResource == other.negatedResource, negatedPrincipal == other.negatedPrincipal,
      Set(conditions).isSubset(of: Set(other.conditions))
    else { return false }
    let mine = Glob(action, ignoringCase: true)
    let theirs = Glob(other.action, ignoringCase: true)
    guard negatedAction ? theirs.covers(mine) : mine.covers(theirs) else { return false }
    switch (principal, other.principal) {
    case (nil, nil): break
    case (let mine?, let theirs?):
      let anyone = "\(Principal.Kind.aws.rawValue): *"
      guard mine == theirs || (!negatedPrincipal && mine == anyone) else { return false }
    default: return false
    }
    switch (resource, other.resource) {
    case (nil, _): return true
    case (_, nil): return false
    case (let before?, let after?):
      return negatedResource
        ? ValueText.symbolicGlob(after).covers(ValueText.symbolicGlob(before))
        : ValueText.symbolicGlob(before).covers(ValueText.symbolicGlob(after))
    }
  }
}
