import AWSClient
import Foundation
import Testing

@testable import Deploy

@Suite("assets and templates through S3")
struct AssetUploaderTests {
  @Test func uploadsOnlyKeysNotThereYet() async throws {
    let s3 = S3Client.inMemory()
    try await s3.createBucket("assets")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "deploy-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let files = ["a", "b"].map { name in
      AssetFile(key: "assets/\(name).zip", file: folder.appendingPathComponent("\(name).zip"))
    }
    for file in files { try Data(file.key.utf8).write(to: file.file) }
    _ = try await s3.putObject(PutObjectInput(bucket: "assets", key: "assets/a.zip", body: Data()))
    let uploader = AssetUploader(s3: s3, bucket: "assets")
    let result = try await uploader.upload(files)
    #expect(result.uploaded == ["assets/b.zip"])
    #expect(result.skipped == ["assets/a.zip"])
    #expect(try await s3.getObject("assets", "assets/b.zip").body == Data("assets/b.zip".utf8))
    #expect(try await uploader.upload(files).uploaded.isEmpty)
  }

  @Test func aMissingZipIsAnInputError() async throws {
    let s3 = S3Client.inMemory()
    try await s3.createBucket("assets")
    let missing = AssetFile(key: "assets/x.zip", file: URL(fileURLWithPath: "/nonexistent/x.zip"))
    await #expect(throws: DeployError.self) {
      try await AssetUploader(s3: s3, bucket: "assets").upload([missing])
    }
  }

  @Test func templatesOverTheInlineLimitGoThroughS3() async throws {
    let s3 = S3Client.inMemory()
    try await s3.createBucket("assets")
    let uploader = AssetUploader(s3: s3, bucket: "assets")
    #expect(try await uploader.templateSource("small", stackName: "s") == .body("small"))
    let large = String(repeating: "x", count: TemplateSource.maximumBodySize + 1)
    guard case .url(let url) = try await uploader.templateSource(large, stackName: "s") else {
      Issue.record("expected a URL")
      return
    }
    let key = "templates/s/\(SigV4Signer.hexSHA256(Data(large.utf8))).yaml"
    #expect(url == "https://assets.s3.amazonaws.com/\(key)")
    #expect(try await s3.headObject("assets", key)?.contentLength == large.utf8.count)
  }
}
