/// Finds the region as the AWS CLI does: `--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, then the
/// profile's `region`.
public enum RegionResolver {
  /// The region, or an error naming every place searched.
  public static func resolve(
    explicit: String?, environment: AWSEnvironment, profile: [String: String]?,
    profileName: String, sharedConfig: SharedConfig
  ) throws -> String {
    if let explicit, !explicit.isEmpty { return explicit }
    if let region = environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] {
      return region
    }
    if let region = profile?["region"], !region.isEmpty { return region }
    throw AWSClientError.missingRegion(searched: [
      "--region", "AWS_REGION", "AWS_DEFAULT_REGION",
      "region of profile \"\(profileName)\" in the config file \(sharedConfig.configPath)",
    ])
  }
}
