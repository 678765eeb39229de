/// The shared `credentials` and `config` files, found as the AWS CLI finds them.
///
/// Paths come from `AWS_SHARED_CREDENTIALS_FILE` and `AWS_CONFIG_FILE`, else `~/.aws/credentials`
/// and `~/.aws/config`, where `~` is `HOME` (so messages name the files actually read). In the
/// config file a profile is `[profile NAME]` (the default profile may also be `[default]`), an
/// IAM Identity Center session `[sso-session NAME]`; in the credentials file a profile is
/// `[NAME]`. A bare `[NAME]` in the config file is not a profile, as for the AWS CLI.
public struct SharedConfig: Sendable {
  /// Where the credentials file was looked for.
  public var credentialsPath: String
  /// Where the config file was looked for.
  public var configPath: String
  /// The home directory (`HOME`), under which `~/.aws/sso/cache` lives.
  public var homeDirectory: String?
  /// The parsed credentials file, nil when it does not exist.
  public var credentialsFile: SharedConfigFile?
  /// The parsed config file, nil when it does not exist.
  public var configFile: SharedConfigFile?

  /// Loads both files.
  public init(environment: AWSEnvironment, fileSystem: FileSystem) {
    homeDirectory = fileSystem.home(in: environment)
    credentialsPath = fileSystem.expandingTilde(
      environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials", environment: environment)
    configPath = fileSystem.expandingTilde(
      environment["AWS_CONFIG_FILE"] ?? "~/.aws/config", environment: environment)
    credentialsFile = fileSystem.readFile(credentialsPath).map(SharedConfigFile.init(parsing:))
    configFile = fileSystem.readFile(configPath).map(SharedConfigFile.init(parsing:))
  }

  /// The settings of profile `name` from the config file (nil when absent there).
  public func configProfile(_ name: String) -> [String: String]? {
    guard let sections = configFile?.sections else { return nil }
    if name == "default" {
      if let plain = sections["default"] {
        return plain.merging(sections["profile default"] ?? [:]) { $1 }
      }
    }
    return sections["profile \(name)"]
  }

  /// The settings of profile `name` from the credentials file (nil when absent there).
  public func credentialsProfile(_ name: String) -> [String: String]? {
    credentialsFile?.sections[name]
  }

  /// Profile `name` with both files merged; the credentials file wins on a conflict, as in
  /// botocore. Nil when neither file has the profile.
  public func profile(_ name: String) -> [String: String]? {
    let config = configProfile(name)
    let credentials = credentialsProfile(name)
    if config == nil && credentials == nil { return nil }
    return (config ?? [:]).merging(credentials ?? [:]) { $1 }
  }

  /// An `[sso-session NAME]` section of the config file.
  public func ssoSession(_ name: String) -> [String: String]? {
    configFile?.sections["sso-session \(name)"]
  }

  /// A `[services NAME]` section of the config file, for per-service `endpoint_url`.
  public func servicesSection(_ name: String) -> [String: String]? {
    configFile?.sections["services \(name)"]
  }

  /// Describes the two files for messages: `/h/.aws/credentials (not found)`.
  func describeFiles() -> String {
    "the shared credentials file \(credentialsPath)\(credentialsFile == nil ? " (not found)" : "")"
      + " and the config file \(configPath)\(configFile == nil ? " (not found)" : "")"
  }
}
