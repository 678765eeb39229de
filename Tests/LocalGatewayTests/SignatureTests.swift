import AWSClient
import Foundation
import IAM
import LocalHTTP
import Testing

@testable import LocalGateway

/// SigV4 verification: AWS's documented streaming examples, requests signed by botocore (header
/// and presigned forms), and the refusals AWS answers (wrong secret, token, clock, expiry).
@Suite struct SignatureTests {
  static let exampleCredentials = IssuedCredentials(
    accessKeyID: "AKIAIOSFODNN7EXAMPLE",
    secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    accountID: "123456789012", principal: .user(arn: "arn:aws:iam::123456789012:user/example"))

  static func chunk(_ size: Int, _ signature: String) -> [UInt8] {
    Array("\(String(size, radix: 16));chunk-signature=\(signature)\r\n".utf8)
      + [UInt8](repeating: UInt8(ascii: "a"), count: size) + (size > 0 ? Array("\r\n".utf8) : [])
  }

  /// Amazon S3 API Reference, "Signature calculations for the Authorization header: Transferring
  /// payload in multiple chunks (chunked upload)": the example PUT, its seed signature and its
  /// three chunk signatures.
  @Test func documentedChunkedUpload() throws {
    let body =
      Self.chunk(65_536, "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648")
      + Self.chunk(1_024, "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497")
      + Self.chunk(0, "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9")
      + Array("\r\n".utf8)
    #expect(body.count == 66_824)
    let request = LocalHTTP.HTTPRequest(
      method: "PUT", target: "/examplebucket/chunkObject.txt",
      headers: [
        ("Host", "s3.amazonaws.com"), ("x-amz-date", "20130524T000000Z"),
        ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
        (
          "Authorization",
          "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
            + "SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
            + "x-amz-decoded-content-length;x-amz-storage-class,"
            + "Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"
        ),
        ("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
        ("Content-Encoding", "aws-chunked"), ("x-amz-decoded-content-length", "66560"),
        ("Content-Length", "66824"),
      ], body: body)
    let parts = try #require(try SignatureParts.parse(request))
    let verifier = SignatureVerifier(now: { parts.date })
    let verified = try verifier.verify(request, parts, Self.exampleCredentials)
    #expect(verified.payloadHash == "STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
    let decoded = try AWSChunkedDecoder.decode(
      body, payloadHash: verified.payloadHash, signer: verified.signer,
      seedSignature: parts.signature, date: parts.date)
    #expect(decoded.payload == [UInt8](repeating: UInt8(ascii: "a"), count: 66_560))
    // One changed byte in the second chunk breaks its signature.
    var tampered = body
    tampered[66_000] = UInt8(ascii: "b")
    #expect(throws: AuthenticationError.self) {
      try AWSChunkedDecoder.decode(
        tampered, payloadHash: verified.payloadHash, signer: verified.signer,
        seedSignature: parts.signature, date: parts.date)
    }
  }

