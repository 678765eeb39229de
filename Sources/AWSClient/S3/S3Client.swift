import Foundation

/// The S3 calls deploy needs for assets and large templates, as a struct of closures (see
/// ``CloudFormationClient`` for the pattern). Addressing is path-style
/// (`http://127.0.0.1:5000/bucket/key`) on custom endpoints and virtual-hosted
/// (`https://bucket.s3.eu-west-1.amazonaws.com/key`) on AWS.
public struct S3Client: Sendable {
  /// `PutObject`.
  public var putObject: @Sendable (PutObjectInput) async throws -> PutObjectOutput
  /// `HeadObject`; nil when the object does not exist (404).
  public var headObject: @Sendable (_ bucket: String, _ key: String) async throws -> ObjectMetadata?
  /// `GetObject`.
  public var getObject: @Sendable (_ bucket: String, _ key: String) async throws -> S3ObjectContent
  /// One page of `ListObjectsV2`.
  public var listObjectsV2:
    @Sendable (_ bucket: String, _ prefix: String?, _ continuationToken: String?) async throws ->
      ListObjectsPage
  /// `CreateBucket` in the client's region (used by tests and the local emulator; real
  /// deploys create the assets bucket through the bootstrap stack).
  public var createBucket: @Sendable (_ bucket: String) async throws -> Void
  /// The URL to pass as CloudFormation's `TemplateURL` for an object (templates over 51,200
  /// bytes go through S3). On AWS endpoints it is the virtual-hosted
  /// `https://bucket.s3.REGION.amazonaws.com/key`; on custom endpoints it is the path-style
  /// AWS form `https://s3.REGION.amazonaws.com/bucket/key`, because the emulator's CloudFormation
  /// reads the template from its own S3 and parses only AWS-shaped URLs (moto would read the
  /// bucket of `http://127.0.0.1:5000/bucket/key` as `127`).
  public var templateURL: @Sendable (_ bucket: String, _ key: String) throws -> String
  /// A presigned `GET` URL for an object, valid for `expires` seconds.
  public var presignedGetURL:
    @Sendable (_ bucket: String, _ key: String, _ expires: Int) async throws -> URL

  /// Creates a client from closures.
  public init(
    putObject: @escaping @Sendable (PutObjectInput) async throws -> PutObjectOutput,
    headObject: @escaping @Sendable (String, String) async throws -> ObjectMetadata?,
    getObject: @escaping @Sendable (String, String) async throws -> S3ObjectContent,
    listObjectsV2: @escaping @Sendable (String, String?, String?) async throws -> ListObjectsPage,
    createBucket: @escaping @Sendable (String) async throws -> Void,
    templateURL: @escaping @Sendable (String, String) throws -> String,
    presignedGetURL: @escaping @Sendable (String, String, Int) async throws -> URL
  ) {
    self.putObject = putObject
    self.headObject = headObject
    self.getObject = getObject
    self.listObjectsV2 = listObjectsV2
    self.createBucket = createBucket
    self.templateURL = templateURL
    self.presignedGetURL = presignedGetURL
  }

  /// Every object under `prefix`, all pages.
  public func allObjects(bucket: String, prefix: String?) async throws -> [S3ObjectSummary] {
    var objects: [S3ObjectSummary] = []
    var token: String?
    var seenTokens: Set<String> = []
    repeat {
      let page = try await listObjectsV2(bucket, prefix, token)
      objects += page.objects
      token = page.nextContinuationToken
    } while token.map { seenTokens.insert($0).inserted } ?? false
    return objects
  }
}

/// Where a bucket's requests go.
struct S3Addressing {
  let endpoint: ResolvedEndpoint

  /// The endpoint and the decoded path of `key` in `bucket` (`key` empty for bucket calls).
  func target(bucket: String, key: String) throws -> (endpoint: ResolvedEndpoint, path: String) {
    let keyPath = "/" + key
    if endpoint.isCustom || !Self.isVirtualHostable(bucket) {
      return (endpoint, "/" + bucket + (key.isEmpty ? "" : keyPath))
    }
    guard var components = URLComponents(url: endpoint.url, resolvingAgainstBaseURL: false),
      let host = components.host
    else {
      throw AWSClientError.invalidConfiguration("s3 endpoint \(endpoint.url) has no host")
    }
    components.host = "\(bucket).\(host)"
    guard let url = components.url else {
      throw AWSClientError.invalidConfiguration("cannot address bucket \(bucket) at \(host)")
    }
    return (ResolvedEndpoint(url: url, isCustom: false), keyPath)
  }

  /// DNS-compatible names without dots (dots break TLS on virtual hosts).
  static func isVirtualHostable(_ bucket: String) -> Bool {
    guard (3...63).contains(bucket.count), !bucket.contains(".") else { return false }
    return bucket.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }
      && bucket.first != "-" && bucket.last != "-"
  }
}
