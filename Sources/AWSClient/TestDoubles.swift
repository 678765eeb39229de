import Foundation

extension AWSClient {
  /// A client whose every call throws ``AWSClientError/unimplemented(_:)``; tests replace the
  /// closures they expect to be called, so an unexpected call fails loudly.
  public static var unimplemented: AWSClient {
    AWSClient(
      region: "us-east-1", cloudFormation: .unimplemented, s3: .unimplemented, sts: .unimplemented,
      credentials: {
        AWSCredentials(
          accessKeyID: "AKIDTESTDOUBLE", secretAccessKey: "test", source: "test double")
      })
  }
}

extension CloudFormationClient {
  /// Every call throws ``AWSClientError/unimplemented(_:)``.
  public static var unimplemented: CloudFormationClient {
    @Sendable func fail(_ name: String) -> AWSClientError {
      .unimplemented("cloudformation \(name)")
    }
    return CloudFormationClient(
      describeStacks: { _ in throw fail("DescribeStacks") },
      createChangeSet: { _ in throw fail("CreateChangeSet") },
      describeChangeSet: { _, _, _ in throw fail("DescribeChangeSet") },
      executeChangeSet: { _ in throw fail("ExecuteChangeSet") },
      deleteChangeSet: { _, _ in throw fail("DeleteChangeSet") },
      describeStackEvents: { _, _ in throw fail("DescribeStackEvents") },
      getTemplate: { _, _, _ in throw fail("GetTemplate") },
      deleteStack: { _, _ in throw fail("DeleteStack") },
      updateTerminationProtection: { _, _ in throw fail("UpdateTerminationProtection") },
      setStackPolicy: { _, _ in throw fail("SetStackPolicy") },
      listStackResources: { _, _ in throw fail("ListStackResources") },
      validateTemplate: { _ in throw fail("ValidateTemplate") })
  }
}

extension S3Client {
  /// Every call throws ``AWSClientError/unimplemented(_:)``.
  public static var unimplemented: S3Client {
    @Sendable func fail(_ name: String) -> AWSClientError { .unimplemented("s3 \(name)") }
    return S3Client(
      putObject: { _ in throw fail("PutObject") },
      headObject: { _, _ in throw fail("HeadObject") },
      getObject: { _, _ in throw fail("GetObject") },
      listObjectsV2: { _, _, _ in throw fail("ListObjectsV2") },
      createBucket: { _ in throw fail("CreateBucket") },
      templateURL: { bucket, key in "https://\(bucket).s3.amazonaws.com/\(key)" },
      presignedGetURL: { _, _, _ in throw fail("presigned GetObject") })
  }

  /// An in-memory S3: buckets must be created first; keys hold bytes and metadata. Enough for
  /// asset-upload logic ("upload only what is not there yet").
  public static func inMemory() -> S3Client {
    let store = InMemoryS3Store()
    return S3Client(
      putObject: { input in
        try await store.put(input)
      },
      headObject: { bucket, key in try await store.object(bucket, key)?.metadata },
      getObject: { bucket, key in
        guard let object = try await store.object(bucket, key) else {
          throw AWSServiceError(
            service: "s3", operation: "GetObject", code: "NoSuchKey",
            message: "The specified key does not exist.", requestID: nil, statusCode: 404)
        }
        return object
      },
      listObjectsV2: { bucket, prefix, _ in
        ListObjectsPage(objects: try await store.list(bucket, prefix: prefix ?? ""))
      },
      createBucket: { bucket in await store.createBucket(bucket) },
      templateURL: { bucket, key in "https://\(bucket).s3.amazonaws.com/\(key)" },
      presignedGetURL: { bucket, key, _ in
        guard
          let url = URL(string: "https://\(bucket).s3.amazonaws.com/\(key)?X-Amz-Signature=test")
        else { throw AWSClientError.invalidConfiguration("bad key \(key)") }
        return url
      })
  }
}

