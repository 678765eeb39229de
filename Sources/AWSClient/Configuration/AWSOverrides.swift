/// What a command line chooses for every command that talks to AWS: `--profile` and
/// `--region`. Everything else comes from the environment and the shared files, as for the
/// AWS CLI.
///
/// With an environment file (`--env NAME`), the environment owns its region: `--region` may
/// repeat it but not change it.
///
/// ```swift
/// let overrides = AWSOverrides(profile: "dev-sso", region: "eu-west-1")
/// let region = try overrides.region(
///   forEnvironment: "dev", declaredRegion: "eu-west-1", file: "stacks/environments/dev.yaml")
/// let aws = try AWSClient.live(AWSClientOptions(overrides, region: region))
/// ```
public struct AWSOverrides: Sendable, Equatable {
  /// `--profile`: the profile to use, which then wins over `AWS_ACCESS_KEY_ID` (as in the AWS
  /// CLI) and over `AWS_PROFILE`.
  public var profile: String?
  /// `--region`: wins over `AWS_REGION`, `AWS_DEFAULT_REGION` and the profile's `region`.
  public var region: String?

  /// Creates overrides; nil or empty means "not given".
  public init(profile: String? = nil, region: String? = nil) {
    self.profile = profile.flatMap { $0.isEmpty ? nil : $0 }
    self.region = region.flatMap { $0.isEmpty ? nil : $0 }
  }

  /// The region for environment `name`, whose file `file` declares `declaredRegion`: that
  /// region, or a ``RegionConflictError`` when `--region` names another.
  public func region(forEnvironment name: String, declaredRegion: String, file: String)
    throws(RegionConflictError) -> String
  {
    if let region, region != declaredRegion {
      throw RegionConflictError(
        requested: region, declared: declaredRegion, environment: name, file: file)
    }
    return declaredRegion
  }
}
