import Foundation

/// One HTTP request as the signer sees it: decoded path and query, headers in sending order and
/// the body.
///
/// The path is the *decoded* URI path (`/bucket/my key.zip`, not `/bucket/my%20key.zip`); the
/// signer percent-encodes it once, which is what S3 verifies and what AWS's test suite expects.
/// The HTTP layer builds the wire URL from the same path with ``PercentEncoding``, so what is
/// sent is what was signed.
public struct SigningRequest: Sendable, Equatable {
  /// `GET`, `POST`, `PUT`, `HEAD`, `DELETE`.
  public var method: String
  /// The decoded URI path, starting with `/`.
  public var path: String
  /// Decoded query parameters, in the order they are sent.
  public var query: [(name: String, value: String)]
  /// Headers in sending order; repeated names are allowed. Must include `Host`.
  public var headers: [(name: String, value: String)]
  /// The payload.
  public var body: Data

  /// Creates a request to sign.
  public init(
    method: String, path: String, query: [(name: String, value: String)] = [],
    headers: [(name: String, value: String)], body: Data = Data()
  ) {
    self.method = method
    self.path = path
    self.query = query
    self.headers = headers
    self.body = body
  }

  public static func == (lhs: SigningRequest, rhs: SigningRequest) -> Bool {
    lhs.method == rhs.method && lhs.path == rhs.path && lhs.body == rhs.body
      && lhs.query.elementsEqual(rhs.query, by: { $0 == $1 })
      && lhs.headers.elementsEqual(rhs.headers, by: { $0 == $1 })
  }
}

/// How a service wants its requests signed. Most services use ``standard``; S3 uses ``s3``.
public struct SigningOptions: Sendable, Equatable {
  /// Remove `.`/`..` segments and empty segments from the path before signing. S3 keys are
  /// signed verbatim, so S3 turns this off.
  public var normalizePath: Bool
  /// Send and sign `x-amz-content-sha256` (S3 requires it).
  public var addContentSHA256Header: Bool
  /// Sign `UNSIGNED-PAYLOAD` instead of the body's hash (S3 only).
  public var unsignedPayload: Bool
  /// Add the session token after signing instead of signing it (a few services, and the
  /// suite's `post-sts-header-after` case, want it so).
  public var omitSessionTokenFromSignature: Bool

  /// Creates options.
  public init(
    normalizePath: Bool = true, addContentSHA256Header: Bool = false,
    unsignedPayload: Bool = false, omitSessionTokenFromSignature: Bool = false
  ) {
    self.normalizePath = normalizePath
    self.addContentSHA256Header = addContentSHA256Header
    self.unsignedPayload = unsignedPayload
    self.omitSessionTokenFromSignature = omitSessionTokenFromSignature
  }

  /// CloudFormation, STS, IAM: normalized path, hashed payload, no content hash header.
  public static let standard = SigningOptions()
  /// S3: unnormalized path (keys are signed as they are) and `x-amz-content-sha256`.
  public static let s3 = SigningOptions(normalizePath: false, addContentSHA256Header: true)
}

/// What signing produced, with the intermediate texts kept so they can be checked and logged.
public struct SignatureResult: Sendable, Equatable {
  /// The canonical request, as AWS builds it on its side.
  public var canonicalRequest: String
  /// The string to sign.
  public var stringToSign: String
  /// The hex signature.
  public var signature: String
  /// Header mode: the headers to add to the request, in order (token, date, content hash,
  /// `Authorization`). Presign mode: empty.
  public var headersToAdd: [(name: String, value: String)]
  /// Presign mode: the query parameters to append to the request's own, in order, already
  /// percent-encoded. Header mode: empty.
  public var encodedQueryToAdd: [(name: String, value: String)]

  /// The `Authorization` header value, in header mode.
  public var authorization: String? {
    headersToAdd.first(where: { $0.name == "Authorization" })?.value
  }

  public static func == (lhs: SignatureResult, rhs: SignatureResult) -> Bool {
    lhs.canonicalRequest == rhs.canonicalRequest && lhs.stringToSign == rhs.stringToSign
      && lhs.signature == rhs.signature
      && lhs.headersToAdd.elementsEqual(rhs.headersToAdd, by: { $0 == $1 })
      && lhs.encodedQueryToAdd.elementsEqual(rhs.encodedQueryToAdd, by: { $0 == $1 })
  }
}