/// The state behind ``S3Client/inMemory()``.
actor InMemoryS3Store {
  private var buckets: [String: [String: S3ObjectContent]] = [:]

  func createBucket(_ bucket: String) {
    if buckets[bucket] == nil { buckets[bucket] = [:] }
  }

  func put(_ input: PutObjectInput) throws -> PutObjectOutput {
    guard buckets[input.bucket] != nil else { throw Self.noSuchBucket(input.bucket, "PutObject") }
    let eTag = SigV4Signer.hexSHA256(input.body)
    buckets[input.bucket]?[input.key] = S3ObjectContent(
      body: input.body,
      metadata: ObjectMetadata(
        contentLength: input.body.count, eTag: eTag, contentType: input.contentType,
        metadata: input.metadata))
    return PutObjectOutput(eTag: eTag, versionID: nil)
  }

  func object(_ bucket: String, _ key: String) throws -> S3ObjectContent? {
    guard let objects = buckets[bucket] else { throw Self.noSuchBucket(bucket, "HeadObject") }
    return objects[key]
  }

  func list(_ bucket: String, prefix: String) throws -> [S3ObjectSummary] {
    guard let objects = buckets[bucket] else { throw Self.noSuchBucket(bucket, "ListObjectsV2") }
    return objects.keys.sorted().filter { $0.hasPrefix(prefix) }.map {
      S3ObjectSummary(key: $0, size: objects[$0]?.body.count ?? 0, eTag: objects[$0]?.metadata.eTag)
    }
  }

  static func noSuchBucket(_ bucket: String, _ operation: String) -> AWSServiceError {
    AWSServiceError(
      service: "s3", operation: operation, code: "NoSuchBucket",
      message: "The specified bucket does not exist", requestID: nil, statusCode: 404)
  }
}

extension STSClient {
  /// Every call throws ``AWSClientError/unimplemented(_:)``.
  public static var unimplemented: STSClient {
    STSClient(
      assumeRole: { _ in throw AWSClientError.unimplemented("sts AssumeRole") },
      getCallerIdentity: { throw AWSClientError.unimplemented("sts GetCallerIdentity") })
  }
}

extension CloudFormationClient {
  /// The live client answered from recorded responses, for tests that should run the real
  /// request encoding and response decoding with no network: each request takes the next answer
  /// recorded for its `Action` (a query protocol XML body; a status of 400 and up is AWS's
  /// error). An action with no answer left fails with ``AWSClientError/unimplemented(_:)``.
  ///
  /// ```swift
  /// let client = CloudFormationClient.recorded([
  ///   "DetectStackDrift": [.init(detectStackDriftXML)],
  ///   "DescribeStackDriftDetectionStatus": [.init(inProgressXML), .init(completeXML)],
  /// ])
  /// ```
  public static func recorded(_ answers: [String: [RecordedAnswer]]) -> CloudFormationClient {
    let queue = RecordedAnswers(answers)
    let transport = HTTPTransport { request in
      let form = String(decoding: request.body, as: UTF8.self)
      let action =
        form.split(separator: "&").first { $0.hasPrefix("Action=") }.map {
          String($0.dropFirst("Action=".count))
        } ?? "?"
      guard let answer = await queue.next(action) else {
        throw AWSClientError.unimplemented("cloudformation \(action) (no recorded answer left)")
      }
      return HTTPResponse(
        statusCode: answer.status, headers: ["Content-Type": "text/xml"], text: answer.body)
    }
    let sender = SignedRequestSender(
      transport: transport,
      credentials: .fixed(
        AWSCredentials(
          accessKeyID: "AKIDTESTDOUBLE", secretAccessKey: "test", source: "test double")),
      region: "us-east-1",
      endpoints: EndpointResolver(override: nil, environment: AWSEnvironment()),
      retry: .none)
    return .live(sender)
  }
}

/// One recorded answer: an XML body and its HTTP status.
public struct RecordedAnswer: Sendable {
  public var body: String
  public var status: Int

  /// An answer (200 unless given).
  public init(_ body: String, status: Int = 200) {
    self.body = body
    self.status = status
  }
}

/// The answers behind ``CloudFormationClient/recorded(_:)``, taken in order per action.
actor RecordedAnswers {
  private var answers: [String: [RecordedAnswer]]

  init(_ answers: [String: [RecordedAnswer]]) { self.answers = answers }

  func next(_ action: String) -> RecordedAnswer? {
    guard var queue = answers[action], !queue.isEmpty else { return nil }
    let answer = queue.removeFirst()
    answers[action] = queue
    return answer
  }
}
