import AWSClient
import Foundation

/// One zip to upload: its key in the assets bucket and the file holding it.
public struct AssetFile: Sendable, Equatable {
  /// `assets/<sha256>.zip`.
  public var key: String
  /// The local zip.
  public var file: URL

  /// An asset file.
  public init(key: String, file: URL) {
    self.key = key
    self.file = file
  }
}

/// Uploads the assets that are not in the bucket yet. Keys are content hashes, so a key that
/// exists holds the same bytes and is skipped after a `HeadObject`.
public struct AssetUploader: Sendable {
  /// The S3 client.
  public var s3: S3Client
  /// The assets bucket.
  public var bucket: String

  /// An uploader to `bucket`.
  public init(s3: S3Client, bucket: String) {
    self.s3 = s3
    self.bucket = bucket
  }

  /// What an upload did.
  public struct Result: Sendable, Equatable {
    /// Keys written.
    public var uploaded: [String] = []
    /// Keys already there.
    public var skipped: [String] = []
  }

  /// Uploads each asset whose key is missing; reads a file only when it must be sent.
  public func upload(_ assets: [AssetFile]) async throws -> Result {
    var result = Result()
    for asset in assets {
      if try await s3.headObject(bucket, asset.key) != nil {
        result.skipped.append(asset.key)
        continue
      }
      let body: Data
      do {
        body = try Data(contentsOf: asset.file)
      } catch {
        throw DeployError.input(
          "cannot read asset \(asset.file.path): run 'facestack synth' to package it again")
      }
      _ = try await s3.putObject(
        PutObjectInput(
          bucket: bucket, key: asset.key, body: body, contentType: "application/zip",
          serverSideEncryption: "AES256"))
      result.uploaded.append(asset.key)
    }
    return result
  }

  /// The template as CloudFormation should read it: inline up to 51,200 bytes, otherwise
  /// uploaded to `templates/<sha256>.<ext>` and passed by URL.
  public func templateSource(_ body: String, stackName: String) async throws -> TemplateSource {
    let bytes = Data(body.utf8)
    guard bytes.count > TemplateSource.maximumBodySize else { return .body(body) }
    let key = "templates/\(stackName)/\(SigV4Signer.hexSHA256(bytes)).yaml"
    if try await s3.headObject(bucket, key) == nil {
      _ = try await s3.putObject(
        PutObjectInput(
          bucket: bucket, key: key, body: bytes, contentType: "application/x-yaml",
          serverSideEncryption: "AES256"))
    }
    return .url(try s3.templateURL(bucket, key))
  }
}
