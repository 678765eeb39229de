import Foundation

/// The verifying side of SigV4, for a server that checks requests signed by others (the local
/// cloud's gateway): the same canonical request, string to sign and signing key as
/// ``SigV4Signer``, computed from what arrived instead of what is sent, and the strings to sign
/// of `aws-chunked` payloads (one per chunk, and the trailer).
///
/// ```swift
/// let signer = SigV4Signer(credentials: issued, region: scope.region, service: scope.service)
/// let canonical = SigV4Signer.canonicalRequest(
///   method: "PUT", path: "/bucket/key", query: [], headers: signedHeaders,
///   payloadHash: "UNSIGNED-PAYLOAD", normalizePath: false)
/// let expected = signer.signature(canonicalRequest: canonical, date: requestDate)
/// ```
extension SigV4Signer {
  /// The canonical request of decoded parts: `path` is encoded once (pass the decoded path for
  /// S3, the path as received for other services, which AWS encodes twice), `query` items are
  /// decoded names and values, `headers` exactly the signed ones.
  public static func canonicalRequest(
    method: String, path: String, query: [(name: String, value: String)],
    headers: [(name: String, value: String)], payloadHash: String, normalizePath: Bool
  ) -> String {
    CanonicalRequest(
      method: method, path: path, query: query, headers: headers, payloadHash: payloadHash,
      normalizePath: normalizePath
    ).text
  }

  /// The signature of `canonicalRequest` at `date`, with this signer's credentials and scope.
  public func signature(canonicalRequest: String, date: Date) -> String {
    let timestamp = AMZDate(date)
    let stringToSign = makeStringToSign(
      canonicalRequest, timestamp: timestamp, scope: credentialScope(timestamp))
    return sign(stringToSign, timestamp: timestamp)
  }

  /// The signature of one `aws-chunked` chunk (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`): its
  /// string to sign chains the previous signature (the seed signature for the first chunk).
  public func chunkSignature(previousSignature: String, chunk: Data, date: Date) -> String {
    streamingSignature(
      algorithm: "AWS4-HMAC-SHA256-PAYLOAD", previousSignature: previousSignature,
      lines: [Self.hexSHA256(Data()), Self.hexSHA256(chunk)], date: date)
  }

  /// The signature of an `aws-chunked` trailer (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER`):
  /// `trailer` is the trailing header lines as sent, each ending in `\n`.
  public func trailerSignature(previousSignature: String, trailer: Data, date: Date) -> String {
    streamingSignature(
      algorithm: "AWS4-HMAC-SHA256-TRAILER", previousSignature: previousSignature,
      lines: [Self.hexSHA256(trailer)], date: date)
  }

  private func streamingSignature(
    algorithm: String, previousSignature: String, lines: [String], date: Date
  ) -> String {
    let timestamp = AMZDate(date)
    let stringToSign =
      ([algorithm, timestamp.full, credentialScope(timestamp), previousSignature]
      + lines).joined(separator: "\n")
    return sign(stringToSign, timestamp: timestamp)
  }
}
