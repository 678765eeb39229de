import Foundation

/// The arguments of `PutObject`.
public struct PutObjectInput: Sendable, Equatable {
  /// The bucket.
  public var bucket: String
  /// The key (`assets/3f2a....zip`).
  public var key: String
  /// The content.
  public var body: Data
  /// `Content-Type`.
  public var contentType: String?
  /// User metadata, sent as `x-amz-meta-NAME`.
  public var metadata: [String: String]
  /// `x-amz-server-side-encryption` (`AES256`, `aws:kms`).
  public var serverSideEncryption: String?

  /// Creates the arguments.
  public init(
    bucket: String, key: String, body: Data, contentType: String? = nil,
    metadata: [String: String] = [:], serverSideEncryption: String? = nil
  ) {
    self.bucket = bucket
    self.key = key
    self.body = body
    self.contentType = contentType
    self.metadata = metadata
    self.serverSideEncryption = serverSideEncryption
  }
}

/// What `PutObject` answers.
public struct PutObjectOutput: Sendable, Equatable {
  /// The entity tag (quotes removed).
  public var eTag: String?
  /// The version id on versioned buckets.
  public var versionID: String?

  /// Creates the answer.
  public init(eTag: String?, versionID: String?) {
    self.eTag = eTag
    self.versionID = versionID
  }
}

/// An object's metadata, from `HeadObject` or `GetObject`.
public struct ObjectMetadata: Sendable, Equatable {
  /// Size in bytes.
  public var contentLength: Int?
  /// The entity tag (quotes removed).
  public var eTag: String?
  /// `Content-Type`.
  public var contentType: String?
  /// When it was last written.
  public var lastModified: Date?
  /// The version id.
  public var versionID: String?
  /// User metadata (`x-amz-meta-*`, prefix removed, names lower-cased).
  public var metadata: [String: String]

  /// Creates metadata.
  public init(
    contentLength: Int? = nil, eTag: String? = nil, contentType: String? = nil,
    lastModified: Date? = nil, versionID: String? = nil, metadata: [String: String] = [:]
  ) {
    self.contentLength = contentLength
    self.eTag = eTag
    self.contentType = contentType
    self.lastModified = lastModified
    self.versionID = versionID
    self.metadata = metadata
  }

  init(headers response: HTTPResponse) {
    var metadata: [String: String] = [:]
    for (name, value) in response.headers where name.hasPrefix("x-amz-meta-") {
      metadata[String(name.dropFirst("x-amz-meta-".count))] = value
    }
    self.init(
      contentLength: response.header("content-length").flatMap { Int($0) },
      eTag: response.header("etag").map(Self.unquote),
      contentType: response.header("content-type"),
      lastModified: response.header("last-modified").flatMap(AWSTimestamp.parseHTTPDate),
      versionID: response.header("x-amz-version-id"),
      metadata: metadata)
  }

  static func unquote(_ text: String) -> String {
    text.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
  }
}

/// An object and its metadata, from `GetObject`.
public struct S3ObjectContent: Sendable, Equatable {
  /// The bytes.
  public var body: Data
  /// The metadata.
  public var metadata: ObjectMetadata

  /// Creates a value.
  public init(body: Data, metadata: ObjectMetadata) {
    self.body = body
    self.metadata = metadata
  }
}

/// One object of a listing.
public struct S3ObjectSummary: Sendable, Equatable {
  /// The key.
  public var key: String
  /// Size in bytes.
  public var size: Int
  /// The entity tag (quotes removed).
  public var eTag: String?
  /// When it was last written.
  public var lastModified: Date?

  /// Creates a summary.
  public init(key: String, size: Int, eTag: String? = nil, lastModified: Date? = nil) {
    self.key = key
    self.size = size
    self.eTag = eTag
    self.lastModified = lastModified
  }
}

/// One page of `ListObjectsV2`.
public struct ListObjectsPage: Sendable, Equatable {
  /// The objects.
  public var objects: [S3ObjectSummary]
  /// The token for the next page, nil on the last.
  public var nextContinuationToken: String?

  /// Creates a page.
  public init(objects: [S3ObjectSummary], nextContinuationToken: String? = nil) {
    self.objects = objects
    self.nextContinuationToken = nextContinuationToken
  }
}
