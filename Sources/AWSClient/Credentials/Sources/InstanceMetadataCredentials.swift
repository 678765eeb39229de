import Foundation

/// The EC2 instance profile's credentials from the instance metadata service, IMDSv2 first:
/// a session token (`PUT /latest/api/token`, six hours) sent with every `GET` as
/// `x-aws-ec2-metadata-token`, then the role's name and its credentials under
/// `/latest/meta-data/iam/security-credentials/`.
///
/// The token is kept until it expires and fetched again when the service answers 401. An
/// endpoint that refuses tokens (403, 404, 405) is asked without one (IMDSv1) unless
/// `AWS_EC2_METADATA_V1_DISABLED` forbids it. No answer within the timeout (off EC2) means no
/// credentials here, as in botocore; an actor, so one token serves concurrent refreshes.
actor InstanceMetadataCredentials {
  /// Where and how to ask.
  let settings: InstanceMetadataSettings
  /// Sends the requests.
  let transport: HTTPTransport
  /// The clock, for the token's lifetime.
  let now: @Sendable () -> Date
  private var token: (value: String, expires: Date)?

  /// The token lifetime asked for, in seconds (botocore's).
  static let tokenLifetime = 21_600
  static let credentialsPath = "/latest/meta-data/iam/security-credentials/"

  init(
    settings: InstanceMetadataSettings, transport: HTTPTransport,
    now: @escaping @Sendable () -> Date
  ) {
    self.settings = settings
    self.transport = transport
    self.now = now
  }

  /// What one look at the service found.
  enum Outcome: Sendable {
    case credentials(AWSCredentials)
    /// Why there are none, for the "no credentials found" message.
    case unavailable(String)
  }

  /// Where the service is, for messages.
  nonisolated var endpointText: String { settings.endpoint.absoluteString }

  /// The instance profile's credentials, or why there are none.
  func load() async -> Outcome {
    if settings.disabled { return .unavailable("disabled by AWS_EC2_METADATA_DISABLED") }
    do {
      var session = try await sessionToken()
      var roleAnswer = try await get(Self.credentialsPath, token: session)
      if roleAnswer.statusCode == 401, session != nil {
        // The cached token expired or was revoked: one new token, one more try.
        token = nil
        session = try await sessionToken()
        roleAnswer = try await get(Self.credentialsPath, token: session)
      }
      guard roleAnswer.statusCode == 200,
        let role = roleAnswer.text.split(whereSeparator: \.isNewline).first.map(String.init),
        !role.isEmpty
      else {
        return .unavailable(
          roleAnswer.statusCode == 404
            ? "no instance profile attached" : "http \(roleAnswer.statusCode) for the role name")
      }
      let answer = try await get(Self.credentialsPath + role, token: session)
      guard answer.statusCode == 200 else {
        return .unavailable("http \(answer.statusCode) for the credentials of role \(role)")
      }
      guard let object = try? JSONSerialization.jsonObject(with: answer.body) as? [String: Any],
        (object["Code"] as? String ?? "Success") == "Success",
        let keyID = object["AccessKeyId"] as? String,
        let secret = object["SecretAccessKey"] as? String,
        let sessionToken = object["Token"] as? String,
        let expiration = (object["Expiration"] as? String).flatMap(AWSTimestamp.parseISO8601)
      else {
        return .unavailable("the credentials of role \(role) are incomplete")
      }
      return .credentials(
        AWSCredentials(
          accessKeyID: keyID, secretAccessKey: secret, sessionToken: sessionToken,
          expiration: expiration, source: "instance profile role \(role)",
          method: .instanceMetadata))
    } catch let error as Unavailable {
      return .unavailable(error.reason)
    } catch {
      return .unavailable("\(error)")
    }
  }

  /// A valid session token, nil to go on without one (IMDSv1).
  private func sessionToken() async throws -> String? {
    if let token, token.expires > now() { return token.value }
    let request = HTTPRequest(
      method: "PUT", url: url("/latest/api/token"),
      headers: [HTTPHeader("x-aws-ec2-metadata-token-ttl-seconds", String(Self.tokenLifetime))])
    let response = try await send(request)
    switch response.statusCode {
    case 200 where !response.body.isEmpty:
      // A minute's margin, so a token is never used as it expires.
      token = (response.text, now().addingTimeInterval(TimeInterval(Self.tokenLifetime - 60)))
      return response.text
    case 403, 404, 405:
      guard !settings.v1Disabled else {
        throw Unavailable(
          reason: "it refused a session token (http \(response.statusCode)) and "
            + "AWS_EC2_METADATA_V1_DISABLED forbids asking without one")
      }
      return nil
    default:
      throw Unavailable(reason: "http \(response.statusCode) for a session token")
    }
  }

  private func get(_ path: String, token: String?) async throws -> HTTPResponse {
    var headers: [HTTPHeader] = []
    if let token { headers.append(HTTPHeader("x-aws-ec2-metadata-token", token)) }
    return try await send(HTTPRequest(method: "GET", url: url(path), headers: headers))
  }

  private func send(_ request: HTTPRequest) async throws -> HTTPResponse {
    var last = ""
    for _ in 0..<settings.attempts {
      do {
        let transport = transport
        let response = try await withDeadline(settings.timeout, "\(request.method) \(endpointText)")
        { try await transport.send(request) }
        if response.statusCode < 500 { return response }
        last = "http \(response.statusCode)"
      } catch let error as HTTPTransportError {
        last = error.message
      }
    }
    throw Unavailable(reason: last)
  }

  private func url(_ path: String) -> URL {
    var text = settings.endpoint.absoluteString
    while text.hasSuffix("/") { text.removeLast() }
    return URL(string: text + path) ?? settings.endpoint
  }

  /// No usable answer; the reason goes into the chain's message.
  private struct Unavailable: Error {
    var reason: String
  }
}
