import Foundation
import IAM
import LocalHTTP
import NIOConcurrencyHelpers

/// Finds the secret and the principal of an access key through the emulator's
/// `GET /_facestack/credentials/<access-key-id>` (docs/local-cloud.md), and keeps what it found
/// for a short while: a session until it expires, a user's key for `cacheLifetime` (or until
/// ``invalidate()``, which the gateway calls after any IAM or STS write passing through it).
/// Unknown keys are never cached: a key created a moment ago is found at once.
///
/// ```swift
/// let directory = CredentialDirectory(emulator: HTTPClient(host: "127.0.0.1", port: 5000))
/// let issued = try await directory.credentials(for: "AKIA…")   // nil: not a key moto issued
/// ```
public final class CredentialDirectory: Sendable {
  private let emulator: HTTPClient
  private let cacheLifetime: TimeInterval
  private let now: @Sendable () -> Date
  private let cache = NIOLockedValueBox<[String: (credentials: IssuedCredentials, until: Date)]>([:]
  )

  /// A directory asking `emulator`.
  public init(
    emulator: HTTPClient, cacheLifetime: TimeInterval = 30,
    now: @escaping @Sendable () -> Date = { Date() }
  ) {
    self.emulator = emulator
    self.cacheLifetime = cacheLifetime
    self.now = now
  }

  /// The credentials the emulator issued as `accessKeyID`, or nil when it issued none.
  public func credentials(for accessKeyID: String) async throws(CredentialLookupError)
    -> IssuedCredentials?
  {
    let clock = now()
    if let hit = cache.withLockedValue({ $0[accessKeyID] }), hit.until > clock {
      return hit.credentials
    }
    let response: LocalHTTP.HTTPResponse
    do {
      response = try await emulator.send(
        LocalHTTP.HTTPRequest(
          method: "GET",
          target: "/_facestack/credentials/"
            + (accessKeyID.addingPercentEncoding(withAllowedCharacters: .alphanumerics)
              ?? accessKeyID)),
        timeout: .seconds(10))
    } catch {
      throw CredentialLookupError(
        "the emulator did not answer the credentials lookup of \(accessKeyID): \(error)")
    }
    if response.status == 404 { return nil }
    guard response.status == 200 else {
      throw CredentialLookupError(
        "the emulator answered \(response.status) to the credentials lookup of \(accessKeyID)")
    }
    let credentials = try Self.decode(response.body, accessKeyID)
    var until = clock.addingTimeInterval(cacheLifetime)
    if let expiration = credentials.expiration { until = min(until, expiration) }
    cache.withLockedValue { $0[accessKeyID] = (credentials, until) }
    return credentials
  }

  /// Forgets every key (after a write to IAM or STS).
  public func invalidate() {
    cache.withLockedValue { $0.removeAll() }
  }

  private struct Answer: Decodable {
    var accessKeyId: String
    var secretAccessKey: String
    var sessionToken: String?
    var expiration: String?
    var accountId: String
    var principal: Principal
    var sessionPolicy: String?

    struct Principal: Decodable {
      var type: String
      var arn: String
      var userName: String?
      var roleArn: String?
      var roleName: String?
      var sessionName: String?
    }
  }

  static func decode(_ body: [UInt8], _ accessKeyID: String) throws(CredentialLookupError)
    -> IssuedCredentials
  {
    let answer: Answer
    do {
      answer = try JSONDecoder().decode(Answer.self, from: Data(body))
    } catch {
      throw CredentialLookupError(
        "the emulator's credentials of \(accessKeyID) cannot be read: \(error)")
    }
    var expiration: Date?
    if let text = answer.expiration {
      let formatter = ISO8601DateFormatter()
      guard let date = formatter.date(from: text) else {
        throw CredentialLookupError(
          "the expiration '\(text)' of \(accessKeyID) is not an ISO 8601 date")
      }
      expiration = date
    }
    let principal: RequestPrincipal
    switch answer.principal.type {
    case "user":
      principal = .user(arn: answer.principal.arn)
    case "assumed-role":
      guard let roleARN = answer.principal.roleArn, let session = answer.principal.sessionName
      else {
        throw CredentialLookupError("the session \(accessKeyID) has no roleArn or sessionName")
      }
      principal = RequestPrincipal(
        kind: .assumedRole, arn: answer.principal.arn, account: answer.accountId,
        roleARN: roleARN, sessionName: session)
    default:
      throw CredentialLookupError(
        "unknown principal type '\(answer.principal.type)' of \(accessKeyID)")
    }
    return IssuedCredentials(
      accessKeyID: answer.accessKeyId, secretAccessKey: answer.secretAccessKey,
      sessionToken: answer.sessionToken, expiration: expiration, accountID: answer.accountId,
      principal: principal, sessionPolicy: answer.sessionPolicy)
  }
}

/// The emulator could not say who a key is (it is down, or answered nonsense): the request is
/// refused, never let through.
public struct CredentialLookupError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What went wrong.
  public var message: String
  init(_ message: String) { self.message = message }
  /// The message.
  public var description: String { message }
}
