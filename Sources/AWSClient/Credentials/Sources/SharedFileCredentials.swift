/// Keys written in a profile of the shared credentials file or of the config file
/// (`aws_access_key_id`, `aws_secret_access_key`, and `aws_security_token` or
/// `aws_session_token`). The two files are two sources of the chain: the credentials file comes
/// before `credential_process`, the config file after it, as in botocore.
struct SharedFileCredentials {
  /// The profile's section in one file (nil when the file lacks it).
  var section: [String: String]?
  /// The profile's name.
  var profileName: String
  /// The file, for messages.
  var path: String
  /// Which of the two files.
  var method: CredentialMethod

  /// The keys, nil when the section has no `aws_access_key_id`.
  func load() throws -> AWSCredentials? {
    guard let section, let keyID = section["aws_access_key_id"], !keyID.isEmpty else {
      return nil
    }
    guard let secret = section["aws_secret_access_key"], !secret.isEmpty else {
      throw AWSClientError.invalidConfiguration(
        "profile \"\(profileName)\" in \(path) has aws_access_key_id but no "
          + "aws_secret_access_key")
    }
    let token = [section["aws_security_token"], section["aws_session_token"]]
      .compactMap { $0 }.first { !$0.isEmpty }
    return AWSCredentials(
      accessKeyID: keyID, secretAccessKey: secret, sessionToken: token,
      source: "profile \(profileName)", method: method)
  }

  /// True when a profile has keys of its own (what lets `source_profile` name itself).
  static func hasKeys(_ profile: [String: String]) -> Bool {
    profile["aws_access_key_id"] != nil || profile["aws_secret_access_key"] != nil
  }
}
