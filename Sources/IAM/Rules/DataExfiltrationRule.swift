/// Read actions that return secrets or stored data, granted on every resource: the role can
/// read any object, secret or parameter of the account, not only its own.
public struct DataExfiltrationRule: ReviewRule {
  /// The rule's id, used by acknowledgements.
  public let id = "data-exfiltration"
  /// The severity of the rule's findings.
  public let severity = FindingSeverity.warning
  public let summary =
    "data or secret reads (s3:GetObject, secretsmanager:GetSecretValue, ...) on every resource"

  /// The actions.
  public static let actions: [String] = [
    "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan",
    "kms:Decrypt",
    "s3:GetObject", "s3:GetObjectVersion",
    "secretsmanager:GetSecretValue",
    "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "ssm:GetParameterHistory",
  ]

  /// The typed message.
  public enum Message: CustomStringConvertible {
    case unscopedRead([String])
    /// The text of the message.
    public var description: String {
      guard case .unscopedRead(let actions) = self else { return "" }
      return "\(ListText.brief(actions)) on every resource can read data the role does not own"
    }
  }

  /// The rule.
  public init() {}

  /// The rule's findings for one role.
  public func findings(in role: RoleContext) -> [Finding] {
    let names = Set(Self.actions.map { $0.lowercased() })
    let grants = role.grants.filter {
      $0.isUnscoped && names.contains($0.action.fullName.lowercased())
    }
    return role.byStatement(grants).map { location, actions in
      finding(
        role, location, Message.unscopedRead(actions),
        fix:
          "name the buckets, tables, keys, secrets or parameters in Resource (prefix-scoped for S3)"
      )
    }
  }
}
