/// A trust policy letting a service assume the role without `aws:SourceArn` /
/// `aws:SourceAccount`, where that service sends them: any account's use of the service could
/// then make it act with this role (the confused-deputy problem).
///
/// | service principal | conditions | why |
/// |---|---|---|
/// | `states.amazonaws.com` | recommended | Step Functions sends `aws:SourceArn` (state machine) |
/// | `events.amazonaws.com` | recommended | EventBridge sends the rule ARN |
/// | `scheduler.amazonaws.com` | recommended | EventBridge Scheduler sends the schedule group ARN |
/// | `pipes.amazonaws.com` | recommended | EventBridge Pipes sends the pipe ARN |
/// | `logs.amazonaws.com` | recommended | subscription and delivery roles |
/// | `firehose.amazonaws.com` | recommended | `aws:SourceAccount` |
/// | `sns.amazonaws.com` | recommended | delivery status logging |
/// | `apigateway.amazonaws.com` | recommended | integrations send `aws:SourceArn` |
/// | `glue.amazonaws.com`, `athena.amazonaws.com` | not flagged | |
/// | `lambda.amazonaws.com` | not flagged | a function's execution role is assumed only by Lambda for that function; the convention (SAM, CDK, the console) has no condition |
/// | `ec2.amazonaws.com` | not flagged | assumed through an instance profile only |
/// | anything else | not flagged | |
public struct TrustConfusedDeputyRule: ReviewRule {
  /// The rule's id, used by acknowledgements.
  public let id = "trust-confused-deputy"
  /// The severity of the rule's findings.
  public let severity = FindingSeverity.warning
  public let summary =
    "service principals trusted without aws:SourceArn or aws:SourceAccount where the service sends them"

  /// Service principals for which the condition is recommended.
  public static let servicesNeedingSourceCondition: Set<String> = [
    "states.amazonaws.com", "events.amazonaws.com", "scheduler.amazonaws.com",
    "pipes.amazonaws.com", "logs.amazonaws.com", "firehose.amazonaws.com",
    "sns.amazonaws.com", "apigateway.amazonaws.com",
  ]

  /// The condition keys that bind the service to this account's resources.
  public static let sourceKeys = [
    "aws:SourceArn", "aws:SourceAccount", "aws:SourceOrgID", "aws:SourceOrgPaths",
  ]

  /// The typed message.
  public enum Message: CustomStringConvertible {
    case noSourceCondition(service: String)
    /// The text of the message.
    public var description: String {
      guard case .noSourceCondition(let service) = self else { return "" }
      return
        "service principal \(service) may assume the role without an aws:SourceArn or aws:SourceAccount condition"
    }
  }

  /// The rule.
  public init() {}

  /// The rule's findings for one role.
  public func findings(in role: RoleContext) -> [Finding] {
    var findings: [Finding] = []
    for located in role.role.trustStatements where located.statement.effect == .allow {
      let statement = located.statement
      if Self.sourceKeys.contains(where: statement.hasCondition(key:)) { continue }
      for identifier in statement.principal?.identifiers(.service) ?? [] {
        guard let service = identifier.stringValue,
          Self.servicesNeedingSourceCondition.contains(service)
        else { continue }
        findings.append(
          finding(
            role, located.location, Message.noSourceCondition(service: service),
            fix:
              "add a StringEquals aws:SourceAccount (or ArnLike aws:SourceArn) condition naming this stack's account or resource"
          ))
      }
    }
    return findings
  }
}
