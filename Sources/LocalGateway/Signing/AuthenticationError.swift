/// Why a request's signature or credentials were refused, as AWS names it: the code a client
/// sees (`SignatureDoesNotMatch`, `InvalidClientTokenId`, ...) and AWS's message.
public struct AuthenticationError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What went wrong.
  public enum Kind: String, Hashable, Sendable, CaseIterable {
    /// No `Authorization` header nor presigned query (non-S3 services).
    case missingAuthenticationToken
    /// The `Authorization` header or presigned query lacks a part.
    case incompleteSignature
    /// The access key is not one the local cloud issued.
    case unknownAccessKey
    /// The session token is missing, or not the key's.
    case invalidToken
    /// The session has expired.
    case expiredToken
    /// The signature is not the one the key makes.
    case signatureDoesNotMatch
    /// `X-Amz-Date` is more than 15 minutes away from the gateway's clock.
    case requestTimeTooSkewed
    /// A presigned URL past its `X-Amz-Expires`.
    case presignedURLExpired
    /// `x-amz-content-sha256` is not the body's hash, or a chunk or trailer checksum is wrong.
    case contentMismatch
    /// The request cannot be read (a malformed `aws-chunked` body, a bad date).
    case malformedRequest
  }

  /// The kind.
  public var kind: Kind
  /// AWS's message, with the detail that explains it.
  public var message: String

  /// An error.
  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  /// The error code a client of `service` sees (S3 names some differently) and the HTTP status.
  public func code(forService service: String) -> (code: String, status: Int) {
    let s3 = service == "s3"
    switch kind {
    case .missingAuthenticationToken:
      return s3 ? ("AccessDenied", 403) : ("MissingAuthenticationToken", 403)
    case .incompleteSignature:
      return s3 ? ("AuthorizationHeaderMalformed", 400) : ("IncompleteSignature", 400)
    case .unknownAccessKey: return s3 ? ("InvalidAccessKeyId", 403) : ("InvalidClientTokenId", 403)
    case .invalidToken: return s3 ? ("InvalidToken", 400) : ("InvalidClientTokenId", 403)
    case .expiredToken: return s3 ? ("ExpiredToken", 400) : ("ExpiredTokenException", 403)
    case .signatureDoesNotMatch: return ("SignatureDoesNotMatch", 403)
    case .requestTimeTooSkewed: return ("RequestTimeTooSkewed", 403)
    case .presignedURLExpired: return ("AccessDenied", 403)
    case .contentMismatch:
      return s3 ? ("XAmzContentSHA256Mismatch", 400) : ("InvalidSignatureException", 400)
    case .malformedRequest: return s3 ? ("InvalidRequest", 400) : ("InvalidRequest", 400)
    }
  }

  /// `code: message`.
  public var description: String { "\(kind.rawValue): \(message)" }
}
