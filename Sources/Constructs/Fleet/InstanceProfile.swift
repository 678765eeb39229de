import CloudFormation
import IAM
import ResourceTypes

/// An EC2 instance profile and its role, which only EC2 in this account may assume
/// (`aws:SourceAccount`). The role starts with no permissions; grants add them.
///
/// ```swift
/// let profile = InstanceProfile(fleet, "Profile", description: "recognition service instances")
/// results.grant([.query, .batchWriteItem], to: profile.role)
/// ```
public final class InstanceProfile: Construct {
  /// The `AWS::IAM::InstanceProfile` resource.
  public let resource: CfnResource
  /// The role the instances run as.
  public var role: Role { child("Role") }

  /// An instance profile with a new role.
  public init(
    _ scope: Construct, _ id: String, description: String, file: String = #fileID,
    line: Int = #line
  ) {
    let roleID = LogicalID.make(path: Construct.path(of: id, in: scope) + ["Role"])
    resource = CfnResource(
      detached: LogicalID.defaultChild, IAMInstanceProfile(roles: [.ref(roleID)]), file: file,
      line: line)
    super.init(scope, id, file: file, line: line)
    adopt(resource)
    _ = Role(
      self, "Role", assumedBy: "ec2.amazonaws.com",
      trustConditions: [Condition(.stringEquals, "aws:SourceAccount", [.ref(.accountId)])],
      description: description, file: file, line: line)
  }

  /// The profile's ARN, which a launch template names.
  public var arn: Value { resource.getAtt("Arn") }
}
