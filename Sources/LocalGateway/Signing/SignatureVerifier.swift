import AWSClient
import Foundation
import LocalHTTP

/// Verifies a request's SigV4 signature with the credentials the local cloud issued for its
/// key, as AWS does: the session token must be the key's, an expired session is refused, the
/// request time may be 15 minutes off (a presigned URL is good until `X-Amz-Expires`), and the
/// signature must be the one the canonical request gives. The canonical request and signing
/// key are `AWSClient`'s (``SigV4Signer``), not a second implementation.
///
/// ```swift
/// let verifier = SignatureVerifier()
/// let verified = try verifier.verify(request, parts, credentials)
/// ```
public struct SignatureVerifier: Sendable {
  /// The gateway's clock.
  public var now: @Sendable () -> Date
  /// How far the request time may be from the clock: AWS allows 15 minutes.
  public var allowedSkew: TimeInterval

  /// A verifier.
  public init(now: @escaping @Sendable () -> Date = { Date() }, allowedSkew: TimeInterval = 900) {
    self.now = now
    self.allowedSkew = allowedSkew
  }

  /// What verification established.
  public struct Verified: Sendable {
    /// The parts.
    public var parts: SignatureParts
    /// The declared payload hash: a hex SHA-256, `UNSIGNED-PAYLOAD`, or a `STREAMING-…` value.
    public var payloadHash: String
    /// A signer with the key's credentials and the request's scope (for chunk signatures).
    public var signer: SigV4Signer
  }

  /// Verifies `request` signed as `parts` with `credentials`.
  public func verify(
    _ request: LocalHTTP.HTTPRequest, _ parts: SignatureParts, _ credentials: IssuedCredentials
  ) throws(AuthenticationError) -> Verified {
    let clock = now()
    if let token = credentials.sessionToken {
      guard let sent = parts.sessionToken else {
        throw AuthenticationError(
          .invalidToken, "The security token included in the request is invalid.")
      }
      guard sent == token else {
        throw AuthenticationError(
          .invalidToken, "The security token included in the request is invalid.")
      }
    } else if parts.sessionToken != nil {
      throw AuthenticationError(
        .invalidToken, "The security token included in the request is invalid.")
    }
    if let expiration = credentials.expiration, expiration <= clock {
      throw AuthenticationError(
        .expiredToken, "The security token included in the request is expired")
    }
    switch parts.form {
    case .header:
      if abs(parts.date.timeIntervalSince(clock)) > allowedSkew {
        throw AuthenticationError(
          .requestTimeTooSkewed,
          "Signature expired: \(parts.amzDate) is now earlier than or later than the current "
            + "time by more than 15 minutes. The difference between the request time and the "
            + "current time is too large.")
      }
    case .presigned:
      if parts.date.timeIntervalSince(clock) > allowedSkew {
        throw AuthenticationError(
          .requestTimeTooSkewed, "Request is not yet valid (X-Amz-Date \(parts.amzDate))")
      }
      if let expires = parts.expires, clock.timeIntervalSince(parts.date) > TimeInterval(expires) {
        throw AuthenticationError(.presignedURLExpired, "Request has expired")
      }
    }
    let s3 = parts.service == "s3"
    let query = QueryItems(request.rawQuery).items.filter {
      parts.form == .header || $0.name != "X-Amz-Signature"
    }
    let headers = parts.signedHeaders.flatMap { name in
      request.headers.filter { $0.name.lowercased() == name }.map { (name: name, value: $0.value) }
    }
    let declared: String
    if let header = request.header("x-amz-content-sha256") {
      declared = header
    } else if parts.form == .presigned {
      declared = QueryItems(request.rawQuery).first("X-Amz-Content-Sha256") ?? ""
    } else {
      declared = ""
    }
    let signer = SigV4Signer(
      credentials: AWSCredentials(
        accessKeyID: credentials.accessKeyID, secretAccessKey: credentials.secretAccessKey,
        sessionToken: credentials.sessionToken),
      region: parts.region, service: parts.service)
    // Without a declared hash the body's hash is signed; a presigned S3 URL signs
    // UNSIGNED-PAYLOAD, other presigned URLs either (the SDKs differ).
    var candidates: [String] = []
    if !declared.isEmpty {
      candidates = [declared]
    } else if parts.form == .presigned {
      candidates = s3 ? ["UNSIGNED-PAYLOAD"] : ["UNSIGNED-PAYLOAD", bodyHash(request)]
    } else {
      candidates = [bodyHash(request)]
    }
    let path = s3 ? PercentEncoding.decode(request.rawPath) : request.rawPath
    var matched: String?
    for payloadHash in candidates {
      let canonical = SigV4Signer.canonicalRequest(
        method: request.method, path: path, query: query, headers: headers,
        payloadHash: payloadHash, normalizePath: !s3)
      if constantTimeEquals(
        signer.signature(canonicalRequest: canonical, date: parts.date), parts.signature)
      {
        matched = payloadHash
        break
      }
    }
    guard let payloadHash = matched else {
      throw AuthenticationError(
        .signatureDoesNotMatch,
        "The request signature we calculated does not match the signature you provided. Check "
          + "your AWS Secret Access Key and signing method. Consult the service documentation "
          + "for details.")
    }
    if Self.isHexHash(payloadHash), payloadHash != bodyHash(request) {
      throw AuthenticationError(
        .contentMismatch,
        "The provided 'x-amz-content-sha256' header does not match what was computed.")
    }
    return Verified(parts: parts, payloadHash: payloadHash, signer: signer)
  }

  private func bodyHash(_ request: HTTPRequest) -> String {
    SigV4Signer.hexSHA256(Data(request.body))
  }

  static func isHexHash(_ text: String) -> Bool {
    text.utf8.count == 64
      && text.utf8.allSatisfy { byte in
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
          || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
      }
  }

  private func constantTimeEquals(_ a: String, _ b: String) -> Bool {
    let left = Array(a.utf8)
    let right = Array(b.utf8)
    guard left.count == right.count else { return false }
    var difference: UInt8 = 0
    for (x, y) in zip(left, right) { difference |= x ^ y }
    return difference == 0
  }
}
