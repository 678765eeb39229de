import Crypto
import Foundation
import NIOSSL
import SwiftASN1
import X509

/// The local cloud's own certificate authority and the gateway's server certificate, made once
/// per workspace under `.facestack/local/tls/`: `ca.pem` (what `AWS_CA_BUNDLE` names and a test
/// browser trusts), `server.pem` and `server-key.pem` (127.0.0.1 and localhost). Keys are P-256;
/// the CA is valid for ten years and can sign only the gateway's certificate (path length 0).
///
/// ```swift
/// let files = try CertificateAuthority.ensure(in: tlsFolder)
/// let context = try files.serverContext()
/// ```
public struct CertificateAuthority: Sendable {
  /// The CA certificate, PEM.
  public var caCertificate: URL
  /// The server certificate followed by the CA's, PEM.
  public var serverChain: URL
  /// The server's private key, PEM (mode 0600).
  public var serverKey: URL

  /// The files in `folder`, created when any is missing.
  public static func ensure(in folder: URL, now: Date = Date()) throws -> CertificateAuthority {
    let files = CertificateAuthority(
      caCertificate: folder.appendingPathComponent("ca.pem"),
      serverChain: folder.appendingPathComponent("server.pem"),
      serverKey: folder.appendingPathComponent("server-key.pem"))
    let manager = FileManager.default
    if [files.caCertificate, files.serverChain, files.serverKey].allSatisfy({
      manager.fileExists(atPath: $0.path)
    }) {
      return files
    }
    try manager.createDirectory(
      at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    let (ca, server, key) = try make(now: now)
    try Data((server + ca).utf8).write(to: files.serverChain, options: .atomic)
    try Data(key.utf8).write(to: files.serverKey, options: .atomic)
    try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: files.serverKey.path)
    // The CA last: its presence with the others means the set is complete.
    try Data(ca.utf8).write(to: files.caCertificate, options: .atomic)
    return files
  }

  /// A new CA, and a server certificate it signed: PEM texts of the CA, the server certificate
  /// and the server's key.
  static func make(now: Date) throws -> (ca: String, server: String, serverKey: String) {
    let caKey = P256.Signing.PrivateKey()
    let caName = try DistinguishedName {
      OrganizationName("facestack")
      CommonName("facestack local cloud CA")
    }
    let caPublicKey = Certificate.PublicKey(caKey.publicKey)
    let caIdentifier = SubjectKeyIdentifier(hash: caPublicKey)
    let ca = try Certificate(
      version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: caPublicKey,
      notValidBefore: now.addingTimeInterval(-3600),
      notValidAfter: now.addingTimeInterval(10 * 365 * 86_400), issuer: caName, subject: caName,
      signatureAlgorithm: .ecdsaWithSHA256,
      extensions: try Certificate.Extensions {
        Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
        Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
        caIdentifier
      },
      issuerPrivateKey: Certificate.PrivateKey(caKey))

    let serverKey = P256.Signing.PrivateKey()
    let serverPublicKey = Certificate.PublicKey(serverKey.publicKey)
    let serverName = try DistinguishedName {
      OrganizationName("facestack")
      CommonName("localhost")
    }
    let server = try Certificate(
      version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: serverPublicKey,
      notValidBefore: now.addingTimeInterval(-3600),
      notValidAfter: now.addingTimeInterval(825 * 86_400), issuer: caName, subject: serverName,
      signatureAlgorithm: .ecdsaWithSHA256,
      extensions: try Certificate.Extensions {
        Critical(BasicConstraints.notCertificateAuthority)
        Critical(KeyUsage(digitalSignature: true))
        try ExtendedKeyUsage([.serverAuth])
        SubjectAlternativeNames([
          .dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
        ])
        SubjectKeyIdentifier(hash: serverPublicKey)
        AuthorityKeyIdentifier(keyIdentifier: caIdentifier.keyIdentifier)
      },
      issuerPrivateKey: Certificate.PrivateKey(caKey))
    // PEM texts end with a newline, so that they concatenate into a chain.
    func pem(_ text: String) -> String { text.hasSuffix("\n") ? text : text + "\n" }
    return (
      pem(try ca.serializeAsPEM().pemString), pem(try server.serializeAsPEM().pemString),
      pem(serverKey.pemRepresentation)
    )
  }
}

extension CertificateAuthority {
  /// The TLS context a server presents these files with.
  public func serverContext() throws -> NIOSSLContext {
    let chain = try NIOSSLCertificate.fromPEMFile(serverChain.path)
    let key = try NIOSSLPrivateKey(file: serverKey.path, format: .pem)
    var configuration = TLSConfiguration.makeServerConfiguration(
      certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
    configuration.minimumTLSVersion = .tlsv12
    return try NIOSSLContext(configuration: configuration)
  }
}
