import CloudFormation
import IAM
import ResourceTypes

/// An EC2 instance profile and its role, which EC2 may assume. No `aws:SourceAccount` condition:
/// EC2 does not send it when it assumes an instance profile's role, so such a condition would
/// keep every instance from getting credentials (the profile is what scopes the role to this
/// account's instances). The role starts with no permissions; grants add them.
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
      self, "Role", assumedBy: "ec2.amazonaws.com", description: description, file: file,
      line: line)
  }

  /// The profile's ARN, which a launch template names.
  public var arn: Value { resource.getAtt("Arn") }
}
