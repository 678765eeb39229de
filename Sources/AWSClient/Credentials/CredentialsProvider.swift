import Foundation

/// Hands out credentials, resolving them once and again when temporary ones are within five
/// minutes of expiring.
public actor CredentialsProvider {
  private let resolveCredentials: @Sendable () async throws -> AWSCredentials
  private let now: @Sendable () -> Date
  private var cached: AWSCredentials?

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
    let fresh = try await resolveCredentials()
    cached = fresh
    return fresh
  }
}
