import CloudFormation
import Foundation
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
    /// Why a wildcard in the grant is right (``allow(_:on:conditions:acknowledgingWildcard:file:line:)``);
    /// without one, a wildcard fails synthesis at ``location``.
    public var wildcardReason: String?

    /// A grant.
    public init(statement: Statement, location: SourceLocation, wildcardReason: String? = nil) {
      self.statement = statement
      self.location = location
      self.wildcardReason = wildcardReason
    }
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
  ///
  /// A whole service (`s3:*`), an action pattern on `.any` (`logs:Describe*`) or `iam:PassRole`
  /// on `.any` fails synthesis at this line, unless `acknowledgingWildcard` says why it is
  /// right; the reason then shows in `facestack iam review` beside the finding it accepts.
  public func allow(
    _ actions: [String], on resources: [ARN], conditions: [Condition] = [],
    acknowledgingWildcard reason: String? = nil, file: String = #fileID, line: Int = #line
  ) {
    let statement = Statement(
      effect: .allow, actions: .actions(actions), resources: .resources(resources.map(\.value)),
      conditions: conditions)
    let location = SourceLocation(file: file, line: line)
    let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
    grants.append(
      Grant(
        statement: statement, location: location,
        wildcardReason: reason?.isEmpty == false ? reason : nil))
    guard let reason, !reason.isEmpty else { return }
    for rule in Set(PolicyValidator.wildcards(in: statement).compactMap(Self.reviewRule)).sorted() {
      acknowledgements.append(
        Acknowledgement(rule: rule, role: logicalID, reason: "\(location): \(reason)"))
    }
  }

  /// The `iam review` rule that reports a wildcard the validator rejects, if any.
  static func reviewRule(for wildcard: ValidationMessage) -> String? {
    switch wildcard {
    case .serviceWildcard: return "service-wildcard"
    case .passRoleOnStar: return "pass-role-unscoped"
    default: return nil
    }
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
    // Each statement's normalized list is worked out once, not at every comparison (the
    // comparisons are quadratic in the grants; issue 20).
    var byResources: [Statement] = []
    var resourceKeys: [ResourceList?] = []
    for grant in grants {
      let statement = grant.statement
      let key = statement.resources?.normalized
      if let index = byResources.indices.first(where: {
        byResources[$0].effect == statement.effect && resourceKeys[$0] == key
          && byResources[$0].conditions == statement.conditions
      }) {
        byResources[index].actions = .actions(
          byResources[index].actions.patterns + statement.actions.patterns)
      } else {
        byResources.append(statement)
        resourceKeys.append(key)
      }
    }
    var merged: [Statement] = []
    var actionKeys: [ActionList] = []
    for statement in byResources {
      let key = statement.actions.normalized
      if let index = merged.indices.first(where: {
        merged[$0].effect == statement.effect && actionKeys[$0] == key
          && merged[$0].conditions == statement.conditions
      }) {
        merged[index].resources = .resources(
          (merged[index].resources?.values ?? []) + (statement.resources?.values ?? []))
      } else {
        merged.append(statement)
        actionKeys.append(key)
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
  public var iamRole: IAM.Role { iamRole(document: policyDocument) }

  /// ``iamRole`` with its inline policy's document already merged (``policyDocument``).
  func iamRole(document: PolicyDocument) -> IAM.Role {
    var policy = NamedPolicy(name: policyName, kind: .inline, document: document)
    policy.statementSources = document.statements.map(sources(of:))
    return IAM.Role(
      name: logicalID, trustPolicy: trust,
      policies: document.statements.isEmpty ? [] : [policy])
  }

  /// The source lines of the grants merged into `statement`: those whose actions and
  /// resources it contains, with the same effect and conditions; in grant order, once each.
  func sources(of statement: Statement) -> [String] {
    let actions = Set(statement.actions.patterns)
    let resources = Set(statement.resources?.values ?? [])
    var lines: [String] = []
    for grant in grants
    where grant.statement.effect == statement.effect
      && grant.statement.conditions == statement.conditions
      && Set(grant.statement.actions.patterns).isSubset(of: actions)
      && Set(grant.statement.resources?.values ?? []).isSubset(of: resources)
    {
      let line = grant.location.description
      if !lines.contains(line) { lines.append(line) }
    }
    return lines
  }
}
