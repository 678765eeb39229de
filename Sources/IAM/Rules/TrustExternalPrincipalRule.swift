import CloudFormation

/// A trust policy that lets anyone (`*`) or another account assume the role.
///
/// An `AWS` principal is the stack's own account when it is `${AWS::AccountId}` (in a `Sub`
/// or `Ref`) or the account the review was given; a literal account ID is external when no
/// account is given, since the stack does not know where it deploys.
public struct TrustExternalPrincipalRule: ReviewRule {
  /// The rule's id, used by acknowledgements.
  public let id = "trust-external-principal"
  /// The severity of the rule's findings.
  public let severity = FindingSeverity.error
  /// What the rule looks for.
  public let summary = "trust policies that let anyone or another account assume the role"

  /// The typed message.
  public enum Message: CustomStringConvertible {
    case anyone
    case otherAccount(principal: String, account: String)
    /// The text of the message.
    public var description: String {
      switch self {
      case .anyone: return "any principal ('*') may assume the role"
      case .otherAccount(let principal, let account):
        return "principal '\(principal)' of account \(account) may assume the role"
      }
    }
  }

  /// The rule.
  public init() {}

  /// The rule's findings for one role.
  public func findings(in role: RoleContext) -> [Finding] {
    var findings: [Finding] = []
    for located in role.role.trustStatements where located.statement.effect == .allow {
      guard let principal = located.statement.principal else { continue }
      for (kind, identifier) in principal.pairs where kind == .aws {
        if identifier == "*" {
          findings.append(
            finding(
              role, located.location, Message.anyone,
              fix: "name the principals that may assume the role"))
          continue
        }
        guard let text = identifier.stringValue, let account = Self.account(of: text),
          account != role.accountID
        else { continue }
        findings.append(
          finding(
            role, located.location, Message.otherAccount(principal: text, account: account),
            fix:
              "trust only this account, or require sts:ExternalId and acknowledge it with a reason")
        )
      }
    }
    return findings
  }

  /// The 12-digit account of an `AWS` principal (an account ID or an IAM ARN).
  static func account(of principal: String) -> String? {
    if principal.count == 12, principal.allSatisfy(\.isNumber) { return principal }
    let parts = principal.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count >= 5, parts[0] == "arn" else { return nil }
    let account = String(parts[4])
    return account.count == 12 && account.allSatisfy(\.isNumber) ? account : nil
  }
}
