import Foundation

/// A profile's `credential_process`: a program (run without a shell, its words split as
/// botocore splits them) that prints
///
/// ```json
/// {"Version": 1, "AccessKeyId": "...", "SecretAccessKey": "...", "SessionToken": "...",
///  "Expiration": "2026-11-29T06:00:00Z"}
/// ```
///
/// With `Expiration` the credentials are refreshed by running the program again. A program that
/// exits with a non-zero status is reported with its standard error.
struct ProcessCredentials {
  /// The profile's settings.
  var profile: [String: String]
  /// The profile's name.
  var profileName: String
  /// The variables the program gets on top of this process's.
  var environment: AWSEnvironment
  /// Runs the program.
  var runner: CredentialProcessRunner

  /// The program's credentials, nil when the profile has no `credential_process`.
  func load() async throws -> AWSCredentials? {
    guard let command = profile["credential_process"], !command.isEmpty else { return nil }
    let origin = "credential_process of profile \"\(profileName)\""
    let output = try await runner.run(try ShellWords.split(command), environment.variables)
    guard output.status == 0 else {
      let stderr = Self.oneLine(output.standardError)
      throw AWSClientError.credentialSource(
        "\(origin) failed (exit \(output.status)): "
          + (stderr.isEmpty ? "it wrote nothing on stderr" : stderr))
    }
    guard
      let object = try? JSONSerialization.jsonObject(with: output.standardOutput)
        as? [String: Any]
    else {
      throw AWSClientError.credentialSource("\(origin) did not print a JSON object")
    }
    guard let version = object["Version"] as? NSNumber, version.intValue == 1
    else {
      let shown = object["Version"].map { "\($0)" } ?? "no Version"
      throw AWSClientError.credentialSource(
        "\(origin) printed Version \(shown); the supported version is 1")
    }
    guard let keyID = object["AccessKeyId"] as? String,
      let secret = object["SecretAccessKey"] as? String
    else {
      throw AWSClientError.credentialSource(
        "\(origin) printed no AccessKeyId and SecretAccessKey")
    }
    var expiration: Date?
    if let text = object["Expiration"] as? String {
      guard let date = AWSTimestamp.parseISO8601(text) else {
        throw AWSClientError.credentialSource(
          "\(origin) printed Expiration \"\(text)\", which is not an ISO 8601 time")
      }
      expiration = date
    }
    return AWSCredentials(
      accessKeyID: keyID, secretAccessKey: secret, sessionToken: object["SessionToken"] as? String,
      expiration: expiration, source: "credential_process of profile \(profileName)",
      method: .process)
  }

  /// Standard error on one line, trimmed to 500 characters.
  static func oneLine(_ data: Data) -> String {
    let text = String(decoding: data, as: UTF8.self)
      .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }.joined(separator: " | ")
    return text.count > 500 ? String(text.prefix(500)) + "…" : text
  }
}
