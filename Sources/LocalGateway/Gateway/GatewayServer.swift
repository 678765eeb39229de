import LocalHTTP
import NIOSSL

/// Serves a ``Gateway`` over HTTPS on loopback with the local certificate authority's server
/// certificate (`aws:SecureTransport` is then true).
///
/// ```swift
/// let authority = try CertificateAuthority.ensure(in: tlsFolder)
/// let server = try await GatewayServer.start(gateway, port: 0, tls: try authority.serverContext())
/// // AWS_ENDPOINT_URL=https://127.0.0.1:\(server.port) AWS_CA_BUNDLE=\(authority.caCertificate.path)
/// ```
public enum GatewayServer {
  /// Starts serving `gateway` on `host:port` (`0`: a free port); plain HTTP when `tls` is nil
  /// (tests only: every request is then `aws:SecureTransport` false).
  public static func start(
    _ gateway: Gateway, host: String = "127.0.0.1", port: Int = 0, tls: NIOSSLContext?
  ) async throws -> HTTPServer {
    try await HTTPServer.start(host: host, port: port, tls: tls) { request in
      await gateway.handle(request)
    }
  }
}
