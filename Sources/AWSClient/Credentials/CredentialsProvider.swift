import Foundation

/// Hands out credentials, resolving them once and again before temporary ones expire, as the
/// AWS CLI does (botocore's `RefreshableCredentials`):
///
/// - more than 15 minutes left: the cached credentials;
/// - 10 to 15 minutes left (advisory window): one caller refreshes while the others keep using
///   the current credentials; a failed refresh is logged and the current ones stay in use
///   (tried again a minute later);
/// - less than 10 minutes left (mandatory window): every caller waits for the one refresh, and
///   its failure is thrown.
///
/// One refresh at a time: concurrent callers share it, so a burst of requests during a long
/// deploy assumes a role (or reads the instance metadata) once.
///
/// ```swift
/// let provider = CredentialsProvider { try await chain.resolve() }
/// let credentials = try await provider.credentials()  // resolves; later calls reuse or refresh
/// ```
public actor CredentialsProvider {
  /// Seconds before expiry from which a refresh is attempted without blocking others.
  public static let advisoryRefreshWindow: TimeInterval = 15 * 60
  /// Seconds before expiry from which every caller waits for fresh credentials.
  public static let mandatoryRefreshWindow: TimeInterval = 10 * 60
  /// Seconds between two refresh attempts in the advisory window after one failed.
  static let advisoryRetryDelay: TimeInterval = 60

  private let resolveCredentials: @Sendable () async throws -> AWSCredentials
  private let now: @Sendable () -> Date
  private let log: @Sendable (String) -> Void
  private var cached: AWSCredentials?
  private var inFlight: Task<AWSCredentials, Error>?
  private var nextAdvisoryAttempt: Date?

  /// How many times credentials were resolved (the first time included).
  public private(set) var resolutionCount = 0

  /// Creates a provider around a resolving closure (usually ``CredentialChain/resolve()``).
  /// `log` receives one line when a refresh in the advisory window fails; never secrets.
  public init(
    now: @escaping @Sendable () -> Date = { Date() },
    log: @escaping @Sendable (String) -> Void = { _ in },
    resolve: @escaping @Sendable () async throws -> AWSCredentials
  ) {
    self.now = now
    self.log = log
    self.resolveCredentials = resolve
  }

  /// A provider that always returns `credentials`.
  public static func fixed(_ credentials: AWSCredentials) -> CredentialsProvider {
    CredentialsProvider { credentials }
  }

  /// Valid credentials.
  public func credentials() async throws -> AWSCredentials {
    guard let cached else { return try await refresh() }
    guard let expiration = cached.expiration else { return cached }
    let remaining = expiration.timeIntervalSince(now())
    if remaining >= Self.advisoryRefreshWindow { return cached }
    if remaining >= Self.mandatoryRefreshWindow {
      if inFlight != nil { return cached }
      if let next = nextAdvisoryAttempt, now() < next { return cached }
      do {
        return try await refresh()
      } catch {
        nextAdvisoryAttempt = now().addingTimeInterval(Self.advisoryRetryDelay)
        log(
          "refreshing the credentials from \(cached.source) failed (\(error)); the current ones "
            + "stay in use until \(Int(remaining - Self.mandatoryRefreshWindow))s before they expire"
        )
        return cached
      }
    }
    return try await refresh()
  }

  private func refresh() async throws -> AWSCredentials {
    if let inFlight { return try await inFlight.value }
    let resolve = resolveCredentials
    let task = Task { try await resolve() }
    inFlight = task
    defer { inFlight = nil }
    resolutionCount += 1
    let fresh = try await task.value
    if let expiration = fresh.expiration, expiration <= now() {
      throw AWSClientError.credentialSource(
        "the credentials from \(fresh.source) are already expired (expiration "
          + "\(AWSTimestamp.iso8601(expiration)))")
    }
    cached = fresh
    nextAdvisoryAttempt = nil
    return fresh
  }
}
