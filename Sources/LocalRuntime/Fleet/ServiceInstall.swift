import Foundation

/// What a fleet instance installs, read from its launch template's user data — the script
/// `RecognitionFleet` (stacks/FaceRecognition/Fleet.swift) writes, as CloudFormation resolved
/// it: the service's package in S3, its pinned requirements, and `/etc/facestack/service.env`.
/// The local cloud runs the same package with the same variables; a script of another shape
/// is not run (and said so).
///
/// ```swift
/// let install = try ServiceInstall.parse(userData: script)
/// install.package   // (bucket: "facestack-dev-assets-...", key: "assets/1050....zip")
/// ```
struct ServiceInstall: Sendable, Equatable {
  /// The service's zip (`aws s3 cp s3://bucket/key /tmp/service.zip`).
  var package: (bucket: String, key: String)
  /// The `requirements.txt` the script writes (pinned).
  var requirements: String
  /// The service's variables, in order (`service.env`).
  var environment: [(name: String, value: String)]

  static func == (lhs: ServiceInstall, rhs: ServiceInstall) -> Bool {
    lhs.package == rhs.package && lhs.requirements == rhs.requirements
      && lhs.environment.map { "\($0.name)=\($0.value)" }
        == rhs.environment.map { "\($0.name)=\($0.value)" }
  }

  /// The install that `userData` (the decoded script) describes.
  static func parse(userData: String) throws -> ServiceInstall {
    let lines = userData.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard
      let copy = lines.first(where: {
        $0.contains("aws s3 cp") && $0.contains("s3://") && $0.contains("service.zip")
      }),
      let url = copy.split(separator: " ").first(where: { $0.hasPrefix("s3://") })
    else {
      throw FleetError.unrecognizedUserData("no 'aws s3 cp s3://... service.zip' line")
    }
    let path = url.dropFirst("s3://".count)
    guard let slash = path.firstIndex(of: "/") else {
      throw FleetError.unrecognizedUserData("\(url) is not an s3://bucket/key URL")
    }
    let requirements = try heredoc("REQUIREMENTS", in: lines)
    let environment = try heredoc("ENVIRONMENT", in: lines).split(separator: "\n").compactMap {
      line -> (name: String, value: String)? in
      let text = String(line)
      guard !text.hasPrefix("#"), let equals = text.firstIndex(of: "=") else { return nil }
      return (String(text[..<equals]), String(text[text.index(after: equals)...]))
    }
    return ServiceInstall(
      package: (String(path[..<slash]), String(path[path.index(after: slash)...])),
      requirements: requirements, environment: environment)
  }

  /// The body of `cat > ... <<'MARKER'` ... `MARKER`.
  private static func heredoc(_ marker: String, in lines: [String]) throws -> String {
    guard let start = lines.firstIndex(where: { $0.hasSuffix("<<'\(marker)'") }),
      let end = lines[(start + 1)...].firstIndex(where: {
        $0.trimmingCharacters(in: .whitespaces) == marker
      })
    else {
      throw FleetError.unrecognizedUserData("no <<'\(marker)' block")
    }
    return lines[(start + 1)..<end].joined(separator: "\n") + "\n"
  }
}

/// Why a group's instances cannot run locally.
enum FleetError: Error, Sendable, CustomStringConvertible {
  /// The user data is not the service's install script.
  case unrecognizedUserData(String)
  /// The group, its launch template or its profile cannot be read.
  case notDeployed(String)

  var description: String {
    switch self {
    case .unrecognizedUserData(let reason):
      return "the launch template's user data is not facestack's service install: \(reason)"
    case .notDeployed(let reason): return reason
    }
  }
}
