import Foundation

/// Signs and sends requests to one account and region: finds the service's endpoint, builds the
/// URL, signs with SigV4 (again on every attempt, so the timestamp stays fresh), retries what
/// is retryable and turns error responses into ``AWSServiceError``.
///
/// The typed clients (``CloudFormationClient``, ``S3Client``, ``STSClient``) are built on it; it
/// is public so that a call they do not cover yet can be made the same way.
public struct SignedRequestSender: Sendable {
  /// The transport.
  public var transport: HTTPTransport
  /// The credentials.
  public var credentials: CredentialsProvider
  /// The region (credential scope and default endpoints).
  public var region: String
  /// Where each service lives.
  public var endpoints: EndpointResolver
  /// Retries.
  public var retry: RetryPolicy
  /// The clock used for signatures.
  public var now: @Sendable () -> Date
  /// Receives one line per attempt (method, service, operation, status, duration); never
  /// headers, bodies or credentials.
  public var log: @Sendable (String) -> Void
  /// The correction for a skewed local clock, shared by copies of this sender.
  public var clockSkew: ClockSkew
  /// False for the calls AWS takes without a signature (STS `AssumeRoleWithWebIdentity`, the
  /// SSO portal, SSO-OIDC): they are sent with no `Authorization` header and need no
  /// credentials, as botocore's `UNSIGNED` clients.
  public var signsRequests = true

  /// Creates a sender.
  public init(
    transport: HTTPTransport, credentials: CredentialsProvider, region: String,
    endpoints: EndpointResolver, retry: RetryPolicy = .standard,
    now: @escaping @Sendable () -> Date = { Date() },
    log: @escaping @Sendable (String) -> Void = { _ in }, clockSkew: ClockSkew = ClockSkew()
  ) {
    self.clockSkew = clockSkew
    self.transport = transport
    self.credentials = credentials
    self.region = region
    self.endpoints = endpoints
    self.retry = retry
    self.now = now
    self.log = log
  }

  /// This sender with signing turned off, for the calls AWS takes unsigned.
  public func unsigned() -> SignedRequestSender {
    var copy = self
    copy.signsRequests = false
    return copy
  }

  /// This sender for another region (the SSO calls go to the `sso_region`).
  public func inRegion(_ region: String) -> SignedRequestSender {
    var copy = self
    copy.region = region
    return copy
  }

  /// One REST request to `service`. `path` is the decoded path below the endpoint's own path;
  /// `query` is decoded. Returns any 2xx response; throws ``AWSServiceError`` for the others.
  public func send(
    _ service: AWSService, operation: String, method: String, path: String,
    query: [(name: String, value: String)] = [], headers: [HTTPHeader] = [], body: Data = Data(),
    endpoint: ResolvedEndpoint? = nil
  ) async throws -> HTTPResponse {
    let signingRegion = service.globalRegion ?? region
    let resolved = try endpoint ?? endpoints.endpoint(for: service, region: region)
    let target = try RequestTarget(endpoint: resolved.url, path: path, query: query)
    let signingRequestHeaders =
      [(name: "Host", value: target.hostHeader)]
      + headers.map { (name: $0.name, value: $0.value) }
    @Sendable func run() async throws -> HTTPResponse {
      try await retry.run {
        try await attempt(
          service: service, operation: operation, method: method, target: target, query: query,
          headers: headers, body: body, signingRegion: signingRegion,
          signingHeaders: signingRequestHeaders)
      }
    }
    do {
      do {
        return try await run()
      } catch is SkewedSignature {
        // The clock offset was corrected: one more round, signed with the server's time.
        log(
          "\(method) \(service) \(operation): clock skew of \(Int(await clockSkew.offset))s corrected"
        )
        do {
          return try await run()
        } catch let again as SkewedSignature {
          throw again.error
        }
      }
    } catch let error as SkewedSignature {
      throw error.error
    } catch let error as HTTPTransportError {
      throw AWSClientError.transport(
        "cannot reach \(service) at \(resolved.url.absoluteString) (\(operation), "
          + "\(retry.maxAttempts) attempts): \(error.message)")
    }
  }

  private func attempt(
    service: AWSService, operation: String, method: String, target: RequestTarget,
    query: [(name: String, value: String)], headers: [HTTPHeader], body: Data,
    signingRegion: String, signingHeaders signingRequestHeaders: [(name: String, value: String)]
  ) async throws -> HTTPResponse {
    var signatureHeaders: [HTTPHeader] = []
    if signsRequests {
      let signer = SigV4Signer(
        credentials: try await credentials.credentials(), region: signingRegion,
        service: service.signingName, options: service.signingOptions)
      let signature = signer.signHeaders(
        SigningRequest(
          method: method, path: target.decodedPath, query: query, headers: signingRequestHeaders,
          body: body),
        date: now().addingTimeInterval(await clockSkew.offset))
      signatureHeaders = signature.headersToAdd.map { HTTPHeader($0.name, $0.value) }
    }
    let request = HTTPRequest(
      method: method, url: target.url,
      headers: [HTTPHeader("Host", target.hostHeader)] + headers + signatureHeaders, body: body)
    let started = Date()
    let response: HTTPResponse
    do {
      response = try await transport.send(request)
    } catch let error as HTTPTransportError {
      log("\(method) \(service) \(operation): \(error.message)")
      throw error
    }
    let elapsed = String(format: "%.2f", Date().timeIntervalSince(started))
    log("\(method) \(service) \(operation) -> \(response.statusCode) (\(elapsed)s)")
    guard (200...299).contains(response.statusCode) else {
      let error = ErrorResponseParser.serviceError(
        service: service.signingName, operation: operation, response: response)
      if ClockSkew.mayBeSkew(error),
        await clockSkew.adjust(serverDate: response.header("date"), localNow: now())
      {
        throw SkewedSignature(error: error)
      }
      throw error
    }
    return response
  }

