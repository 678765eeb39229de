import AWSClient
import Foundation

/// Decodes an `aws-chunked` body to the plain payload, checking what it carries:
///
/// - `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`: `hex-size;chunk-signature=SIG\r\nDATA\r\n` per chunk,
///   each signature chained from the request's (the seed);
/// - `STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER`: the same, then signed trailing headers;
/// - `STREAMING-UNSIGNED-PAYLOAD-TRAILER` (what boto3 sends over TLS): `hex-size\r\nDATA\r\n`
///   chunks, a `0\r\n` chunk and trailing headers such as `x-amz-checksum-crc32:…`.
///
/// Trailing checksums are verified against the payload (``PayloadChecksum``).
///
/// ```swift
/// let decoded = try AWSChunkedDecoder.decode(body, payloadHash: verified.payloadHash,
///   signer: verified.signer, seedSignature: parts.signature, date: parts.date)
/// decoded.payload; decoded.trailers   // [("x-amz-checksum-crc32", "…")]
/// ```
public enum AWSChunkedDecoder {
  /// The payload hashes that announce an `aws-chunked` body.
  public static let streamingPayloadHashes: Set<String> = [
    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
    "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
  ]

  /// A decoded body.
  public struct Decoded: Sendable {
    /// The plain payload.
    public var payload: [UInt8]
    /// Trailing headers (names lowercased), without `x-amz-trailer-signature`.
    public var trailers: [(name: String, value: String)]
  }

  /// Decodes `body` sent with `payloadHash`.
  public static func decode(
    _ body: [UInt8], payloadHash: String, signer: SigV4Signer, seedSignature: String, date: Date
  ) throws(AuthenticationError) -> Decoded {
    let signed = payloadHash.hasPrefix("STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
    let hasTrailer = payloadHash.hasSuffix("-TRAILER")
    var reader = ChunkReader(body)
    var payload: [UInt8] = []
    payload.reserveCapacity(body.count)
    var previous = seedSignature
    while true {
      let header = try reader.line()
      let fields = header.split(separator: ";", maxSplits: 1)
      guard let sizeText = fields.first, let size = Int(sizeText, radix: 16), size >= 0 else {
        throw AuthenticationError(
          .malformedRequest, "malformed aws-chunked chunk header '\(header)'")
      }
      let data = try reader.bytes(size)
      if signed {
        guard fields.count == 2, fields[1].hasPrefix("chunk-signature=") else {
          throw AuthenticationError(
            .incompleteSignature, "aws-chunked chunk without a chunk-signature")
        }
        let sent = String(fields[1].dropFirst("chunk-signature=".count)).lowercased()
        let expected = signer.chunkSignature(
          previousSignature: previous, chunk: Data(data), date: date)
        guard sent == expected else {
          throw AuthenticationError(
            .signatureDoesNotMatch,
            "The request signature we calculated does not match the signature you provided "
              + "(aws-chunked chunk at payload byte \(payload.count)).")
        }
        previous = sent
      }
      payload += data
      if size == 0 { break }
      try reader.expectCRLF()
    }
    var trailers: [(name: String, value: String)] = []
    if hasTrailer {
      var signedText = ""
      var trailerSignature: String?
      while true {
        let line = try reader.line()
        if line.isEmpty { break }
        let pair = line.split(separator: ":", maxSplits: 1)
        guard pair.count == 2 else {
          throw AuthenticationError(.malformedRequest, "malformed aws-chunked trailer '\(line)'")
        }
        let name = pair[0].lowercased()
        let value = pair[1].trimmingCharacters(in: .whitespaces)
        if name == "x-amz-trailer-signature" {
          trailerSignature = value.lowercased()
        } else {
          trailers.append((name: name, value: value))
          signedText += "\(name):\(value)\n"
        }
      }
      if signed {
        let expected = signer.trailerSignature(
          previousSignature: previous, trailer: Data(signedText.utf8), date: date)
        guard trailerSignature == expected else {
          throw AuthenticationError(
            .signatureDoesNotMatch,
            "The request signature we calculated does not match the signature you provided "
              + "(aws-chunked trailer).")
        }
      }
      for trailer in trailers where trailer.name.hasPrefix("x-amz-checksum-") {
        try PayloadChecksum.verify(header: trailer.name, value: trailer.value, payload: payload)
      }
    } else if !reader.atEnd {
      // A final empty line may follow the 0-size chunk.
      let rest = try reader.line()
      guard rest.isEmpty, reader.atEnd else {
        throw AuthenticationError(.malformedRequest, "bytes after the final aws-chunked chunk")
      }
    }
    return Decoded(payload: payload, trailers: trailers)
  }
}

/// Reads CRLF lines and counted bytes from a body.
private struct ChunkReader {
  let bytes: [UInt8]
  var index = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  var atEnd: Bool { index >= bytes.count }

  mutating func line() throws(AuthenticationError) -> String {
    var end = index
    while end + 1 < bytes.count, !(bytes[end] == 13 && bytes[end + 1] == 10) { end += 1 }
    guard end + 1 < bytes.count else {
      throw AuthenticationError(.malformedRequest, "aws-chunked body ends inside a line")
    }
    defer { index = end + 2 }
    return String(decoding: bytes[index..<end], as: UTF8.self)
  }

  mutating func bytes(_ count: Int) throws(AuthenticationError) -> [UInt8] {
    guard count <= bytes.count - index else {
      throw AuthenticationError(.malformedRequest, "aws-chunked chunk longer than the body")
    }
    defer { index += count }
    return Array(bytes[index..<(index + count)])
  }

  mutating func expectCRLF() throws(AuthenticationError) {
    guard index + 1 < bytes.count, bytes[index] == 13, bytes[index + 1] == 10 else {
      throw AuthenticationError(.malformedRequest, "aws-chunked chunk not followed by CRLF")
    }
    index += 2
  }
}
