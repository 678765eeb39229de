/// Which source of the chain gave credentials, named as botocore and `aws configure list` name
/// it (`env`, `assume-role`, `sso`, `iam-role`, ...), so facestack's choice can be compared with
/// the AWS CLI's own.
public enum CredentialMethod: String, Sendable, Equatable, CaseIterable {
  /// Passed in by code (tests, the local emulator's fixed credentials).
  case explicit
  /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`.
  case environment = "env"
  /// A profile's `role_arn` with `source_profile` or `credential_source` (STS `AssumeRole`).
  case assumeRole = "assume-role"
  /// `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN`, or a profile's `web_identity_token_file`
  /// (STS `AssumeRoleWithWebIdentity`).
  case webIdentity = "assume-role-with-web-identity"
  /// IAM Identity Center: `sso_session` or legacy `sso_start_url` profiles.
  case sso
  /// Keys in the shared credentials file.
  case sharedCredentialsFile = "shared-credentials-file"
  /// A profile's `credential_process`.
  case process = "custom-process"
  /// Keys in the config file.
  case configFile = "config-file"
  /// The ECS, EKS Pod Identity or CodeBuild container endpoint.
  case container = "container-role"
  /// The EC2 instance profile through the instance metadata service (IMDSv2).
  case instanceMetadata = "iam-role"
}
