/// Finds the action combinations known to let a principal give itself more permissions
/// (Rhino Security Labs' list, as cloudsplaining uses it): new policy versions, attaching or
/// writing policies, passing a role to compute it then runs, changing trust, assuming any role.
///
/// Fires once per combination the role holds completely; quiet when one action is missing.
public struct PrivilegeEscalationRule: ReviewRule {
  /// The rule's id, used by acknowledgements.
  public let id = "privilege-escalation"
  /// The severity of the rule's findings.
  public let severity = FindingSeverity.error
  /// What the rule looks for.
  public let summary = "action combinations that let the role grant itself more permissions"

  /// The combinations, each complete set of actions being one escalation path.
  public static let combinations: [[String]] = [
    ["iam:CreatePolicyVersion"],
    ["iam:SetDefaultPolicyVersion"],
    ["iam:AttachUserPolicy"],
    ["iam:AttachGroupPolicy"],
    ["iam:AttachRolePolicy"],
    ["iam:PutUserPolicy"],
    ["iam:PutGroupPolicy"],
    ["iam:PutRolePolicy"],
    ["iam:AddUserToGroup"],
    ["iam:CreateLoginProfile"],
    ["iam:UpdateLoginProfile"],
    ["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"],
    ["iam:PassRole", "ec2:RunInstances"],
    ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"],
    ["iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"],
    ["lambda:UpdateFunctionCode"],
    ["lambda:UpdateFunctionConfiguration"],
    ["iam:PassRole", "glue:CreateDevEndpoint"],
    ["glue:UpdateDevEndpoint"],
    ["iam:PassRole", "cloudformation:CreateStack"],
    ["iam:PassRole", "datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"],
    ["iam:PassRole", "states:CreateStateMachine", "states:StartExecution"],
    ["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"],
    [
      "iam:PassRole", "sagemaker:CreateNotebookInstance",
      "sagemaker:CreatePresignedNotebookInstanceUrl",
    ],
    ["iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuild"],
    ["ssm:SendCommand"],
    ["ec2-instance-connect:SendSSHPublicKey"],
  ]

  /// The typed message.
  public enum Message: CustomStringConvertible {
    case combination([String])
    case assumeAnyRole

    /// The text of the message.
    public var description: String {
      switch self {
      case .combination(let actions):
        return "the role can escalate its privileges with \(actions.joined(separator: " + "))"
      case .assumeAnyRole:
        return "sts:AssumeRole on every role lets the role take any role that trusts its account"
      }
    }
  }

  /// The rule.
  public init() {}

  /// The rule's findings for one role.
  public func findings(in role: RoleContext) -> [Finding] {
    var findings: [Finding] = []
    for combination in Self.combinations {
      let grants = combination.map(role.grants(of:))
      guard grants.allSatisfy({ !$0.isEmpty }) else { continue }
      let location = grants.compactMap { $0.first?.statement.location }.min()
      findings.append(
        finding(
          role, location, Message.combination(combination),
          fix:
            "remove \(combination.joined(separator: " or ")), or scope it to named resources and acknowledge it with a reason"
        ))
    }
    if let grant = role.grants(of: "sts:AssumeRole").first(where: \.isUnscoped) {
      findings.append(
        finding(
          role, grant.statement.location, Message.assumeAnyRole,
          fix: "name the roles the role may assume in Resource"))
    }
    return findings
  }
}
