import Foundation

extension S3Client {
  /// The client that calls S3's REST API through `sender`.
  public static func live(_ sender: SignedRequestSender) -> S3Client {
    let service = AWSService.s3
    @Sendable func addressing() throws -> S3Addressing {
      S3Addressing(endpoint: try sender.endpoints.endpoint(for: service, region: sender.region))
    }
    return S3Client(
      putObject: { input in
        let target = try addressing().target(bucket: input.bucket, key: input.key)
        var headers: [HTTPHeader] = []
        if let contentType = input.contentType {
          headers.append(HTTPHeader("Content-Type", contentType))
        }
        if let encryption = input.serverSideEncryption {
          headers.append(HTTPHeader("x-amz-server-side-encryption", encryption))
        }
        for name in input.metadata.keys.sorted() {
          headers.append(HTTPHeader("x-amz-meta-\(name)", input.metadata[name] ?? ""))
        }
        let response = try await sender.send(
          service, operation: "PutObject", method: "PUT", path: target.path, headers: headers,
          body: input.body, endpoint: target.endpoint)
        return PutObjectOutput(
          eTag: response.header("etag").map(ObjectMetadata.unquote),
          versionID: response.header("x-amz-version-id"))
      },
      headObject: { bucket, key in
        let target = try addressing().target(bucket: bucket, key: key)
        do {
          let response = try await sender.send(
            service, operation: "HeadObject", method: "HEAD", path: target.path,
            endpoint: target.endpoint)
          return ObjectMetadata(headers: response)
        } catch let error as AWSServiceError where error.statusCode == 404 {
          return nil
        }
      },
      getObject: { bucket, key in
        let target = try addressing().target(bucket: bucket, key: key)
        let response = try await sender.send(
          service, operation: "GetObject", method: "GET", path: target.path,
          endpoint: target.endpoint)
        return S3ObjectContent(body: response.body, metadata: ObjectMetadata(headers: response))
      },
      listObjectsV2: { bucket, prefix, continuationToken in
        let target = try addressing().target(bucket: bucket, key: "")
        var query: [(name: String, value: String)] = [("list-type", "2")]
        if let prefix { query.append(("prefix", prefix)) }
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        let response = try await sender.send(
          service, operation: "ListObjectsV2", method: "GET", path: target.path, query: query,
          endpoint: target.endpoint)
        return try S3Decoding.listObjects(response.body)
      },
      createBucket: { bucket in
        let target = try addressing().target(bucket: bucket, key: "")
        var body = Data()
        if sender.region != "us-east-1" {
          body = Data(
            ("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
              + "<LocationConstraint>\(sender.region)</LocationConstraint>"
              + "</CreateBucketConfiguration>").utf8)
        }
        _ = try await sender.send(
          service, operation: "CreateBucket", method: "PUT", path: target.path, body: body,
          endpoint: target.endpoint)
      },
      templateURL: { bucket, key in
        let addressing = try addressing()
        guard !addressing.endpoint.isCustom else {
          let domain = sender.region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
          return "https://s3.\(sender.region).\(domain)"
            + PercentEncoding.encode("/\(bucket)/\(key)", keepingSlash: true)
        }
        let target = try addressing.target(bucket: bucket, key: key)
        var base = target.endpoint.url.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return base + PercentEncoding.encode(target.path, keepingSlash: true)
      },
      presignedGetURL: { bucket, key, expires in
        let target = try addressing().target(bucket: bucket, key: key)
        return try await sender.presignedURL(
          service, method: "GET", path: target.path, expires: expires, endpoint: target.endpoint)
      }
    )
  }
}

/// Reads S3's XML answers.
enum S3Decoding {
  static func listObjects(_ body: Data) throws -> ListObjectsPage {
    let root: XMLTree
    do {
      root = try XMLTree.parse(body)
    } catch {
      throw AWSClientError.malformedResponse(operation: "ListObjectsV2", reason: "\(error)")
    }
    let objects = root.children("Contents").map {
      S3ObjectSummary(
        key: $0.string("Key") ?? "", size: $0.int("Size") ?? 0,
        eTag: $0.string("ETag").map(ObjectMetadata.unquote), lastModified: $0.date("LastModified"))
    }
    let truncated = root.bool("IsTruncated") ?? false
    let token = root.string("NextContinuationToken").flatMap { $0.isEmpty ? nil : $0 }
    return ListObjectsPage(objects: objects, nextContinuationToken: truncated ? token : nil)
  }
}
