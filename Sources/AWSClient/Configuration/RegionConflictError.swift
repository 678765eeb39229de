/// `--region` names a region other than the environment file's, which owns it. A usage error
/// (exit 2), one lowercase line naming both regions and the file:
///
/// `--region us-west-2 differs from the region of environment dev, eu-west-1 in
/// stacks/environments/dev.yaml; the environment owns its region: drop --region or change the file`
public struct RegionConflictError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The region given with `--region`.
  public var requested: String
  /// The region in the environment file.
  public var declared: String
  /// The environment's name.
  public var environment: String
  /// The environment file, as the user would name it.
  public var file: String

  /// Creates the error.
  public init(requested: String, declared: String, environment: String, file: String) {
    self.requested = requested
    self.declared = declared
    self.environment = environment
    self.file = file
  }

  public var description: String {
    "--region \(requested) differs from the region of environment \(environment), \(declared) "
      + "in \(file); the environment owns its region: drop --region or change the file"
  }
}
