import Foundation

/// Everything the credential chain talks to besides the environment and the files: STS, the
/// SSO portal and SSO-OIDC, the metadata endpoints' transport, the program runner of
/// `credential_process`, and the MFA prompt. A struct of values, so each source can be tested
/// with stand-ins; ``AWSConfiguration/resolve(_:)`` builds the live one.
///
/// ```swift
/// var services = CredentialServices.unimplemented
/// services.assumeRole = { source, request in try await sts(source).assumeRole(request) }
/// let chain = try CredentialChain(
///   environment: env, sharedConfig: shared, fileSystem: files, services: services)
/// ```
public struct CredentialServices: Sendable {
  /// STS `AssumeRole`, signed with `source`.
  public var assumeRole:
    @Sendable (_ source: AWSCredentials, _ request: AssumeRoleRequest) async throws ->
      AWSCredentials
  /// STS `AssumeRoleWithWebIdentity`, unsigned.
  public var assumeRoleWithWebIdentity:
    @Sendable (AssumeRoleWithWebIdentityRequest) async throws -> AWSCredentials
  /// The SSO portal (`GetRoleCredentials`).
  public var sso: SSOClient
  /// SSO-OIDC (`CreateToken`).
  public var ssoOIDC: SSOOIDCClient
  /// HTTP to the container endpoint and the instance metadata service.
  public var metadataTransport: HTTPTransport
  /// Waits between attempts at the container endpoint.
  public var sleep: @Sendable (Double) async throws -> Void
  /// Runs `credential_process`.
  public var processRunner: CredentialProcessRunner
  /// Asks for MFA codes.
  public var mfaPrompt: MFAPrompt

  /// Creates services from their parts.
  public init(
    assumeRole:
      @escaping @Sendable (_ source: AWSCredentials, _ request: AssumeRoleRequest) async throws ->
      AWSCredentials,
    assumeRoleWithWebIdentity:
      @escaping @Sendable (AssumeRoleWithWebIdentityRequest) async throws -> AWSCredentials,
    sso: SSOClient, ssoOIDC: SSOOIDCClient, metadataTransport: HTTPTransport,
    sleep: @escaping @Sendable (Double) async throws -> Void = { seconds in
      try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
    },
    processRunner: CredentialProcessRunner = .live, mfaPrompt: MFAPrompt = .terminal
  ) {
    self.assumeRole = assumeRole
    self.assumeRoleWithWebIdentity = assumeRoleWithWebIdentity
    self.sso = sso
    self.ssoOIDC = ssoOIDC
    self.metadataTransport = metadataTransport
    self.sleep = sleep
    self.processRunner = processRunner
    self.mfaPrompt = mfaPrompt
  }

  /// The live services: STS and SSO through `sender` (its endpoints, retries and log), the
  /// metadata endpoints through `metadataTransport`.
  public static func live(
    sender: SignedRequestSender, metadataTransport: HTTPTransport,
    processRunner: CredentialProcessRunner = .live, mfaPrompt: MFAPrompt = .terminal
  ) -> CredentialServices {
    let unsigned = {
      var copy = sender.unsigned()
      copy.credentials = CredentialsProvider {
        throw AWSClientError.unimplemented("credentials for an unsigned request")
      }
      return copy
    }()
    return CredentialServices(
      assumeRole: { source, request in
        var signed = sender
        signed.credentials = .fixed(source)
        return try await STSClient.live(signed).assumeRole(request)
      },
      assumeRoleWithWebIdentity: {
        try await STSClient.live(unsigned).assumeRoleWithWebIdentity($0)
      },
      sso: .live(unsigned), ssoOIDC: .live(unsigned), metadataTransport: metadataTransport,
      sleep: sender.retry.sleep, processRunner: processRunner, mfaPrompt: mfaPrompt)
  }

  /// Services whose every call throws ``AWSClientError/unimplemented(_:)``; tests replace what
  /// they expect to be called. `credential_process` is not run and no MFA code is given.
  public static var unimplemented: CredentialServices {
    CredentialServices(
      assumeRole: { _, _ in throw AWSClientError.unimplemented("sts AssumeRole") },
      assumeRoleWithWebIdentity: { _ in
        throw AWSClientError.unimplemented("sts AssumeRoleWithWebIdentity")
      },
      sso: SSOClient { _, _ in throw AWSClientError.unimplemented("sso GetRoleCredentials") },
      ssoOIDC: SSOOIDCClient { _, _ in throw AWSClientError.unimplemented("sso-oidc CreateToken") },
      metadataTransport: HTTPTransport { request in
        throw AWSClientError.unimplemented("\(request.method) \(request.url.absoluteString)")
      },
      sleep: { _ in },
      processRunner: CredentialProcessRunner { arguments, _ in
        throw AWSClientError.unimplemented("credential_process \(arguments.first ?? "")")
      },
      mfaPrompt: MFAPrompt { serial, _ in
        throw AWSClientError.unimplemented("mfa code for \(serial)")
      })
  }
}
