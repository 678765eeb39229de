/// The arguments of STS `AssumeRole`, from a profile's `role_arn`, `role_session_name`,
/// `external_id`, `duration_seconds` and `mfa_serial`.
public struct AssumeRoleRequest: Sendable, Equatable {
  /// The role to assume.
  public var roleARN: String
  /// The session name, shown in CloudTrail.
  public var roleSessionName: String
  /// The external id the role's trust policy requires, if any.
  public var externalID: String?
  /// The session's duration (900 to 43200 seconds; STS's default is 3600).
  public var durationSeconds: Int?
  /// The MFA device (`mfa_serial`), when the role's trust policy requires MFA.
  public var serialNumber: String?
  /// The code the MFA device shows; sent with `serialNumber`.
  public var tokenCode: String?

  /// Creates a request.
  public init(
    roleARN: String, roleSessionName: String, externalID: String? = nil,
    durationSeconds: Int? = nil, serialNumber: String? = nil, tokenCode: String? = nil
  ) {
    self.roleARN = roleARN
    self.roleSessionName = roleSessionName
    self.externalID = externalID
    self.durationSeconds = durationSeconds
    self.serialNumber = serialNumber
    self.tokenCode = tokenCode
  }
}
