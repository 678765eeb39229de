import Crypto
import Foundation

/// AWS Signature Version 4, in both of its forms: the `Authorization` header and the presigned
/// query string.
///
/// ```swift
/// let signer = SigV4Signer(credentials: creds, region: "eu-west-1", service: "cloudformation")
/// let result = signer.signHeaders(request, date: Date())
/// for (name, value) in result.headersToAdd { urlRequest.addValue(value, forHTTPHeaderField: name) }
/// ```
///
/// Verified against every case of AWS's official suite (`Tests/AWSClientTests/Fixtures`).
public struct SigV4Signer: Sendable {
  /// The signing credentials.
  public var credentials: AWSCredentials
  /// The region of the credential scope (moto reads the region from here).
  public var region: String
  /// The service of the credential scope (`cloudformation`, `s3`, `sts`, `iam`).
  public var service: String
  /// Path normalization, payload hashing and token placement.
  public var options: SigningOptions

  /// The algorithm name AWS expects.
  public static let algorithm = "AWS4-HMAC-SHA256"
  /// The payload hash S3 accepts in place of the body's hash.
  public static let unsignedPayload = "UNSIGNED-PAYLOAD"

  /// Creates a signer.
  public init(
    credentials: AWSCredentials, region: String, service: String,
    options: SigningOptions = .standard
  ) {
    self.credentials = credentials
    self.region = region
    self.service = service
    self.options = options
  }

  /// Signs with an `Authorization` header. The returned headers are to be added to the request
  /// as they are: `X-Amz-Security-Token`, `X-Amz-Date`, `x-amz-content-sha256`, `Authorization`.
  public func signHeaders(_ request: SigningRequest, date: Date) -> SignatureResult {
    let timestamp = AMZDate(date)
    let payloadHash = self.payloadHash(request.body)
    var signedHeaders = request.headers
    var added: [(name: String, value: String)] = []
    if let token = credentials.sessionToken {
      added.append(("X-Amz-Security-Token", token))
      if !options.omitSessionTokenFromSignature {
        signedHeaders.append(("X-Amz-Security-Token", token))
      }
    }
    added.append(("X-Amz-Date", timestamp.full))
    signedHeaders.append(("X-Amz-Date", timestamp.full))
    if options.addContentSHA256Header {
      added.append(("x-amz-content-sha256", payloadHash))
      signedHeaders.append(("x-amz-content-sha256", payloadHash))
    }
    let canonical = CanonicalRequest(
      method: request.method, path: request.path, query: request.query, headers: signedHeaders,
      payloadHash: payloadHash, normalizePath: options.normalizePath)
    let scope = credentialScope(timestamp)
    let stringToSign = makeStringToSign(canonical.text, timestamp: timestamp, scope: scope)
    let signature = sign(stringToSign, timestamp: timestamp)
    let authorization =
      "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope), "
      + "SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)"
    added.append(("Authorization", authorization))
    return SignatureResult(
      canonicalRequest: canonical.text, stringToSign: stringToSign, signature: signature,
      headersToAdd: added, encodedQueryToAdd: [])
  }

  /// Signs as a presigned URL valid for `expires` seconds. The returned query parameters are
  /// already encoded and go after the request's own.
  public func presign(_ request: SigningRequest, date: Date, expires: Int) -> SignatureResult {
    let timestamp = AMZDate(date)
    let scope = credentialScope(timestamp)
    let signedHeaderNames = CanonicalRequest.signedHeaderNames(request.headers)
    var added: [(name: String, value: String)] = [
      ("X-Amz-Algorithm", Self.algorithm),
      ("X-Amz-Credential", PercentEncoding.encode("\(credentials.accessKeyID)/\(scope)")),
      ("X-Amz-Date", timestamp.full),
      ("X-Amz-SignedHeaders", PercentEncoding.encode(signedHeaderNames)),
      ("X-Amz-Expires", String(expires)),
    ]
    var tokenItem: (name: String, value: String)?
    if let token = credentials.sessionToken {
      tokenItem = ("X-Amz-Security-Token", PercentEncoding.encode(token))
    }
    var signedQuery = request.query.map {
      (name: PercentEncoding.encode($0.name), value: PercentEncoding.encode($0.value))
    }
    signedQuery += added
    if let tokenItem, !options.omitSessionTokenFromSignature { signedQuery.append(tokenItem) }
    let payloadHash = self.payloadHash(request.body)
    let canonical = CanonicalRequest(
      method: request.method, path: request.path, encodedQuery: signedQuery,
      headers: request.headers, payloadHash: payloadHash, normalizePath: options.normalizePath)
    let stringToSign = makeStringToSign(canonical.text, timestamp: timestamp, scope: scope)
    let signature = sign(stringToSign, timestamp: timestamp)
    if let tokenItem { added.append(tokenItem) }
    added.append(("X-Amz-Signature", signature))
    return SignatureResult(
      canonicalRequest: canonical.text, stringToSign: stringToSign, signature: signature,
      headersToAdd: [], encodedQueryToAdd: added)
  }

  /// The hex SHA-256 of `data`.
  public static func hexSHA256(_ data: Data) -> String {
    SHA256.hash(data: data).hexString
  }

  private func payloadHash(_ body: Data) -> String {
    options.unsignedPayload ? Self.unsignedPayload : Self.hexSHA256(body)
  }

  func credentialScope(_ timestamp: AMZDate) -> String {
    "\(timestamp.day)/\(region)/\(service)/aws4_request"
  }

  func makeStringToSign(_ canonical: String, timestamp: AMZDate, scope: String) -> String {
    [Self.algorithm, timestamp.full, scope, Self.hexSHA256(Data(canonical.utf8))]
      .joined(separator: "\n")
  }

  func sign(_ stringToSign: String, timestamp: AMZDate) -> String {
    var key = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey)".utf8))
    for part in [timestamp.day, region, service, "aws4_request"] {
      key = SymmetricKey(
        data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
    }
    return HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key).hexString
  }
}

extension Sequence where Element == UInt8 {
  fileprivate var hexString: String {
    map { byte in
      let text = String(byte, radix: 16)
      return byte < 16 ? "0" + text : text
    }.joined()
  }
}
