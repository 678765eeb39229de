import Foundation

/// The container credentials endpoint of ECS tasks, CodeBuild builds and EKS Pod Identity.
///
/// - `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`: a path on `http://169.254.170.2` (ECS, CodeBuild);
/// - `AWS_CONTAINER_CREDENTIALS_FULL_URI`: a whole URL, which must be `https`, or `http` on a
///   loopback address or one of the hosts AWS uses (`169.254.170.2`, `169.254.170.23`,
///   `fd00:ec2::23`, `localhost`), as botocore requires;
/// - the `Authorization` header from the file `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read on
///   every call: EKS rotates it), else `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
///
/// Three attempts, two seconds each, a second apart (botocore's numbers). When one of the URI
/// variables is set, failing to get credentials is an error, not a move to the next source.
struct ContainerCredentials {
  /// The environment.
  var environment: AWSEnvironment
  /// Reads the token file.
  var fileSystem: FileSystem
  /// Sends the request.
  var transport: HTTPTransport
  /// Waits between attempts.
  var sleep: @Sendable (Double) async throws -> Void

  /// ECS's credentials host.
  static let ecsHost = "169.254.170.2"
  /// Hosts allowed over plain http besides loopback addresses.
  static let allowedHosts: Set<String> = [ecsHost, "169.254.170.23", "fd00:ec2::23", "localhost"]
  /// Seconds an attempt may take.
  static let timeout: Double = 2
  /// Attempts in all.
  static let attempts = 3

  /// True when one of the URI variables is set.
  var isConfigured: Bool {
    environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] != nil
      || environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] != nil
  }

  /// The endpoint's URL, checked.
  func endpoint() throws -> URL {
    if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] {
      let path = relative.hasPrefix("/") ? relative : "/" + relative
      guard let url = URL(string: "http://\(Self.ecsHost)\(path)") else {
        throw AWSClientError.invalidConfiguration(
          "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI must be a path like /v2/credentials/ID, got "
            + "\"\(relative)\"")
      }
      return url
    }
    let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] ?? ""
    guard let url = URL(string: full), let scheme = url.scheme?.lowercased(), let host = url.host
    else {
      throw AWSClientError.invalidConfiguration(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI must be a url like http://169.254.170.23/v1/"
          + "credentials, got \"\(full)\"")
    }
    let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
    guard scheme == "https" || Self.isLoopback(bare) || Self.allowedHosts.contains(bare) else {
      throw AWSClientError.invalidConfiguration(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI must use https, a loopback address or one of "
          + Self.allowedHosts.sorted().joined(separator: ", ") + "; got host \(bare)")
    }
    return url
  }

  /// The `Authorization` value, if any.
  func authorization() throws -> String? {
    var token: String?
    if let file = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] {
      guard let text = fileSystem.readFile(file) else {
        throw AWSClientError.credentialSource(
          "cannot read the container authorization token file \(file) "
            + "(AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE)")
      }
      token = text.trimmingCharacters(in: .whitespacesAndNewlines)
    } else {
      token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"]
    }
    // Unicode scalars: "\r\n" is one Character, equal to neither "\r" nor "\n".
    if let token, token.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) {
      throw AWSClientError.invalidConfiguration(
        "the container authorization token contains a line break, which no header may hold")
    }
    return token
  }

  /// The container's credentials, nil when neither URI variable is set.
  func load() async throws -> AWSCredentials? {
    guard isConfigured else { return nil }
    let url = try endpoint()
    var headers = [HTTPHeader("Accept", "application/json")]
    if let token = try authorization() { headers.append(HTTPHeader("Authorization", token)) }
    let request = HTTPRequest(method: "GET", url: url, headers: headers)
    let shown =
      "\(url.scheme ?? "http")://\(url.host ?? "")\(url.port.map { ":\($0)" } ?? "")"
      + url.path
    var lastProblem = ""
    for attempt in 1...Self.attempts {
      if attempt > 1 { try await sleep(1) }
      do {
        let transport = transport
        let response = try await withDeadline(Self.timeout, "GET \(shown)") {
          try await transport.send(request)
        }
        guard response.statusCode == 200 else {
          lastProblem =
            "http \(response.statusCode): \(ErrorResponseParser.plainText(response.text).prefix(200))"
          continue
        }
        return try Self.decode(response.body, source: "container endpoint \(shown)")
      } catch let error as HTTPTransportError {
        lastProblem = error.message
      }
    }
    throw AWSClientError.credentialSource(
      "the container credentials endpoint \(shown) gave no credentials after \(Self.attempts) "
        + "attempts: \(lastProblem)")
  }

  static func decode(_ body: Data, source: String) throws -> AWSCredentials {
    guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
      let keyID = object["AccessKeyId"] as? String,
      let secret = object["SecretAccessKey"] as? String
    else {
      throw AWSClientError.credentialSource(
        "the \(source) answered without AccessKeyId and SecretAccessKey")
    }
    return AWSCredentials(
      accessKeyID: keyID, secretAccessKey: secret, sessionToken: object["Token"] as? String,
      expiration: (object["Expiration"] as? String).flatMap(AWSTimestamp.parseISO8601),
      source: source, method: .container)
  }

  /// 127.0.0.0/8 and ::1.
  static func isLoopback(_ host: String) -> Bool {
    if host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
    let parts = host.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 4, parts.allSatisfy({ UInt8($0) != nil }) else { return false }
    return parts[0] == "127"
  }
}
