import Foundation
import Testing

@testable import AWSClient

@Suite struct S3ClientTests {
  @Test func customEndpointUsesPathStyleAndSignsPayloadHash() async throws {
    let transport = RecordingTransport(responses: [
      HTTPResponse(statusCode: 200, headers: ["ETag": "\"abc\"", "x-amz-version-id": "v1"])
    ])
    let client = S3Client.live(
      makeSender(
        transport.transport, region: "us-east-1", endpoint: URL(string: "http://127.0.0.1:5000")))
    let output = try await client.putObject(
      PutObjectInput(
        bucket: "facestack-assets", key: "assets/a b.zip", body: Data("zip".utf8),
        contentType: "application/zip", metadata: ["sha256": "00"]))
    #expect(output == PutObjectOutput(eTag: "abc", versionID: "v1"))
    let request = try #require(await transport.requests.first)
    #expect(request.method == "PUT")
    #expect(request.url.absoluteString == "http://127.0.0.1:5000/facestack-assets/assets/a%20b.zip")
    #expect(request.header("Host") == "127.0.0.1:5000")
    #expect(request.header("x-amz-content-sha256") == SigV4Signer.hexSHA256(Data("zip".utf8)))
    #expect(request.header("x-amz-meta-sha256") == "00")
    #expect(
      try client.templateURL("facestack-assets", "templates/t.yaml")
        == "https://s3.us-east-1.amazonaws.com/facestack-assets/templates/t.yaml")
    #expect(
      request.header("Authorization")?.contains(
        "/20261129/us-east-1/s3/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-meta-sha256,"
      )
        == true)
  }

  @Test func awsEndpointUsesVirtualHostedStyle() async throws {
    let transport = RecordingTransport(responses: [
      HTTPResponse(
        statusCode: 200,
        headers: [
          "Content-Length": "3", "ETag": "\"e\"", "Content-Type": "application/zip",
          "Last-Modified": "Sun, 29 Nov 2026 05:00:00 GMT", "x-amz-meta-sha256": "ff",
        ])
    ])
    let client = S3Client.live(makeSender(transport.transport, region: "eu-west-1"))
    let metadata = try #require(try await client.headObject("facestack-assets", "assets/x.zip"))
    #expect(metadata.contentLength == 3)
    #expect(metadata.eTag == "e")
    #expect(metadata.lastModified == fixedDate)
    #expect(metadata.metadata == ["sha256": "ff"])
    let request = try #require(await transport.requests.first)
    #expect(
      request.url.absoluteString
        == "https://facestack-assets.s3.eu-west-1.amazonaws.com/assets/x.zip")
    #expect(request.header("Host") == "facestack-assets.s3.eu-west-1.amazonaws.com")
    #expect(
      try client.templateURL("facestack-assets", "templates/t.yaml")
        == "https://facestack-assets.s3.eu-west-1.amazonaws.com/templates/t.yaml")
  }

  @Test func headOfMissingObjectIsNil() async throws {
    let transport = RecordingTransport(responses: [HTTPResponse(statusCode: 404)])
    let client = S3Client.live(makeSender(transport.transport))
    #expect(try await client.headObject("b-b-b", "missing") == nil)
  }

  @Test func s3ErrorXMLIsParsed() async throws {
    let transport = RecordingTransport(responses: [
      HTTPResponse(
        statusCode: 404, headers: ["x-amz-request-id": "header-id"],
        text: try fixture("error-s3-nosuchbucket.xml"))
    ])
    let client = S3Client.live(makeSender(transport.transport))
    await #expect(
      throws: AWSServiceError(
        service: "s3", operation: "GetObject", code: "NoSuchBucket",
        message: "The specified bucket does not exist", requestID: "4442587FB7D0A2F9",
        statusCode: 404)
    ) {
      try await client.getObject("facestack-assets", "k")
    }
  }

  @Test func listObjectsV2ParsesPagesAndSendsTheToken() async throws {
    let transport = RecordingTransport(responses: [xmlResponse(try fixture("list-objects-v2.xml"))])
    let client = S3Client.live(
      makeSender(transport.transport, endpoint: URL(string: "http://localhost:4566")))
    let page = try await client.listObjectsV2("facestack-assets", "assets/", "tok/en=")
    #expect(page.objects.map(\.key) == ["assets/3f2a.zip", "assets/a b+c.zip"])
    #expect(page.objects[0].size == 20480)
    #expect(page.objects[0].eTag == "9b2cf535f27731c974343645a3985328")
    #expect(page.nextContinuationToken == "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=")
    let request = try #require(await transport.requests.first)
    #expect(
      request.url.absoluteString
        == "http://localhost:4566/facestack-assets?list-type=2&prefix=assets%2F&continuation-token=tok%2Fen%3D"
    )
  }

  @Test func inMemoryDoubleStoresObjects() async throws {
    let s3 = S3Client.inMemory()
    try await s3.createBucket("b")
    #expect(try await s3.headObject("b", "k") == nil)
    _ = try await s3.putObject(PutObjectInput(bucket: "b", key: "k", body: Data("x".utf8)))
    #expect(try await s3.headObject("b", "k")?.contentLength == 1)
    #expect(try await s3.allObjects(bucket: "b", prefix: nil).map(\.key) == ["k"])
    await #expect(throws: AWSServiceError.self) { try await s3.headObject("nope", "k") }
  }
}
