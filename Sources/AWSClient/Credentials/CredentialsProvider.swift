import Foundation

/// Hands out credentials, resolving them once and again when temporary ones are within five
/// minutes of expiring. Concurrent callers share one resolution, so a burst of requests
/// assumes a role once.
public actor CredentialsProvider {
  private let resolveCredentials: @Sendable () async throws -> AWSCredentials
  private let now: @Sendable () -> Date
  private var cached: AWSCredentials?
  private var inFlight: Task<AWSCredentials, Error>?

  /// Creates a provider around a resolving closure (usually ``CredentialChain/resolve()``).
  public init(
    now: @escaping @Sendable () -> Date = { Date() },
    resolve: @escaping @Sendable () async throws -> AWSCredentials
  ) {
    self.now = now
    self.resolveCredentials = resolve
  }

  /// A provider that always returns `credentials`.
  public static func fixed(_ credentials: AWSCredentials) -> CredentialsProvider {
    CredentialsProvider { credentials }
  }

  /// Valid credentials.
  public func credentials() async throws -> AWSCredentials {
    if let cached {
      guard let expiration = cached.expiration else { return cached }
      if expiration.timeIntervalSince(now()) > 300 { return cached }
    }
    if let inFlight { return try await inFlight.value }
    let task = Task { try await resolveCredentials() }
    inFlight = task
    defer { inFlight = nil }
    let fresh = try await task.value
    cached = fresh
    return fresh
  }
}