  /// A presigned URL for `method` on `path`, valid for `expires` seconds (S3 signs it with
  /// `UNSIGNED-PAYLOAD`, as its presigned URLs must).
  public func presignedURL(
    _ service: AWSService, method: String, path: String,
    query: [(name: String, value: String)] = [], expires: Int, endpoint: ResolvedEndpoint? = nil
  ) async throws -> URL {
    let resolved = try endpoint ?? endpoints.endpoint(for: service, region: region)
    let target = try RequestTarget(endpoint: resolved.url, path: path, query: query)
    var options = service.signingOptions
    options.addContentSHA256Header = false
    options.unsignedPayload = service.signingName == "s3"
    let signer = SigV4Signer(
      credentials: try await credentials.credentials(),
      region: service.globalRegion ?? region, service: service.signingName, options: options)
    let signature = signer.presign(
      SigningRequest(
        method: method, path: target.decodedPath, query: query,
        headers: [("Host", target.hostHeader)]),
      date: now(), expires: expires)
    let added = signature.encodedQueryToAdd.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    let text = target.url.absoluteString + (query.isEmpty ? "?" : "&") + added
    guard let url = URL(string: text) else {
      throw AWSClientError.invalidConfiguration("cannot build a presigned url from \(text)")
    }
    return url
  }

  /// One Query protocol call: POSTs the form parameters and returns the `<ActionResult>`
  /// element of the response (or the root when there is none, as for `DeleteStack`).
  public func query(_ service: AWSService, _ parameters: QueryParameters) async throws -> XMLTree {
    let action = parameters["Action"] ?? "unknown"
    let response = try await send(
      service, operation: action, method: "POST", path: "/",
      headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
      body: Data(parameters.encodedBody.utf8))
    let root: XMLTree
    do {
      root = try XMLTree.parse(response.body)
    } catch {
      throw AWSClientError.malformedResponse(operation: action, reason: "\(error)")
    }
    return root.child("\(action)Result") ?? root
  }
}

extension SignedRequestSender {
  /// One JSON protocol call (DynamoDB, CloudWatch Logs, Step Functions): POSTs `body` with
  /// `X-Amz-Target: <prefix>.<operation>` and returns the answer's JSON object.
  public func json(_ service: AWSService, operation: String, body: [String: any Sendable])
    async throws -> [String: Any]
  {
    guard let (prefix, version) = service.jsonProtocol else {
      throw AWSClientError.invalidConfiguration("\(service) does not speak the JSON protocol")
    }
    let data: Data
    do {
      data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
    } catch {
      throw AWSClientError.invalidConfiguration("\(operation): the request is not JSON: \(error)")
    }
    let response = try await send(
      service, operation: operation, method: "POST", path: "/",
      headers: [
        HTTPHeader("Content-Type", "application/x-amz-json-\(version)"),
        HTTPHeader("X-Amz-Target", "\(prefix).\(operation)"),
      ], body: data)
    if response.body.isEmpty { return [:] }
    guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any]
    else {
      throw AWSClientError.malformedResponse(operation: operation, reason: "the answer is not JSON")
    }
    return object
  }
}

/// The URL, `Host` header and decoded path of one request.
struct RequestTarget {
  let url: URL
  let hostHeader: String
  let decodedPath: String

  init(endpoint: URL, path: String, query: [(name: String, value: String)]) throws {
    guard let scheme = endpoint.scheme, let host = endpoint.host else {
      throw AWSClientError.invalidConfiguration("endpoint \(endpoint) has no scheme or host")
    }
    let defaultPort = scheme == "https" ? 443 : 80
    let port = endpoint.port.flatMap { $0 == defaultPort ? nil : $0 }
    hostHeader = port.map { "\(host):\($0)" } ?? host
    var basePath = PercentEncoding.decode(endpoint.path)
    while basePath.hasSuffix("/") { basePath.removeLast() }
    let fullPath = basePath + (path.hasPrefix("/") ? path : "/" + path)
    decodedPath = fullPath
    var text = "\(scheme)://\(hostHeader)" + PercentEncoding.encode(fullPath, keepingSlash: true)
    if !query.isEmpty {
      text +=
        "?"
        + query.map {
          PercentEncoding.encode($0.name) + "=" + PercentEncoding.encode($0.value)
        }.joined(separator: "&")
    }
    guard let url = URL(string: text) else {
      throw AWSClientError.invalidConfiguration("cannot build a url from \(text)")
    }
    self.url = url
  }
}

/// An answer that rejected the signature's time, after which the clock offset was corrected.
struct SkewedSignature: Error {
  let error: AWSServiceError
}
