import CloudFormation
import IAM
import ResourceTypes

/// An IAM role with one inline policy that grants add statements to, and the source line of each
/// grant, so that IAM validation can point at the code that asked for a permission.
///
/// ```swift
/// let role = Role(self, "Role", assumedBy: "lambda.amazonaws.com")
/// table.grant([.batchWriteItem], to: role)
/// ```
public final class Role: Construct {
  /// A statement and where it was granted.
  public struct Grant: Hashable, Sendable {
    /// The statement.
    public var statement: Statement
    /// The grant's call site.
    public var location: SourceLocation
  }

  /// The `AWS::IAM::Role` resource.
  public let resource: CfnResource
  /// Who may assume the role.
  public let trust: PolicyDocument
  /// The granted statements, in grant order.
  public private(set) var grants: [Grant] = []
  /// Review findings accepted for this role, each with its reason.
  public private(set) var acknowledgements: [Acknowledgement] = []

  /// A role that `service` may assume; `conditions` narrow the trust (confused-deputy guards).
  public init(
    _ scope: Construct, _ id: String, assumedBy service: String, trustConditions: [Condition] = [],
    description: String, file: String = #fileID, line: Int = #line
  ) {
    trust = PolicyDocument.trust(services: [service], conditions: trustConditions)
    resource = CfnResource(
      detached: LogicalID.defaultChild,
      IAMRole(
        assumeRolePolicyDocument: .literal(PolicyWriter.value(trust)),
        description: .literal(description)),
      file: file, line: line)
    super.init(scope, id, file: file, line: line)
    adopt(resource)
    resource.finisher = self
  }

  /// The role's ARN.
  public var arn: ARN { ARN(resource.getAtt("Arn"), resourceType: "AWS::IAM::Role") }
  /// The role's logical ID.
  public var logicalID: String { resource.logicalID }

  /// Allows `actions` on `resources`, remembering the call site.
  public func allow(
    _ actions: [String], on resources: [ARN], conditions: [Condition] = [], file: String = #fileID,
    line: Int = #line
  ) {
    let statement = Statement(
      effect: .allow, actions: .actions(actions), resources: .resources(resources.map(\.value)),
      conditions: conditions)
    grants.append(Grant(statement: statement, location: SourceLocation(file: file, line: line)))
  }

  /// Accepts a finding of `facestack iam review` for this role, with the reason a reviewer
  /// reads: `role.acknowledge("resource-exposure", reason: "log delivery needs logs:PutResourcePolicy")`.
  public func acknowledge(_ rule: String, reason: String) {
    acknowledgements.append(Acknowledgement(rule: rule, role: logicalID, reason: reason))
  }

  /// The inline policy: statements with the same resources and conditions are merged, then
  /// statements with the same actions and conditions; the writer sorts statements, actions and
  /// resources.
  public var policyDocument: PolicyDocument {
    var byResources: [Statement] = []
    for grant in grants {
      let statement = grant.statement
      if let index = byResources.firstIndex(where: {
        $0.effect == statement.effect && $0.resources?.normalized == statement.resources?.normalized
          && $0.conditions == statement.conditions
      }) {
        byResources[index].actions = .actions(
          byResources[index].actions.patterns + statement.actions.patterns)
      } else {
        byResources.append(statement)
      }
    }
    var merged: [Statement] = []
    for statement in byResources {
      if let index = merged.firstIndex(where: {
        $0.effect == statement.effect && $0.actions.normalized == statement.actions.normalized
          && $0.conditions == statement.conditions
      }) {
        merged[index].resources = .resources(
          (merged[index].resources?.values ?? []) + (statement.resources?.values ?? []))
      } else {
        merged.append(statement)
      }
    }
    return PolicyDocument(statements: merged)
  }
}

extension Role: ResourceFinishing {
  func finish(_ properties: any ResourceProperties, context: LoweringContext)
    -> any ResourceProperties
  {
    let document = policyDocument
    guard !document.statements.isEmpty else { return properties }
    return amend(properties, as: IAMRole.self) {
      $0.policies = .literal([
        .literal(
          IAMRole.Policy(
            policyDocument: .literal(PolicyWriter.value(document)), policyName: .literal(policyName)
          ))
      ])
    }
  }
}

extension Role {
  /// The inline policy's name: `<LogicalId>Policy`.
  public var policyName: String { "\(logicalID)Policy" }

  /// The role as IAM reviews it: its trust policy and its inline policy, straight from the
  /// construct (not read back from the template).
  public var iamRole: IAM.Role {
    let document = policyDocument
    return IAM.Role(
      name: logicalID, trustPolicy: trust,
      policies: document.statements.isEmpty
        ? [] : [NamedPolicy(name: policyName, kind: .inline, document: document)])
  }
}