  /// Amazon S3 API Reference, "Signature calculations for the Authorization header: Including
  /// trailing headers (chunked upload)": chunk signatures chained from the documented seed, and
  /// the signed `x-amz-checksum-crc32c` trailer.
  @Test func documentedChunkedUploadWithSignedTrailer() throws {
    let body =
      Self.chunk(65_536, "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2")
      + Self.chunk(1_024, "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7")
      + Self.chunk(0, "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992")
      + Array(
        ("x-amz-checksum-crc32c:sOO8/Q==\r\n"
          + "x-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n\r\n")
          .utf8)
    let date = try #require(SignatureParts.parseAMZDate("20130524T000000Z"))
    let signer = SigV4Signer(
      credentials: AWSCredentials(
        accessKeyID: "AKIAIOSFODNN7EXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
      region: "us-east-1", service: "s3")
    let decoded = try AWSChunkedDecoder.decode(
      body, payloadHash: "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", signer: signer,
      seedSignature: "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e", date: date)
    #expect(decoded.payload.count == 66_560)
    #expect(decoded.trailers.map(\.name) == ["x-amz-checksum-crc32c"])
  }

  /// Check values of the CRC catalogue ("123456789") for each checksum S3 clients send.
  @Test func checksums() {
    let check = Array("123456789".utf8)
    func hex(_ header: String) -> String {
      (PayloadChecksum.digest(header: header, payload: check) ?? []).map {
        String(format: "%02x", $0)
      }.joined()
    }
    #expect(hex("x-amz-checksum-crc32") == "cbf43926")
    #expect(hex("x-amz-checksum-crc32c") == "e3069283")
    #expect(hex("x-amz-checksum-crc64nvme") == "ae8b14860a799888")
    #expect(hex("x-amz-checksum-sha256").hasPrefix("15e2b0d3"))
  }

  /// boto3's `put_object` over TLS: `STREAMING-UNSIGNED-PAYLOAD-TRAILER` with a CRC32 trailer.
  @Test(.enabled(if: hasBotocore)) func botocoreRequestsVerifyAndRefuseAsAWSDoes() async throws {
    let secret = "gateway-test-secret"
    let cases = [
      SigningCase(
        name: "put", service: "s3", method_name: "put_object",
        params: ["Bucket": "b", "Key": "processed/x y.json", "Body": "{\"faces\": []}"]),
      SigningCase(
        name: "query", service: "dynamodb", method_name: "get_item",
        params: ["TableName": "T", "Key": ["id": ["S": "a"]]]),
      SigningCase(
        name: "presigned", service: "s3", method_name: "get_object",
        params: ["Bucket": "b", "Key": "input/a b.jpg"], presign: 600),
      SigningCase(
        name: "lambda", service: "lambda", method_name: "invoke",
        params: ["FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:detect"]),
    ]
    let signed = try await signWithBotocore(
      cases, accessKey: "AKIAGATEWAYTEST00001", secret: secret)
    let user = IssuedCredentials(
      accessKeyID: "AKIAGATEWAYTEST00001", secretAccessKey: secret, accountID: "123456789012",
      principal: .user(arn: "arn:aws:iam::123456789012:user/tester"))
    let verifier = SignatureVerifier()
    for name in ["put", "query", "lambda"] {
      let request = try #require(signed[name]).request()
      let parts = try #require(try SignatureParts.parse(request))
      #expect(parts.form == .header)
      let verified = try verifier.verify(request, parts, user)
      if name == "put" {
        #expect(verified.payloadHash == "STREAMING-UNSIGNED-PAYLOAD-TRAILER")
        let decoded = try AWSChunkedDecoder.decode(
          request.body, payloadHash: verified.payloadHash, signer: verified.signer,
          seedSignature: parts.signature, date: parts.date)
        #expect(String(decoding: decoded.payload, as: UTF8.self) == "{\"faces\": []}")
        #expect(decoded.trailers.first?.name == "x-amz-checksum-crc32")
      }
      // A wrong secret: SignatureDoesNotMatch.
      var wrong = user
      wrong.secretAccessKey = "not-the-secret"
      #expect(throws: AuthenticationError.self) { try verifier.verify(request, parts, wrong) }
      do {
        _ = try verifier.verify(request, parts, wrong)
      } catch {
        #expect(error.kind == .signatureDoesNotMatch)
        #expect(error.code(forService: parts.service).code == "SignatureDoesNotMatch")
      }
      // The clock 20 minutes ahead: RequestTimeTooSkewed.
      let late = SignatureVerifier(now: { Date().addingTimeInterval(1200) })
      do {
        _ = try late.verify(request, parts, user)
        Issue.record("\(name): a skewed request was accepted")
      } catch {
        #expect(error.kind == .requestTimeTooSkewed)
      }
    }
    let presigned = try #require(signed["presigned"]).request()
    let parts = try #require(try SignatureParts.parse(presigned))
    #expect(parts.form == .presigned && parts.expires == 600)
    _ = try verifier.verify(presigned, parts, user)
    let expired = SignatureVerifier(now: { Date().addingTimeInterval(700) })
    do {
      _ = try expired.verify(presigned, parts, user)
      Issue.record("an expired presigned URL was accepted")
    } catch {
      #expect(error.kind == .presignedURLExpired)
    }
    // A body changed after signing (JSON protocols sign its hash).
    var changed = try #require(signed["query"]).request()
    changed.body = Array(#"{"TableName": "Other", "Key": {"id": {"S": "a"}}}"#.utf8)
    let changedParts = try #require(try SignatureParts.parse(changed))
    #expect(throws: AuthenticationError.self) { try verifier.verify(changed, changedParts, user) }
  }

  /// A session's token must be sent and be the session's; an expired session is refused with
  /// `ExpiredToken`.
  @Test(.enabled(if: hasBotocore)) func sessionTokensAndExpiry() async throws {
    let signed = try await signWithBotocore(
      [
        SigningCase(
          name: "get", service: "s3", method_name: "get_object",
          params: ["Bucket": "b", "Key": "k"])
      ], accessKey: "ASIAGATEWAYSESSION01", secret: "s", token: "token-1")
    let request = try #require(signed["get"]).request()
    let parts = try #require(try SignatureParts.parse(request))
    #expect(parts.sessionToken == "token-1")
    var session = IssuedCredentials(
      accessKeyID: "ASIAGATEWAYSESSION01", secretAccessKey: "s", sessionToken: "token-1",
      expiration: Date().addingTimeInterval(3600), accountID: "123456789012",
      principal: .assumedRole(roleARN: "arn:aws:iam::123456789012:role/R", sessionName: "x"))
    _ = try SignatureVerifier().verify(request, parts, session)
    session.sessionToken = "token-2"
    do {
      _ = try SignatureVerifier().verify(request, parts, session)
      Issue.record("a foreign token was accepted")
    } catch {
      #expect(error.kind == .invalidToken)
    }
    session.sessionToken = "token-1"
    session.expiration = Date().addingTimeInterval(-1)
    do {
      _ = try SignatureVerifier().verify(request, parts, session)
      Issue.record("an expired session was accepted")
    } catch {
      #expect(error.kind == .expiredToken)
      #expect(error.message == "The security token included in the request is expired")
    }
  }

  @Test func malformedAuthorizationIsIncompleteSignature() {
    let request = LocalHTTP.HTTPRequest(
      method: "GET", target: "/",
      headers: [
        ("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/sts/aws4_request"),
        ("X-Amz-Date", "20240101T000000Z"),
      ])
    do {
      _ = try SignatureParts.parse(request)
      Issue.record("accepted")
    } catch {
      #expect(error.kind == .incompleteSignature)
      #expect(error.message.contains("'SignedHeaders'"))
    }
    let sigV2 = LocalHTTP.HTTPRequest(
      method: "GET", target: "/b/k?AWSAccessKeyId=AKID&Signature=x&Expires=1")
    #expect(throws: AuthenticationError.self) { try SignatureParts.parse(sigV2) }
  }
}
